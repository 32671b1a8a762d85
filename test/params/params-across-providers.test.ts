import { expect } from "chai";
import { ConfigError, createRuntime, type LLMOutput, type Runtime } from "../../src/index.js";
import type { FakeServer, RecordedRequest } from "../../src/testing/index.js";
import {
  anthropicErrorReply,
  anthropicJsonReply,
  anthropicMessage,
} from "../../src/testing/protocols/anthropic-protocol.js";
import { googleErrorReply } from "../../src/testing/protocols/google-error-replies.js";
import {
  googleGenerateContentResponse,
  googleJsonReply,
} from "../../src/testing/protocols/google-protocol.js";
import {
  openAIChatCompletion,
  openAIChunkEvents,
  openAIErrorReply,
  openAIJsonReply,
  openAISseReply,
} from "../../src/testing/protocols/openai-protocol.js";
import {
  type ProviderFakeServers,
  startProviderFakeServers,
} from "../../src/testing/start-provider-fake-servers.js";
import { captureLogger } from "../kernel/runtime-fixture.js";
import { rejection } from "../resilience/expect-failure.js";

type Json = Record<string, unknown>;

const ENV = {
  OPENAI_API_KEY: "sk-test-openai-0000",
  ANTHROPIC_API_KEY: "sk-ant-test-0000",
  GEMINI_API_KEY: "AIzaTest0000",
};

const SCHEMA = {
  type: "object",
  properties: { city: { type: "string" } },
  required: ["city"],
  additionalProperties: false,
};

/** Shared params in OpenAI's names, OpenAI-only extras included. */
const SHARED_PARAMS = {
  temperature: 0.2,
  max_tokens: 300,
  response_format: { type: "json_schema", json_schema: { name: "answer", schema: SCHEMA, strict: true } },
  reasoning_effort: "low",
  stop: ["END"],
  seed: 7,
  user: "user-42",
  store: true,
  verbosity: "low",
  prompt_cache_key: "cache-1",
  safety_identifier: "sid-1",
  service_tier: "default",
  metadata: { app: "demo" },
  logprobs: true,
  top_logprobs: 2,
};

const fromEnvironment = (name: string) => `\${${name}}`;

function providers(servers: ProviderFakeServers) {
  return {
    openai: {
      type: "openai",
      apiKey: fromEnvironment("OPENAI_API_KEY"),
      baseURL: `${servers.openai.url}/v1`,
    },
    anthropic: {
      type: "anthropic",
      apiKey: fromEnvironment("ANTHROPIC_API_KEY"),
      baseURL: servers.anthropic.url,
    },
    gemini: { type: "google", apiKey: fromEnvironment("GEMINI_API_KEY"), baseURL: servers.google.url },
  };
}

async function open(servers: ProviderFakeServers, clients: Json, plugins: string[] = ["fallback"]) {
  const { logger, lines } = captureLogger("warn");
  const runtime = await createRuntime({
    config: {
      plugins: ["openai", "anthropic", "google", ...plugins],
      providers: providers(servers),
      clients,
    },
    env: ENV,
    logger,
  });
  return { runtime, lines };
}

const bodyOf = (server: FakeServer, index = -1): Json => server.requests.at(index)?.body as Json;

/** The status each request of a server was answered with (the fake's validator answers 400 to a body the real API refuses). */
const statuses = (server: FakeServer) =>
  server.requests.map((request: RecordedRequest) =>
    request.reply && "status" in request.reply ? (request.reply.status ?? 200) : 200,
  );

const ask = [{ role: "user" as const, content: "Where is the Eiffel tower? Answer as JSON." }];

