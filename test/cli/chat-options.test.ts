import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { cli } from "./run-cli.js";

/** A config of two scripted providers: `mock` (the primary) and `backup`, with retry and fallback. */
function twoProviderConfig(mockRules: unknown[]) {
  return {
    plugins: ["scripted", { use: "retry", options: { initialDelayMs: 5, jitter: 0 } }, "fallback"],
    providers: {
      mock: { type: "scripted", rules: mockRules },
      backup: {
        type: "scripted",
        rules: [
          { match: { model: "backup-2" }, reply: { text: "backup-2 answered" } },
          { reply: { text: "the backup answered" } },
        ],
      },
    },
    clients: {
      default: {
        provider: "mock",
        model: "scripted-1",
        params: { temperature: 0.2 },
        fallbacks: [{ provider: "backup", model: "backup-1" }],
      },
    },
  };
}

const REPLIES = [
  { match: { contains: "flaky" }, error: { kind: "rate_limit", status: 429 }, times: 1 },
  { match: { contains: "broken" }, error: { kind: "provider_unavailable", status: 503 } },
  { match: { model: "scripted-2" }, reply: { text: "scripted-2 answered" } },
  { reply: { text: "Hello from the scripted provider" } },
];

describe("llm-runtime chat options", function () {
  this.timeout(30_000);
  let folder: string;
  let configPath: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), "llm-runtime-cli-chat-"));
    configPath = join(folder, "llm.config.json");
    await writeFile(configPath, JSON.stringify(twoProviderConfig(REPLIES)));
  });

  afterEach(() => rm(folder, { recursive: true, force: true }));

  const chat = (args: string[], input = "") =>
    cli(["chat", "--config", configPath, ...args], {}, folder, input);

  it("prints each attempt and who answered with --verbose, on stderr", async () => {
    const result = await chat(["--verbose", "a flaky question"]);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.equal("Hello from the scripted provider\n");
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).to.have.length(3);
    expect(lines[0]).to.match(
      /^attempt 1: mock scripted-1, error rate_limit \(HTTP 429\), retry in 5 ms \[\d+ ms\]$/,
    );
    expect(lines[1]).to.match(/^attempt 2: mock scripted-1, success \[\d+ ms\]$/);
    expect(lines[2]).to.equal("answered by mock scripted-1");
  });

  it("prints a fallback's warning as a readable line, and the fallback with --verbose", async () => {
    const result = await chat(["--verbose", "--no-stream", "a broken question"]);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.equal("the backup answered\n");
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines[0]).to.equal(
      "warning [fallback]: falling back to the next target (client default, provider mock, model scripted-1, errorCode provider_unavailable, status 503, nextProvider backup, nextModel backup-1)",
    );
    expect(lines.slice(1, 4).join("\n")).to.match(
      new RegExp(
        [
          "^attempt 1: mock scripted-1, error provider_unavailable \\(HTTP 503\\), retry in 5 ms \\[\\d+ ms\\]",
          "attempt 2: mock scripted-1, error provider_unavailable \\(HTTP 503\\), fall back to the next target \\[\\d+ ms\\]",
          "attempt 3: backup backup-1, success \\[\\d+ ms\\]$",
        ].join("\n"),
      ),
    );
    expect(lines[4]).to.equal("answered by backup backup-1");
    expect(result.stderr).not.to.include("{");
  });

  it("prints the attempts of a request that failed with --verbose, then the error", async () => {
    const config = twoProviderConfig(REPLIES);
    // No retry, no fallback: the one target's failure ends the request.
    const { fallbacks: _unused, ...primary } = config.clients.default;
    await writeFile(
      configPath,
      JSON.stringify({ ...config, plugins: ["scripted"], clients: { default: primary } }),
    );
    const result = await chat(["--verbose", "a broken question"]);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(
      /^attempt 1: mock scripted-1, error provider_unavailable \(HTTP 503\), give up \[\d+ ms\]\nno answer\nerror: \[mock scripted-1\]/,
    );
  });

  it("prints the LLMOutput as JSON with --json", async () => {
    const result = await chat(["--json", "a flaky question"]);
    expect(result.code, result.stderr).to.equal(0);
    const output = JSON.parse(result.stdout);
    expect(output).to.include({
      content: "Hello from the scripted provider",
      provider: "mock",
      model: "scripted-1",
      finishReason: "stop",
    });
    expect(output.usage).to.have.property("totalTokens").that.is.a("number");
    expect(output.attempts.map((attempt: { outcome: string }) => attempt.outcome)).to.deep.equal([
      "error",
      "success",
    ]);
  });

  it("reads the prompt from stdin when none is given", async () => {
    const piped = await chat(["--json"], "a broken question\n");
    expect(piped.code, piped.stderr).to.equal(0);
    expect(JSON.parse(piped.stdout).content).to.equal("the backup answered");
    const empty = await chat([], "  \n");
    expect(empty.code).to.equal(2);
    expect(empty.stderr).to.equal("error: no prompt: stdin was empty (see llm-runtime chat --help)\n");
  });

  it("sends the primary's requests to the model given by --model; the fallbacks keep theirs", async () => {
    const primary = await chat(["--model", "scripted-2", "--verbose", "hi"]);
    expect(primary.code, primary.stderr).to.equal(0);
    expect(primary.stdout).to.equal("scripted-2 answered\n");
    expect(primary.stderr).to.include("answered by mock scripted-2\n");
    const fallback = await chat(["--model", "scripted-2", "--verbose", "a broken question"]);
    expect(fallback.stdout).to.equal("the backup answered\n");
    expect(fallback.stderr).to.include("attempt 2: mock scripted-2, error provider_unavailable");
    expect(fallback.stderr).to.include("answered by backup backup-1\n");
  });

  it("refuses an empty --model and a --client that the config does not have, exit 2", async () => {
    const empty = await chat(["--model", " ", "hi"]);
    expect(empty.code).to.equal(2);
    expect(empty.stderr).to.match(/^error: the model given for client "default" is empty/);
    const unknown = await chat(["--client", "nobody", "--model", "m", "hi"]);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.match(/^error: .*no client named "nobody"/);
  });

  it("refuses a --param that is not name=value, exit 2, quoting it", async () => {
    for (const param of ["temperature", "=1", "__proto__={}", "a-b=1"]) {
      const result = await chat(["--param", param, "hi"]);
      expect(result.code, param).to.equal(2);
      expect(result.stderr, param).to.equal(
        `error: --param ${JSON.stringify(param)} is not of the form name=value (e.g. --param temperature=0.2) (see llm-runtime chat --help)\n`,
      );
    }
  });
});
