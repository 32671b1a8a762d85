import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect } from "chai";
import { cli, ROOT } from "./run-cli.js";

const run = promisify(execFile);
const CANARY = "sk-canary-cli-0123456789abcdef";
/** The config's `${OPENAI_API_KEY}` reference, taken from the environment at load. */
const KEY_FROM_ENV = `\${OPENAI_API_KEY}`;

async function scriptedConfig(extra: Record<string, unknown> = {}) {
  const dir = await mkdtemp(join(tmpdir(), "llm-runtime-cli-"));
  const path = join(dir, "llm.config.json");
  await writeFile(
    path,
    JSON.stringify({
      plugins: ["scripted"],
      providers: {
        mock: {
          type: "scripted",
          rules: [
            {
              match: { contains: "weather" },
              reply: { toolCalls: [{ id: "call_1", name: "get_weather", arguments: { city: "Oslo" } }] },
            },
            { match: { contains: "fail" }, error: { kind: "provider_unavailable", status: 503 } },
            { reply: { text: "Hello from the scripted provider" } },
          ],
        },
      },
      clients: { default: { provider: "mock", model: "scripted-1", params: { temperature: 0.2 } } },
      ...extra,
    }),
  );
  return { dir, path };
}

describe("the llm-runtime command", function () {
  this.timeout(30_000);

  it("prints the reply of chat and exits 0", async () => {
    const { path } = await scriptedConfig();
    const result = await cli(["chat", "--config", path, "Say hello"]);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal("Hello from the scripted provider\n");
  });

  it("prints the tool calls of a chat reply", async () => {
    const { path } = await scriptedConfig();
    const result = await cli(["chat", "--no-stream", "--config", path, "What is the weather?"]);
    expect(result.code).to.equal(0);
    expect(result.stdout).to.equal('tool call get_weather({"city":"Oslo"}) [call_1]\n');
  });

  it("exits 1 with one clear line when the request fails", async () => {
    const { path } = await scriptedConfig();
    const result = await cli(["chat", "--config", path, "please fail"]);
    expect(result.code).to.equal(1);
    expect(result.stderr).to.match(/^error: \[mock scripted-1\] scripted provider_unavailable \(HTTP 503\)/);
    expect(result.stderr).not.to.match(/\n\s+at /);
  });

  it("finds llm.config.json in the working folder without --config", async () => {
    const { dir } = await scriptedConfig();
    const result = await cli(["chat", "hi"], {}, dir);
    expect(result.stdout).to.equal("Hello from the scripted provider\n");
  });

  it("prints each client's chain with secrets masked on config check", async () => {
    const { path } = await scriptedConfig();
    const result = await cli(["config", "check", "--config", path], { OPENAI_API_KEY: CANARY });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include('primary   mock scripted-1 {"temperature":0.2}');
    expect(result.stdout).to.include("config is valid");
    expect(result.stdout + result.stderr).not.to.include(CANARY);
  });

  it("lists, per target of a chain, the shared params its provider leaves out on config check", async () => {
    const { path } = await scriptedConfig({
      plugins: ["openai", "anthropic", "google", "fallback"],
      providers: {
        openai: { type: "openai", apiKey: KEY_FROM_ENV },
        anthropic: { type: "anthropic", apiKey: KEY_FROM_ENV },
        google: { type: "google", apiKey: KEY_FROM_ENV },
      },
      clients: {
        default: {
          model: "gpt-4o",
          params: { temperature: 0.2, seed: 7, store: true, reasoning_effort: "low" },
          fallbacks: [{ model: "claude-sonnet-4-6" }, { model: "gemini-2.5-flash" }],
        },
      },
    });
    const result = await cli(["config", "check", "--config", path], { OPENAI_API_KEY: CANARY });
    expect(result.code, result.stderr).to.equal(0);
    const lines = result.stdout.split("\n");
    const lineAfter = (prefix: string) => lines[lines.findIndex((line) => line.includes(prefix)) + 1];
    expect(lineAfter("primary   openai gpt-4o")).to.include(
      "leaves out (not supported there): reasoning_effort",
    );
    expect(lineAfter("fallback 1  anthropic claude-sonnet-4-6")).to.include(": temperature, seed, store");
    expect(lineAfter("fallback 2  google gemini-2.5-flash")).to.include(": store");
    expect(result.stdout + result.stderr).not.to.include(CANARY);
  });

  it("exits 2 naming the file and pointer for an invalid config, with no stack trace", async () => {
    const { path } = await scriptedConfig({ clients: { default: { provider: "nowhere", model: "m" } } });
    const result = await cli(["config", "check", "--config", path]);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.include(path);
    expect(result.stderr).to.include("/clients/default");
    expect(result.stderr).to.include("fix:");
    expect(result.stderr).not.to.match(/\n\s+at /);
  });

  it("exits 2 with usage help for a wrong command line", async () => {
    for (const args of [
      ["frobnicate"],
      ["chat"],
      ["chat", "--bogus", "x"],
      ["config", "nope"],
      [],
      ["config"],
    ]) {
      const result = await cli(args);
      expect(result.code, args.join(" ")).to.equal(2);
    }
  });

  it("answers an unknown or incomplete option with one line of its own, naming the command's help", async () => {
    const cases: Array<[string[], string]> = [
      [["chat", "--bogus", "x"], "error: chat has no option --bogus (see llm-runtime chat --help)\n"],
      [["chat", "x", "--client"], "error: --client needs a value (see llm-runtime chat --help)\n"],
      [
        ["config", "check", "--frob"],
        "error: config check has no option --frob (see llm-runtime config check --help)\n",
      ],
      [["demo", "--fast"], "error: demo has no option --fast (see llm-runtime demo --help)\n"],
      [["serve", "--bogus"], "error: serve has no option --bogus (see llm-runtime serve --help)\n"],
      [
        ["serve", "--port", "x"],
        'error: --port takes a port number from 0 to 65535, not "x" (see llm-runtime serve --help)\n',
      ],
      [["config", "nope"], 'error: config has no subcommand "nope" (see llm-runtime config --help)\n'],
    ];
    for (const [args, line] of cases) {
      const result = await cli(args);
      expect(result.code, args.join(" ")).to.equal(2);
      expect(result.stderr, args.join(" ")).to.equal(line);
    }
  });

  it("shows help on every command", async () => {
    for (const args of [
      ["--help"],
      ["chat", "--help"],
      ["config", "--help"],
      ["config", "check", "--help"],
    ]) {
      const result = await cli(args);
      expect(result.code).to.equal(0);
      expect(result.stdout).to.match(/^Usage: llm-runtime/);
    }
  });

  it("runs from the bin that npm install links (the built dist/)", async () => {
    const { stdout } = await run(process.execPath, [join(ROOT, "bin/llm-runtime.js"), "--version"]);
    expect(stdout.trim()).to.match(/^\d+\.\d+\.\d+$/);
  });
});
