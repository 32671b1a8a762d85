/** What the CLI talks to; injected so tests can run it in-process or as a child process alike. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  cwd: string;
}

/** Exit codes: 0 success, 1 the request failed at run time, 2 usage or config error. */
export const EXIT = { ok: 0, runtimeError: 1, usageError: 2 } as const;

export class UsageError extends Error {}
