import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// An absolute loader URL, so the CLI also starts from a working folder outside the project.
const TSX = import.meta.resolve("tsx");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI from source as a child process, with `input` on its stdin (then closed, as a pipe
 * that ends); resolves with its exit code and output.
 */
export function cli(
  args: string[],
  env: Record<string, string> = {},
  cwd = ROOT,
  input = "",
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ["--import", TSX, join(ROOT, "src/cli/bin.ts"), ...args],
      { cwd, env: { PATH: process.env.PATH ?? "", ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: unknown }).code) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(input);
  });
}
