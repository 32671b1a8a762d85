import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { format } from "node:util";
import { expect } from "chai";
import {
  ANTHROPIC_MESSAGES_PATH,
  anthropicJsonReply,
  anthropicMessage,
  googleGenerateContentResponse,
  googleJsonReply,
  OPENAI_CHAT_PATH,
  OPENAI_ERRORS,
  openAIChatCompletion,
  openAIChunkEvents,
  openAIJsonReply,
  openAISseReply,
  type ProviderFakeServers,
  type RecordedRequest,
  startProviderFakeServers,
} from "../../src/testing/index.js";
import { type GuideProgram, readGuidePrograms, withLocalImports } from "./migration-guide-programs.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const page = readFileSync(join(root, "docs", "migrating-from-litellm.md"), "utf8");
const programs = readGuidePrograms(page);
const KEYS = {
  OPENAI_API_KEY: "sk-guide-0123456789",
  GEMINI_API_KEY: "g-guide-0123456789",
  ANTHROPIC_API_KEY: "a-guide-0123456789",
};
type Fakes = ProviderFakeServers;
/** The requests each fake received while one program ran. */
type Received = Record<"openai" | "anthropic" | "google", RecordedRequest[]>;

/**
 * What each program's providers answer, and what the test checks on the wire besides what the
 * program prints. Keyed by the start of the program's heading.
 */
interface Scenario {
  serve(fakes: Fakes): void;
  check(received: Received): void;
}

const body = (request: RecordedRequest) => request.body as Record<string, unknown>;

const SCENARIOS: Record<string, Scenario> = {
  "`acompletion`": {
    serve: ({ openai }) =>
      openai.enqueue(
        openAIJsonReply(
          openAIChatCompletion({ content: "Blue", usage: { promptTokens: 5, completionTokens: 7 } }),
        ),
      ),
    check: ({ openai }) => {
      expect(openai).to.have.length(1);
      // The call's temperature wins over the client's 0.7; max_tokens goes as OpenAI's field.
      expect(body(openai[0]).temperature).to.equal(0);
      expect(body(openai[0]).max_completion_tokens ?? body(openai[0]).max_tokens).to.equal(20);
    },
  },
  "`fallbacks`": {
    serve: ({ openai, anthropic }) => {
      for (let call = 0; call < 3; call++) openai.enqueue(OPENAI_ERRORS.rateLimit({ retryAfterMs: "10" }));
      anthropic.enqueue(anthropicJsonReply(anthropicMessage({ text: "Hello from Claude" })));
    },
    check: ({ openai, anthropic }) => {
      expect(openai.map((request) => request.path)).to.deep.equal(Array(3).fill(OPENAI_CHAT_PATH));
      expect(anthropic.map((request) => request.path)).to.deep.equal([ANTHROPIC_MESSAGES_PATH]);
    },
  },
  "`context_window_fallbacks`": {
    serve: ({ openai, google }) => {
      openai.enqueue(OPENAI_ERRORS.contextLengthExceeded());
      google.enqueue(googleJsonReply(googleGenerateContentResponse({ text: "A summary." })));
    },
    check: ({ openai, google }) => {
      // Not retried: one call to OpenAI, then the next target of the same chain.
      expect(openai).to.have.length(1);
      expect(google).to.have.length(1);
      expect(google[0].path).to.include("gemini-2.5-flash");
    },
  },
  Exceptions: {
    serve: ({ openai }) => openai.enqueue(OPENAI_ERRORS.insufficientQuota()),
    check: ({ openai }) => expect(openai).to.have.length(1),
  },
  "`mock_response`": {
    serve: () => {},
    check: (received) => {
      expect(Object.values(received).flat(), "the scripted provider makes no HTTP call").to.deep.equal([]);
    },
  },
  "Callbacks and `CustomLogger`": {
    serve: ({ openai }) => {
      const usage = { promptTokens: 5, completionTokens: 7 };
      openai.enqueue(openAIJsonReply(openAIChatCompletion({ content: "Hello", usage })));
      openai.enqueue(openAISseReply(openAIChunkEvents({ textPieces: ["Hel", "lo"], usage })));
    },
    check: ({ openai }) => {
      expect(openai.map((request) => body(request).stream ?? false)).to.deep.equal([false, true]);
    },
  },
  "The Router's cooldowns": {
    serve: ({ openai, anthropic }) => {
      openai.enqueue(OPENAI_ERRORS.rateLimit({ retryAfter: "30" }));
      anthropic.enqueue(anthropicJsonReply(anthropicMessage({ text: "one" })));
      anthropic.enqueue(anthropicJsonReply(anthropicMessage({ text: "two" })));
    },
    check: ({ openai, anthropic }) => {
      // The second request skipped the cooling target without calling it.
      expect(openai).to.have.length(1);
      expect(anthropic).to.have.length(2);
    },
  },
  "`drop_params`": {
    serve: ({ anthropic }) =>
      anthropic.enqueue(
        anthropicJsonReply(
          anthropicMessage({ toolUses: [{ id: "toolu_01", name: "get_weather", input: { city: "Oslo" } }] }),
        ),
      ),
    check: ({ anthropic }) => {
      expect(anthropic).to.have.length(1);
      const sent = body(anthropic[0]);
      expect(sent).to.not.have.property("seed");
      expect(sent).to.not.have.property("thinking");
      expect(sent.tool_choice).to.deep.equal({ type: "tool", name: "get_weather" });
      expect(sent.max_tokens).to.equal(2048);
    },
  },
  "`response_format`": {
    serve: ({ anthropic }) =>
      anthropic.enqueue(anthropicJsonReply(anthropicMessage({ text: '{"city":"Oslo"}' }))),
    check: ({ anthropic }) => {
      expect(anthropic).to.have.length(1);
      const format = (body(anthropic[0]).output_config as { format?: Record<string, unknown> }).format;
      expect(format?.type).to.equal("json_schema");
      expect(format?.schema).to.deep.include({ additionalProperties: false, required: ["city"] });
    },
  },
  "The proxy": {
    serve: ({ openai }) => openai.enqueue(openAIJsonReply(openAIChatCompletion({ content: "Hi there" }))),
    check: ({ openai }) => {
      expect(openai).to.have.length(1);
      expect(body(openai[0]).model).to.equal("gpt-4o");
    },
  },
  "Not offered": {
    serve: ({ openai }) =>
      openai.enqueue(
        openAIJsonReply(
          openAIChatCompletion({
            content: "Hello",
            usage: { promptTokens: 1000, completionTokens: 100, cachedTokens: 400 },
          }),
        ),
      ),
    check: ({ openai }) => expect(openai).to.have.length(1),
  },
};

