import { expect } from "chai";
import * as openAISdk from "openai";
import { mapOpenAIStreamError } from "../../../plugins/openai/map-openai-stream-error.js";
import { createOpenAIProviderClient } from "../../../plugins/openai/openai-client.js";
import type { LLMProviderError, LLMRequest, ProviderClient } from "../../../src/index.js";
import type { FakeServer } from "../../../src/testing/fake-server.js";
import {
  openAIChunkEvents,
  openAISseReply,
  openAIStreamErrorEvent,
  startOpenAIFakeServer,
} from "../../../src/testing/protocols/openai-protocol.js";
import { fakeRequestContext } from "../../support/fake-request-context.js";

const KEY = "sk-test-stream-error-canary-5566778899aabbcc";
const REQUEST: LLMRequest = {
  provider: "openai",
  model: "gpt-4o",
  messages: [{ role: "user", content: "hi" }],
  params: {},
};
const CONTEXT = { provider: "openai", model: "gpt-4o", classes: openAISdk, secrets: [KEY] };

async function streamFailure(client: ProviderClient): Promise<LLMProviderError> {
  const stream = client.stream?.(REQUEST, fakeRequestContext());
  if (!stream) throw new Error("no stream method");
  try {
    for await (const _event of stream);
  } catch (error) {
    return error as LLMProviderError;
  }
  throw new Error("expected the stream to fail");
}

describe("mapOpenAIStreamError", () => {
  let server: FakeServer;
  let client: ProviderClient;

  beforeEach(async () => {
    server = await startOpenAIFakeServer();
    client = await createOpenAIProviderClient({
      name: "openai",
      type: "openai",
      apiKey: KEY,
      baseURL: `${server.url}/v1`,
    });
  });

  afterEach(async () => {
    await server.close();
  });

  const rows = [
    { what: "OpenAI's server_error chunk", event: {}, name: "ProviderUnavailableError", retryable: true },
    {
      what: "a rate_limit_exceeded chunk",
      event: { type: "requests", code: "rate_limit_exceeded" },
      name: "RateLimitError",
      retryable: true,
    },
    {
      what: "an insufficient_quota chunk",
      event: { type: "insufficient_quota", code: "insufficient_quota" },
      name: "QuotaExhaustedError",
      retryable: false,
    },
    {
      what: "OpenRouter's chunk with the HTTP status as a numeric code",
      event: { code: 429, type: undefined },
      name: "RateLimitError",
      retryable: true,
    },
    {
      what: "a chunk of a kind no one documented",
      event: { type: "brand_new_failure" },
      name: "ProviderUnavailableError",
      retryable: true,
    },
  ];

  for (const row of rows) {
    it(`maps ${row.what} sent after HTTP 200 to ${row.name}, with no HTTP status`, async () => {
      const events = [...openAIChunkEvents({}).slice(0, 1), openAIStreamErrorEvent(row.event)];
      server.enqueue(openAISseReply(events));
      const error = await streamFailure(client);
      expect(error.name).to.equal(row.name);
      expect(error.retryable).to.equal(row.retryable);
      expect(error.status).to.equal(undefined);
      expect(error.requestId).to.equal("req_fake_stream");
    });
  }

  it("scrubs the key from an error chunk that echoes it", async () => {
    server.enqueue(
      openAISseReply([openAIStreamErrorEvent({ message: `bad key ${KEY}`, code: "invalid_api_key" })]),
    );
    const error = await streamFailure(client);
    expect(error.name).to.equal("AuthenticationError");
    expect(error.message).to.not.include(KEY);
  });

  it("maps undici's 'terminated' (a connection closed mid-body) to a retryable ConnectionError", () => {
    const error = mapOpenAIStreamError(new TypeError("terminated"), CONTEXT);
    expect(error.name).to.equal("ConnectionError");
    expect(error.retryable).to.equal(true);
  });

  it("maps a chunk that is not JSON to provider_error without its text", () => {
    const error = mapOpenAIStreamError(new SyntaxError(`Unexpected token in ${KEY}`), CONTEXT);
    expect(error.code).to.equal("provider_error");
    expect(error.message).to.not.include(KEY);
  });

  it("maps anything once the request's signal has aborted to AbortError", () => {
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    const error = mapOpenAIStreamError(new TypeError("terminated"), {
      ...CONTEXT,
      signal: controller.signal,
    });
    expect(error.name).to.equal("AbortError");
  });
});