describe("params across providers, through createRuntime", function () {
  this.timeout(60_000);
  let servers: ProviderFakeServers;
  let runtime: Runtime | undefined;

  beforeEach(async () => {
    servers = await startProviderFakeServers();
  });

  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
    await servers.close();
  });

  it("a three-provider chain answers from each target in turn with bodies each provider accepts", async () => {
    const opened = await open(servers, {
      default: {
        provider: "openai",
        model: "gpt-4o",
        params: SHARED_PARAMS,
        fallbacks: [
          { provider: "anthropic", model: "claude-sonnet-4-6" },
          { provider: "gemini", model: "gemini-2.5-flash" },
        ],
      },
    });
    runtime = opened.runtime;
    const json = '{"city":"Paris"}';
    servers.openai.enqueue(
      openAIJsonReply(openAIChatCompletion({ content: json })),
      openAIErrorReply({ status: 503, message: "overloaded" }),
      openAIErrorReply({ status: 503, message: "overloaded" }),
    );
    servers.anthropic.enqueue(
      anthropicJsonReply(anthropicMessage({ text: json })),
      anthropicErrorReply({ status: 529, message: "Overloaded" }),
    );
    servers.google.enqueue(googleJsonReply(googleGenerateContentResponse({ text: json })));

    const outputs: LLMOutput[] = [];
    for (let call = 0; call < 3; call++) outputs.push(await runtime.client().generateResponse(ask));
    expect(outputs.map((output) => output.provider)).to.deep.equal(["openai", "anthropic", "gemini"]);
    for (const output of outputs) expect(JSON.parse(output.content ?? "")).to.deep.equal({ city: "Paris" });
    expect(statuses(servers.openai)).to.deep.equal([200, 503, 503]);
    expect(statuses(servers.anthropic)).to.deep.equal([200, 529]);
    expect(statuses(servers.google)).to.deep.equal([200]);

    // OpenAI gpt-4o: everything but reasoning_effort and verbosity (reasoning/gpt-5 models only).
    const openaiBody = bodyOf(servers.openai, 0);
    expect(openaiBody).to.include({
      temperature: 0.2,
      max_tokens: 300,
      seed: 7,
      user: "user-42",
      store: true,
    });
    expect(openaiBody).to.not.have.any.keys("reasoning_effort", "verbosity");
    expect(outputs[0].attempts[0].droppedParams?.sort()).to.deep.equal(["reasoning_effort", "verbosity"]);

    // Anthropic: JSON schema as output_config.format, effort with adaptive thinking, stop and user translated.
    const anthropicBody = bodyOf(servers.anthropic, 0);
    expect(anthropicBody.output_config).to.deep.equal({
      format: { type: "json_schema", schema: SCHEMA },
      effort: "low",
    });
    expect(anthropicBody.thinking).to.deep.equal({ type: "adaptive" });
    expect(anthropicBody).to.include({ max_tokens: 300 });
    expect(anthropicBody.stop_sequences).to.deep.equal(["END"]);
    expect(anthropicBody.metadata).to.deep.equal({ user_id: "user-42" });
    expect(outputs[1].attempts[1].droppedParams?.sort()).to.deep.equal(
      [
        "logprobs",
        "metadata",
        "prompt_cache_key",
        "safety_identifier",
        "seed",
        "service_tier",
        "store",
        "temperature",
        "top_logprobs",
        "verbosity",
      ].sort(),
    );

    // Gemini: its own names for each, JSON schema as responseJsonSchema, logprobs as responseLogprobs + count.
    const config = bodyOf(servers.google).generationConfig as Json;
    expect(config).to.deep.include({
      temperature: 0.2,
      maxOutputTokens: 300,
      stopSequences: ["END"],
      seed: 7,
      responseMimeType: "application/json",
      responseJsonSchema: SCHEMA,
      responseLogprobs: true,
      logprobs: 2,
    });
    expect(config.thinkingConfig).to.deep.equal({ thinkingBudget: 1024 });
    expect(outputs[2].attempts[2].droppedParams?.sort()).to.deep.equal(
      [
        "metadata",
        "prompt_cache_key",
        "safety_identifier",
        "service_tier",
        "store",
        "user",
        "verbosity",
      ].sort(),
    );

    // One warn line per client, target and param, however many calls drop it.
    const seedWarnings = opened.lines.filter(
      (line) => line.includes('"param":"seed"') && line.includes('"provider":"anthropic"'),
    );
    expect(seedWarnings).to.have.length(1);
    expect(opened.lines.join("")).to.not.include(ENV.ANTHROPIC_API_KEY);
  });

  it("leaves out stop, verbosity (gpt-5 only) and the sampling params for o3, and sends reasoning_effort", async () => {
    ({ runtime } = await open(servers, {
      default: { provider: "openai", model: "o3", params: { ...SHARED_PARAMS, response_format: undefined } },
    }));
    servers.openai.enqueue(openAIJsonReply(openAIChatCompletion({ content: "Paris" })));
    const output = await runtime.client().generateResponse(ask);
    expect(statuses(servers.openai)).to.deep.equal([200]);
    const body = bodyOf(servers.openai);
    expect(body).to.include({ reasoning_effort: "low", max_completion_tokens: 300 });
    expect(body).to.not.have.any.keys(
      "stop",
      "temperature",
      "max_tokens",
      "logprobs",
      "top_logprobs",
      "verbosity",
    );
    expect(output.attempts[0].droppedParams).to.include.members([
      "stop",
      "temperature",
      "logprobs",
      "verbosity",
    ]);
  });

  it("gives a Claude model before 4.6 a thinking budget for reasoning_effort, below max_tokens", async () => {
    ({ runtime } = await open(servers, {
      default: {
        provider: "anthropic",
        model: "claude-sonnet-4-5",
        params: { reasoning_effort: "high", max_tokens: 8000 },
      },
    }));
    servers.anthropic.enqueue(anthropicJsonReply(anthropicMessage({ text: "ok" })));
    const output = await runtime.client().generateResponse(ask);
    expect(statuses(servers.anthropic)).to.deep.equal([200]);
    expect(bodyOf(servers.anthropic).thinking).to.deep.equal({ type: "enabled", budget_tokens: 4000 });
    expect(bodyOf(servers.anthropic)).to.not.have.property("output_config");
    expect(output.attempts[0].droppedParams).to.equal(undefined);
  });

  it("holds json_object on Gemini (JSON MIME type); Anthropic, which needs a schema, is refused typed, sending nothing", async () => {
    ({ runtime } = await open(servers, {
      default: {
        provider: "gemini",
        model: "gemini-2.5-flash",
        params: { response_format: { type: "json_object" } },
        fallbacks: [{ provider: "anthropic", model: "claude-sonnet-4-6" }],
      },
    }));
    servers.google.enqueue(
      googleJsonReply(googleGenerateContentResponse({ text: "{}" })),
      googleErrorReply({ status: 503, message: "overloaded" }),
    );
    await runtime.client().generateResponse(ask);
    expect((bodyOf(servers.google).generationConfig as Json).responseMimeType).to.equal("application/json");
    const error = await rejection(runtime.client().generateResponse(ask));
    expect(error.code).to.equal("invalid_request");
    expect(error.message).to.include("json_object");
    expect(error.fix).to.include("json_schema");
    expect(servers.anthropic.requests).to.have.length(0);
  });

  it("refuses a response_format type no provider defines with a typed error, sending nothing", async () => {
    ({ runtime } = await open(servers, {
      default: {
        provider: "anthropic",
        model: "claude-sonnet-4-6",
        params: { response_format: { type: "xml" } },
      },
    }));
    const error = await rejection(runtime.client().generateResponse(ask));
    expect(error.code).to.equal("invalid_request");
    expect(error.message).to.include("response_format");
    expect(servers.anthropic.requests).to.have.length(0);
  });

  it("refuses a Gemini-native name in shared params, naming providerParams.google", async () => {
    const error = await open(servers, {
      default: { provider: "gemini", model: "gemini-2.5-flash", params: { topK: 40 } },
    }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).to.be.instanceOf(ConfigError);
    expect((error as ConfigError).message).to.include("topK");
    expect((error as ConfigError).fix).to.include("providerParams.google");
    expect((error as ConfigError).pointer).to.equal("/clients/default/params/topK");
  });

  it("sends providerParams only to targets of their type, merged client < fallback entry < call", async () => {
    ({ runtime } = await open(servers, {
      default: {
        provider: "openai",
        model: "gpt-4o",
        params: { temperature: 0.7 },
        providerParams: { google: { topK: 40, candidateCount: 1 }, openai: { top_p: 0.5 } },
        fallbacks: [
          { provider: "gemini", model: "gemini-2.5-flash", providerParams: { google: { topK: 20 } } },
        ],
      },
    }));
    servers.openai.enqueue(
      openAIJsonReply(openAIChatCompletion({ content: "a" })),
      openAIErrorReply({ status: 503, message: "overloaded" }),
    );
    servers.google.enqueue(googleJsonReply(googleGenerateContentResponse({ text: "b" })));
    await runtime.client().generateResponse(ask, undefined, undefined, { params: { temperature: 0 } });
    await runtime.client().generateResponse(ask, undefined, undefined, {
      params: { temperature: 0.1 },
      providerParams: { google: { candidateCount: 2 } },
    });
    const first = bodyOf(servers.openai, 0);
    expect(first).to.include({ temperature: 0, top_p: 0.5 });
    expect(first).to.not.have.any.keys("topK", "candidateCount");
    const config = bodyOf(servers.google).generationConfig as Json;
    expect(config).to.include({ temperature: 0.1, topK: 20, candidateCount: 2 });
    expect(statuses(servers.google)).to.deep.equal([200]);
  });

  it("a per-call temperature reaches the wire, streaming or not", async () => {
    ({ runtime } = await open(servers, {
      default: { provider: "openai", model: "gpt-4o", params: { temperature: 0.9 } },
    }));
    servers.openai.enqueue(openAIJsonReply(openAIChatCompletion({ content: "a" })));
    await runtime.client().generateResponse(ask, undefined, undefined, { params: { temperature: 0 } });
    expect(bodyOf(servers.openai)).to.include({ temperature: 0 });
    servers.openai.enqueue(openAIJsonReply(openAIChatCompletion({ content: "b" })));
    await runtime.client().generateResponse(ask);
    expect(bodyOf(servers.openai)).to.include({ temperature: 0.9 });
    servers.openai.enqueue(openAISseReply(openAIChunkEvents({ content: "c" })));
    const events = runtime
      .client()
      .streamResponse(ask, undefined, undefined, { params: { temperature: 0.3 } });
    for await (const _event of events);
    expect(bodyOf(servers.openai)).to.include({ temperature: 0.3, stream: true });
  });
});