function scenarioOf(program: GuideProgram): Scenario {
  const key = Object.keys(SCENARIOS).find((start) => program.heading.startsWith(start));
  if (!key) throw new Error(`line ${program.line}: no scenario for the program under "${program.heading}"`);
  return SCENARIOS[key];
}

/** The program's config, each provider instance pointed at its fake, its log silenced. */
function againstFakes(config: Record<string, unknown>, fakes: Fakes): Record<string, unknown> {
  const baseURLs: Record<string, string> = {
    openai: `${fakes.openai.url}/v1`,
    anthropic: fakes.anthropic.url,
    google: fakes.google.url,
  };
  const providers = Object.fromEntries(
    Object.entries((config.providers ?? {}) as Record<string, { type: string }>).map(([name, instance]) => [
      name,
      baseURLs[instance.type] ? { ...instance, baseURL: baseURLs[instance.type] } : instance,
    ]),
  );
  // The warn lines some programs cause (a param left out, a fallback) would only clutter the test's output.
  return { ...config, providers, logging: { level: "silent" } };
}

/**
 * Runs a program in this process as a user would: in a folder holding its llm.config.json (with
 * a package.json, so discovery stops there), the API keys in the environment; returns what it
 * printed with console.log. The folder lies under node_modules so that its bare imports
 * (`openai`) resolve to the project's dependencies.
 */
async function runProgram(program: GuideProgram, fakes: Fakes): Promise<string[]> {
  const cache = join(root, "node_modules", ".cache");
  await mkdir(cache, { recursive: true });
  const folder = await mkdtemp(join(cache, "migration-guide-"));
  const printed: string[] = [];
  const saved = { cwd: process.cwd(), log: console.log, env: { ...process.env } };
  try {
    await writeFile(join(folder, "package.json"), '{ "private": true, "type": "module" }\n');
    await writeFile(join(folder, "llm.config.json"), JSON.stringify(againstFakes(program.config, fakes)));
    const file = join(folder, "program.mts");
    await writeFile(file, withLocalImports(program.code, root));
    process.chdir(folder);
    Object.assign(process.env, KEYS);
    console.log = (...args: unknown[]) => {
      printed.push(format(...args));
    };
    await import(pathToFileURL(file).href);
  } finally {
    console.log = saved.log;
    process.chdir(saved.cwd);
    for (const name of Object.keys(KEYS)) {
      if (saved.env[name] === undefined) delete process.env[name];
      else process.env[name] = saved.env[name];
    }
    await rm(folder, { recursive: true, force: true });
  }
  return printed;
}

describe("docs/migrating-from-litellm.md, its programs against fake providers", function () {
  // The first program imports the provider SDKs and the gateway, which takes seconds on a busy machine.
  this.timeout(60_000);
  let fakes: Fakes;

  before(async () => {
    fakes = await startProviderFakeServers();
  });
  after(async () => {
    await fakes?.close();
  });

  it("has one program per feature, each with a scenario here and the lines it prints", () => {
    expect(programs.map((program) => program.heading)).to.have.length.at.least(Object.keys(SCENARIOS).length);
    for (const program of programs) {
      scenarioOf(program);
      expect(program.prints, `line ${program.line}: a program says what it prints`).to.not.be.empty;
    }
    const unused = Object.keys(SCENARIOS).filter(
      (start) => !programs.some((program) => program.heading.startsWith(start)),
    );
    expect(unused, "scenarios whose section is gone").to.deep.equal([]);
  });

  for (const program of programs) {
    it(`runs the program under "${program.heading}" and prints what it says`, async () => {
      const scenario = scenarioOf(program);
      const before = { openai: 0, anthropic: 0, google: 0 };
      for (const name of ["openai", "anthropic", "google"] as const)
        before[name] = fakes[name].requests.length;
      scenario.serve(fakes);
      const printed = await runProgram(program, fakes);
      expect(printed, `line ${program.line}`).to.deep.equal(program.prints);
      const received: Received = {
        openai: fakes.openai.requests.slice(before.openai),
        anthropic: fakes.anthropic.requests.slice(before.anthropic),
        google: fakes.google.requests.slice(before.google),
      };
      scenario.check(received);
      for (const name of ["openai", "anthropic", "google"] as const) {
        expect(fakes[name].pending, `${name} replies left unused`).to.equal(0);
      }
    });
  }
});
