import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Runs `script` again in a fresh process for one case (BENCH_CASE), with this process's node flags
 * (`--expose-gc`), and returns what it reported. A process per case keeps each case's JIT state its
 * own: a call site the runtime shares between providers stays as monomorphic as in an application
 * that uses one provider, and the raw side gets the same treatment.
 */
export function runCaseProcess(script: string, caseName: string): unknown {
  const scratch = mkdtempSync(join(tmpdir(), "llm-bench-case-"));
  const out = join(scratch, "case.json");
  try {
    const result = spawnSync(process.execPath, [...process.execArgv, script], {
      env: { ...process.env, BENCH_CASE: caseName, BENCH_OUT: out },
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (result.status !== 0)
      return { case: caseName, error: `exited with ${result.status ?? result.signal}` };
    return JSON.parse(readFileSync(out, "utf8"));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
