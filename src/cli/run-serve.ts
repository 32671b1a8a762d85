import { createRuntime } from "../kernel/create-runtime.js";
import { type CliIo, EXIT, UsageError } from "./cli-io.js";
import { SERVE_HELP } from "./help-texts.js";
import { parseCommandArgs } from "./parse-command-args.js";

/** What stops the server: SIGTERM (an orchestrator) or SIGINT (Ctrl-C). */
export interface ShutdownSignals {
  once(signal: "SIGTERM" | "SIGINT", listener: () => void): unknown;
  off(signal: "SIGTERM" | "SIGINT", listener: () => void): unknown;
}

const SERVE_HELP_COMMAND = "llm-runtime serve --help";

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535)
    throw new UsageError(`--port takes a port number from 0 to 65535, not "${text}"`, SERVE_HELP_COMMAND);
  return port;
}

/**
 * `llm-runtime serve`: the OpenAI-compatible gateway over the config's clients, until SIGTERM or
 * SIGINT; then it stops accepting, drains what is in flight (server.drainTimeoutMs) and exits 0.
 */
export async function runServe(
  args: string[],
  io: CliIo,
  signals: ShutdownSignals = process,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "serve",
    args,
    {
      config: { type: "string" },
      port: { type: "string", default: "4000" },
      host: { type: "string", default: "127.0.0.1" },
      help: { type: "boolean", short: "h", default: false },
    },
    true,
  );
  if (values.help) {
    io.stdout.write(SERVE_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(
      `serve takes no arguments, only options (got "${positionals[0]}")`,
      SERVE_HELP_COMMAND,
    );
  const port = parsePort(values.port);
  const runtime = await createRuntime({ configPath: values.config, cwd: io.cwd, env: io.env });
  try {
    // Loaded here, so the other commands never load fastify.
    const { createServer } = await import("../server/index.js");
    const server = createServer(runtime);
    const url = await server.listen({ port, host: values.host });
    io.stdout.write(
      `llm-runtime gateway listening on ${url} (clients: ${runtime.clientNames().join(", ")})\n`,
    );
    let stop: () => void = () => undefined;
    const stopped = new Promise<string>((resolve) => {
      const onTerm = () => resolve("SIGTERM");
      const onInt = () => resolve("SIGINT");
      signals.once("SIGTERM", onTerm);
      signals.once("SIGINT", onInt);
      stop = () => {
        signals.off("SIGTERM", onTerm);
        signals.off("SIGINT", onInt);
      };
    });
    const signal = await stopped;
    stop();
    io.stdout.write(`${signal}: no new connections; draining requests in flight\n`);
    await server.close();
    io.stdout.write("drained; exiting\n");
    return EXIT.ok;
  } finally {
    await runtime.close();
  }
}
