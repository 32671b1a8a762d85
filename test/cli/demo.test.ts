import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect } from "chai";
import type { DemoTurn } from "../../src/cli/demo/format-demo-trace.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

async function demo(args: string[]) {
  const { stdout, stderr } = await run(
    process.execPath,
    ["--import", import.meta.resolve("tsx"), join(ROOT, "src/cli/bin.ts"), "demo", ...args],
    {
      env: { PATH: process.env.PATH ?? "" },
    },
  );
  return { stdout, stderr };
}

describe("llm-runtime demo", function () {
  this.timeout(60_000);

  it("finishes the tool loop after a 429 and a 503, retrying and falling back across providers (--json)", async () => {
    const { stdout, stderr } = await demo(["--json"]);
    expect(stderr).to.equal("");
    const trace = JSON.parse(stdout) as { simulated: boolean; turns: DemoTurn[] };
    expect(trace.simulated).to.equal(true);
    const [first, second, last] = trace.turns;
    expect(first.answeredBy.provider).to.equal("openai");
    expect(first.toolCalls[0]).to.include({ name: "convert_units", result: "42.165 km" });
    expect(
      second.attempts.map((record) => [
        record.provider,
        record.errorClass ?? "success",
        record.decision ?? "",
      ]),
    ).to.deep.equal([
      ["openai", "RateLimitError", "retry"],
      ["openai", "ProviderUnavailableError", "retry"],
      ["openai", "ProviderUnavailableError", "fallback"],
      ["anthropic", "success", ""],
    ]);
    expect(second.attempts[0].delayMs).to.equal(300);
    expect(second.toolCalls[0]).to.include({ result: "42165 m" });
    expect(last.answeredBy.provider).to.equal("google");
    expect(last.content).to.equal("A 26.2-mile marathon is 42.165 km, which is 42165 m.");
    expect(trace.turns).to.have.length(3);
  });

  it("says plainly that the providers are simulated, and prints each decision and the answer", async () => {
    const { stdout } = await demo([]);
    expect(stdout).to.match(/^llm-runtime demo: the providers are SIMULATED/);
    expect(stdout).to.include("RateLimitError (HTTP 429) -> retry in 300 ms");
    expect(stdout).to.include("-> fall back to the next provider");
    expect(stdout).to.include("answer (google gemini-2.5-flash): A 26.2-mile marathon is 42.165 km");
    expect(stdout).not.to.include("\u001b["); // no colour when stdout is not a terminal
  });
});
