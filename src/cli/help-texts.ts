export const MAIN_HELP = `Usage: llm-runtime <command> [options]

One interface to OpenAI, Gemini, Anthropic and OpenAI-compatible servers.

Commands:
  demo [--json]             Run an offline tool-calling conversation against simulated providers
                            that fail in the middle: retry and cross-provider fallback at work
  chat [options] "prompt"   Send one prompt through a client of the config and print the reply
  config check [options]    Validate a config and print each client's chain, secrets masked
                            (llm-runtime config --help)
  serve [options]           Serve the config's clients as an OpenAI-compatible HTTP API

Options:
  -h, --help                Show help (also after a command: llm-runtime chat --help)
  -v, --version             Print the version

Exit codes: 0 success, 1 the request failed, 2 usage or config error.
`;

export const CHAT_HELP = `Usage: llm-runtime chat [options] ["prompt"]

Sends the prompt to the client (default "default") and prints the reply as it arrives, then any
tool calls the model asked for. Without a prompt argument, the prompt is read from stdin
(echo "Hello" | llm-runtime chat). The config is found as described in the README unless --config
names it. Warnings of the runtime (a fallback, ...) are printed on stderr.

Options:
  --client NAME        Client of the config to use (default: default)
  --config PATH        Config file (JSON, YAML, or a JS module given explicitly)
  --system TEXT        A system message to send before the prompt
  --model NAME         Model for the client's primary target instead of the configured one
                       (the target's provider, its params and the fallbacks stay)
  --param NAME=VALUE   A param for this call, over the client's params (repeatable). The value is
                       read as JSON when it is JSON, else as text: --param temperature=0
                       --param max_tokens=200 --param 'response_format={"type":"json_object"}'
  --no-stream          Wait for the whole reply before printing it
  --json               Print the whole LLMOutput as JSON (content, tool calls, usage, attempts)
  --verbose            Also print each attempt (provider, model, outcome, wait) and who answered,
                       on stderr
  -h, --help           Show this help
`;

export const CONFIG_HELP = `Usage: llm-runtime config <subcommand> [options]

Subcommands:
  check [--config PATH] [--json]   Validate a config and print each client's chain, secrets masked

Run "llm-runtime config check --help" for its options.
`;

export const CONFIG_CHECK_HELP = `Usage: llm-runtime config check [--config PATH] [--json]

Validates the config (schema, plugins and their options, providers, API keys) and prints each
client's chain of provider, model and params. Secrets are masked.

Options:
  --config PATH     Config file (JSON, YAML, or a JS module given explicitly)
  --json            Print the resolved config (plugins, providers, each client's chain) as JSON
  -h, --help        Show this help
`;

export const DEMO_HELP = `Usage: llm-runtime demo [--json]

Runs the application's use case offline: a tool-calling conversation (a unit converter, executed
for real) through the real OpenAI, Anthropic and Gemini SDKs against simulated providers on
127.0.0.1. OpenAI rate-limits and then fails in the middle of the loop; the runtime retries, falls
back to the next provider and finishes. Each attempt and decision is printed as it happens.

Options:
  --json            Print the whole trace as JSON instead
  -h, --help        Show this help
`;

export const SERVE_HELP = `Usage: llm-runtime serve [--config PATH] [--port 4000] [--host 127.0.0.1]

Serves the config's clients as an OpenAI-compatible API: POST /v1/chat/completions (model = a client,
or <client>/<model> to pin one model of its chain), GET /v1/models, /health/live, /health/ready and
/metrics (Prometheus). Callers authenticate with the virtual keys of the config's server.keys; with
none, the gateway listens only on loopback. SIGTERM or Ctrl-C stops accepting connections, lets
requests in flight finish (up to server.drainTimeoutMs), then exits. See docs/gateway.md.

Options:
  --config PATH     Config file (JSON, YAML, or a JS module given explicitly)
  --port N          Port to listen on (default 4000; 0 picks a free one)
  --host ADDRESS    Address to listen on (default 127.0.0.1; 0.0.0.0 needs server.keys)
  -h, --help        Show this help
`;
