import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { DEBUG_DUMP_OPTIONS_SCHEMA } from "../../../plugins/debug-dump/index.js";
import { createRuntime, type LLMProviderError } from "../../../src/index.js";
import {
  describeErrorForLeakCheck,
  type FakeServer,
  findSecretLeaks,
  openAIErrorReply,
  startOpenAIFakeServer,
} from "../../../src/testing/index.js";
import { captureLogger } from "../../kernel/runtime-fixture.js";
import { expectSchemaFileMatches } from "../../resilience/check-options-schema.js";
import { rejection } from "../../resilience/expect-failure.js";

const CANARY_KEY = "sk-canary-Dd4Kq9Wm2Lx7Tv3Rb8Nz5";
/** A config value the loader interpolates from `env`, as a real config writes a key. */
const fromEnvironment = (name: string) => `\${${name}}`;
const PROMPT_CANARY = "alice@example.com card 4111 1111 1111 1111";
const TOOLS = [{ type: "function" as const, function: { name: "pay", parameters: { type: "object" } } }];

const history = [
  { role: "system" as const, content: "You are a payments assistant." },
  { role: "user" as const, content: `charge ${PROMPT_CANARY}` },
];

type ProviderRules = Record<string, Array<Record<string, unknown>>>;

/** A runtime over scripted providers alpha -> beta with fallback; debug-dump as given. */
async function scriptedRuntime(
  root: string,
  rules: ProviderRules,
  debugDump?: Record<string, unknown>,
  maxAttemptsPerRequest?: number,
) {
  const { logger, lines } = captureLogger();
  const runtime = await createRuntime({
    config: {
      plugins: ["scripted", "fallback", ...(debugDump ? [{ use: "debug-dump", options: debugDump }] : [])],
      providers: Object.fromEntries(
        Object.entries(rules).map(([name, list]) => [name, { type: "scripted", rules: list }]),
      ),
      clients: {
        default: {
          provider: "alpha",
          model: "alpha-model",
          params: { user: "u-42", temperature: 0.1 },
          fallbacks: [{ provider: "beta", model: "beta-model" }],
        },
      },
    },
    cwd: root,
    env: {},
    logger,
    ...(maxAttemptsPerRequest === undefined ? {} : { maxAttemptsPerRequest }),
  });
  return { runtime, client: runtime.client(), lines };
}

const failingChain: ProviderRules = {
  alpha: [{ error: { kind: "provider_unavailable", status: 503, message: "alpha is down" } }],
  beta: [{ error: { kind: "invalid_request", status: 400, message: "beta refuses" } }],
};

async function dumpFiles(directory: string): Promise<string[]> {
  const names = await readdir(directory).catch(() => [] as string[]);
  return names.map((name) => path.join(directory, name));
}

const dumpLines = (lines: string[]) => lines.filter((line) => line.includes('"request failed: debug dump"'));

