export const MAIN_HELP = `Usage: llm-runtime <command> [options]

One interface to OpenAI, Gemini, Anthropic and OpenAI-compatible servers.

Commands:
  chat [options] "prompt"   Send one prompt through a client of the config and print the reply
  config check [options]    Validate a config and print each client's chain, secrets masked

Options:
  -h, --help                Show help (also after a command: llm-runtime chat --help)
  -v, --version             Print the version

Exit codes: 0 success, 1 the request failed, 2 usage or config error.
`;

export const CHAT_HELP = `Usage: llm-runtime chat [--client NAME] [--config PATH] [--system TEXT] [--no-stream] "prompt"

Sends the prompt to the client (default "default") and prints the reply as it arrives, then any
tool calls the model asked for. The config is found as described in the README unless --config names it.

Options:
  --client NAME     Client of the config to use (default: default)
  --config PATH     Config file (JSON, YAML, or a JS module given explicitly)
  --system TEXT     A system message to send before the prompt
  --no-stream       Wait for the whole reply before printing it
  -h, --help        Show this help
`;

export const CONFIG_CHECK_HELP = `Usage: llm-runtime config check [--config PATH]

Validates the config (schema, plugins and their options, providers, API keys) and prints each
client's chain of provider, model and params. Secrets are masked.

Options:
  --config PATH     Config file (JSON, YAML, or a JS module given explicitly)
  -h, --help        Show this help
`;
