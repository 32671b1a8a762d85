import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
// An absolute loader URL, so the CLI also starts from a working folder outside the project.
const TSX = import.meta.resolve("tsx");

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from source as a child process in `cwd`, with only PATH and `env` set. */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliOutcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", TSX, join(ROOT, "src/cli/bin.ts"), ...args],
      { cwd, env: { PATH: process.env.PATH ?? "", ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
