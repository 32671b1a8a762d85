/** What the CLI talks to; injected so tests can run it in-process or as a child process alike. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  /** Where `chat` reads its prompt when none is given; absent or a terminal means "no prompt". */
  stdin?: AsyncIterable<string | Uint8Array> & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
}

/** Exit codes: 0 success, 1 the request failed at run time, 2 usage or config error. */
export const EXIT = { ok: 0, runtimeError: 1, usageError: 2 } as const;

/** A wrong command line; `main` prints it as one line that points at the right help. */
export class UsageError extends Error {
  /** The command whose help explains the fix (`llm-runtime chat --help`). */
  readonly helpCommand: string;

  constructor(message: string, helpCommand = "llm-runtime --help") {
    super(message);
    this.helpCommand = helpCommand;
  }
}