describe("debug-dump plugin", function () {
  this.timeout(30_000);
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "llm-debug-dump-"));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("writes one 0600 file and one error log line with the request, chain, attempts and error when a request finally fails", async () => {
    const { runtime, client, lines } = await scriptedRuntime(root, failingChain, {
      directory: "dumps",
      redactPaths: ["request.params.user", "chain.*.params.user"],
    });
    const error = await rejection(client.generateResponse(history, TOOLS));
    await runtime.close();
    const files = await dumpFiles(path.join(root, "dumps"));
    expect(files).to.have.length(1);
    expect(path.basename(files[0])).to.match(/^llm-dump-\d{8}T\d{9}Z-[0-9a-f-]+\.json$/);
    expect((await stat(files[0])).mode & 0o777).to.equal(0o600);
    const dump = JSON.parse(await readFile(files[0], "utf8"));
    expect(dump).to.include({ kind: "llm-runtime.debug-dump", client: "default" });
    expect(dump.chain.map((target: { provider: string }) => target.provider)).to.deep.equal([
      "alpha",
      "beta",
    ]);
    expect(dump.request).to.deep.include({ provider: "beta", model: "beta-model", tools: TOOLS });
    expect(dump.request.params).to.deep.equal({ user: "[REDACTED]", temperature: 0.1 });
    expect(dump.request.messages.map((message: { role: string }) => message.role)).to.deep.equal([
      "system",
      "user",
    ]);
    const trace = dump.attempts.map(
      (attempt: { provider: string; decision: string; error: { class: string } }) => [
        attempt.provider,
        attempt.decision,
        attempt.error.class,
      ],
    );
    expect(trace).to.deep.equal([
      ["alpha", "fallback", "ProviderUnavailableError"],
      ["beta", "fail", "InvalidRequestError"],
    ]);
    expect(dump.error).to.include({ class: "InvalidRequestError", code: "invalid_request", status: 400 });
    expect(dump.error.message).to.include("beta refuses");
    expect(error.name).to.equal("InvalidRequestError");
    const logged = dumpLines(lines);
    expect(logged).to.have.length(1);
    const line = JSON.parse(logged[0]);
    expect(line.level).to.equal(50);
    expect(line.dumpFile).to.equal(files[0]);
    expect(line.debugDump.requestId).to.equal(dump.requestId);
  });

  it("leaves message contents and tool arguments out unless dumpPrompts is true", async () => {
    for (const dumpPrompts of [false, true]) {
      const directory = `dumps-${dumpPrompts}`;
      const { runtime, client, lines } = await scriptedRuntime(root, failingChain, {
        directory,
        dumpPrompts,
      });
      const withToolCall = [
        ...history,
        {
          role: "assistant" as const,
          content: null,
          tool_calls: [
            {
              id: "call_1",
              type: "function" as const,
              function: { name: "pay", arguments: `{"note":"${PROMPT_CANARY}"}` },
            },
          ],
        },
        { role: "tool" as const, tool_call_id: "call_1", content: `paid ${PROMPT_CANARY}` },
      ];
      await rejection(client.generateResponse(withToolCall, TOOLS));
      await runtime.close();
      const [file] = await dumpFiles(path.join(root, directory));
      const texts = [await readFile(file, "utf8"), ...dumpLines(lines)];
      for (const text of texts)
        expect(text.includes("alice@example.com"), `dumpPrompts ${dumpPrompts}`).to.equal(dumpPrompts);
    }
  });

  it("changes neither the thrown error nor a successful result", async () => {
    const without = await scriptedRuntime(root, failingChain);
    const withDump = await scriptedRuntime(root, failingChain, { directory: "dumps" });
    const plain = await rejection(without.client.generateResponse(history));
    const dumped = await rejection(withDump.client.generateResponse(history));
    expect([dumped.name, dumped.code, dumped.message, dumped.status]).to.deep.equal([
      plain.name,
      plain.code,
      plain.message,
      plain.status,
    ]);
    expect(dumped.attempts.map(({ durationMs, startedAt, ...rest }) => rest)).to.deep.equal(
      plain.attempts.map(({ durationMs, startedAt, ...rest }) => rest),
    );
    const answering: ProviderRules = { alpha: failingChain.alpha, beta: [{ reply: { text: "ok" } }] };
    const success = await scriptedRuntime(root, answering, { directory: "success-dumps" });
    const output = await success.client.generateResponse(history);
    expect(output).to.include({ content: "ok", provider: "beta" });
    expect(await dumpFiles(path.join(root, "success-dumps"))).to.deep.equal([]);
    expect(dumpLines(success.lines)).to.deep.equal([]);
    await Promise.all([without.runtime.close(), withDump.runtime.close(), success.runtime.close()]);
  });

  it("dumps a request the kernel ended at its attempt limit, though fallback had decided to go on", async () => {
    const { runtime, client } = await scriptedRuntime(root, failingChain, { directory: "dumps" }, 1);
    try {
      expect((await rejection(client.generateResponse(history))).code).to.equal("provider_unavailable");
      const [file] = await dumpFiles(path.join(root, "dumps"));
      const dump = JSON.parse(await readFile(file, "utf8"));
      expect(dump.attempts.map((attempt: { decision: string }) => attempt.decision)).to.deep.equal(["fail"]);
      expect(dump.error).to.include({ code: "provider_unavailable" });
    } finally {
      await runtime.close();
    }
  });

  it("dumps a request that passed its deadline, and none for a caller's abort", async () => {
    // Both targets hang: the primary ends at its share of the deadline (the per-attempt default
    // when a fallback follows), the fallback at the request's deadline itself.
    const late = { delayMs: 5_000, reply: { text: "late" } };
    const slow: ProviderRules = { alpha: [late], beta: [late] };
    const { runtime, client, lines } = await scriptedRuntime(root, slow, { directory: "dumps" });
    try {
      const timedOut = await rejection(
        client.generateResponse(history, undefined, undefined, { timeoutMs: 50 }),
      );
      expect(timedOut.code, timedOut.message).to.equal("timeout");
      const [file] = await dumpFiles(path.join(root, "dumps"));
      const dump = JSON.parse(await readFile(file, "utf8"));
      expect(dump.error).to.include({ code: "timeout", class: "TimeoutError" });
      expect(dump.attempts).to.have.length(2);
      expect(dump.attempts[0]).to.include({ provider: "alpha", errorCode: "timeout", decision: "fallback" });
      expect(dump.attempts[1]).to.include({ provider: "beta", errorCode: "timeout" });
      expect(dump.request).to.include({ provider: "beta", model: "beta-model" });

      const controller = new AbortController();
      const aborted = client.generateResponse(history, undefined, undefined, { signal: controller.signal });
      setTimeout(() => controller.abort(), 20);
      expect((await rejection(aborted)).code).to.equal("aborted");
      expect(await dumpFiles(path.join(root, "dumps"))).to.have.length(1);
      expect(dumpLines(lines)).to.have.length(1);
    } finally {
      await runtime.close();
    }
  });

  it("logs a warning and still throws the same error when the dump file cannot be written", async () => {
    await writeFile(path.join(root, "occupied"), "a file where the folder should be");
    const { runtime, client, lines } = await scriptedRuntime(root, failingChain, {
      directory: "occupied/dumps",
    });
    const error = await rejection(client.generateResponse(history));
    await runtime.close();
    expect(error.name).to.equal("InvalidRequestError");
    expect(lines.some((line) => line.includes("the debug dump file could not be written"))).to.equal(true);
    expect(dumpLines(lines)).to.have.length(1);
  });

  it("has the options schema of schemas/debug-dump.options.schema.json", () => {
    expectSchemaFileMatches(
      DEBUG_DUMP_OPTIONS_SCHEMA,
      new URL("../../../schemas/debug-dump.options.schema.json", import.meta.url),
    );
  });

  it("scrubs a key-shaped secret that a third-party provider's error quotes", async () => {
    const { logger, lines } = captureLogger();
    const plugin = fileURLToPath(new URL("./fixtures/key-echoing-provider.ts", import.meta.url));
    const runtime = await createRuntime({
      config: {
        plugins: [plugin, { use: "debug-dump", options: { directory: "dumps" } }],
        providers: { careless: { type: "key-echo", apiKey: CANARY_KEY } },
        clients: { default: { provider: "careless", model: "m" } },
      },
      cwd: root,
      env: {},
      logger,
    });
    const error = await rejection(runtime.client().generateResponse(history));
    await runtime.close();
    const [file] = await dumpFiles(path.join(root, "dumps"));
    const dump = await readFile(file, "utf8");
    expect(JSON.parse(dump).error.message).to.include("key [REDACTED] was refused");
    const texts = [dump, ...lines, ...describeErrorForLeakCheck(error)];
    expect(findSecretLeaks(texts, CANARY_KEY, CANARY_KEY.slice(10))).to.deep.equal([]);
  });

  describe("with a canary API key on a real provider instance", () => {
    let openai: FakeServer;

    beforeEach(async () => {
      openai = await startOpenAIFakeServer();
    });

    afterEach(async () => {
      await openai.close();
    });

    it("keeps the key out of the dump file, the log lines and the error, even when the provider echoes it", async () => {
      const { logger, lines } = captureLogger();
      const runtime = await createRuntime({
        config: {
          plugins: ["openai", { use: "debug-dump", options: { directory: "dumps", dumpPrompts: true } }],
          providers: {
            openai: {
              type: "openai",
              apiKey: fromEnvironment("OPENAI_API_KEY"),
              baseURL: `${openai.url}/v1`,
            },
          },
          clients: { default: { provider: "openai", model: "gpt-4o" } },
        },
        cwd: root,
        env: { OPENAI_API_KEY: CANARY_KEY },
        logger,
      });
      openai.enqueue(
        openAIErrorReply({
          status: 401,
          code: "invalid_api_key",
          message: `Incorrect API key provided: ${CANARY_KEY}.`,
        }),
      );
      const error: LLMProviderError = await rejection(runtime.client().generateResponse(history));
      await runtime.close();
      expect(openai.requests[0].headers.authorization).to.equal(`Bearer ${CANARY_KEY}`);
      const files = await dumpFiles(path.join(root, "dumps"));
      expect(files).to.have.length(1);
      const dump = await readFile(files[0], "utf8");
      expect(JSON.parse(dump).error).to.include({ class: "AuthenticationError", status: 401 });
      const texts = [dump, ...lines, ...describeErrorForLeakCheck(error)];
      expect(findSecretLeaks(texts, CANARY_KEY, CANARY_KEY.slice(10))).to.deep.equal([]);
    });
  });
});
