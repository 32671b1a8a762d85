import { expect } from "chai";
import * as openAISdk from "openai";
import { mapOpenAIError } from "../../../plugins/openai/map-openai-error.js";
import { createOpenAIProviderClient } from "../../../plugins/openai/openai-client.js";
import type { ProviderClient } from "../../../src/contract/index.js";
import { LLMProviderError, RateLimitError } from "../../../src/errors/index.js";
import type { FakeServer } from "../../../src/testing/fake-server.js";
import type { FakeReply } from "../../../src/testing/fake-server-types.js";
import { OPENAI_ERRORS } from "../../../src/testing/protocols/openai-error-replies.js";
import { openAIErrorReply, startOpenAIFakeServer } from "../../../src/testing/protocols/openai-protocol.js";
import { readRecordedJson } from "../../../src/testing/recorded-fixtures.js";
import { fakeRequestContext } from "../../support/fake-request-context.js";

const NOW = Date.parse("2026-11-25T12:00:00Z");
const KEY = "sk-test-error-mapping-0123456789abcdef";
const PROMPT = {
  provider: "openai",
  model: "gpt-4o",
  messages: [{ role: "user" as const, content: "hi" }],
  params: {},
};

interface Row {
  what: string;
  reply: FakeReply;
  name: string;
  retryable: boolean;
  retryAfterMs?: number;
  providerCode?: string;
}

const rows: Row[] = [
  {
    what: "429 rate_limit_exceeded with retry-after seconds",
    reply: OPENAI_ERRORS.rateLimit({ retryAfter: "2" }),
    name: "RateLimitError",
    retryable: true,
    retryAfterMs: 2000,
    providerCode: "rate_limit_exceeded",
  },
  {
    what: "429 with retry-after-ms beside retry-after",
    reply: OPENAI_ERRORS.rateLimit({ retryAfterMs: "250", retryAfter: "30" }),
    name: "RateLimitError",
    retryable: true,
    retryAfterMs: 250,
  },
  {
    what: "429 with retry-after as an HTTP date",
    reply: OPENAI_ERRORS.rateLimit({ retryAfter: "Wed, 25 Nov 2026 12:00:07 GMT" }),
    name: "RateLimitError",
    retryable: true,
    retryAfterMs: 7000,
  },
  {
    what: "429 without any retry-after",
    reply: OPENAI_ERRORS.rateLimit(),
    name: "RateLimitError",
    retryable: true,
  },
  {
    what: "429 insufficient_quota",
    reply: OPENAI_ERRORS.insufficientQuota(),
    name: "QuotaExhaustedError",
    retryable: false,
    providerCode: "insufficient_quota",
  },
  {
    what: "401 invalid_api_key",
    reply: OPENAI_ERRORS.invalidApiKey(KEY),
    name: "AuthenticationError",
    retryable: false,
    providerCode: "invalid_api_key",
  },
  {
    what: "403 permission denied",
    reply: OPENAI_ERRORS.permissionDenied(),
    name: "AuthenticationError",
    retryable: false,
  },
  {
    what: "404 model_not_found",
    reply: OPENAI_ERRORS.modelNotFound(),
    name: "ModelNotFoundError",
    retryable: false,
  },
  {
    what: "400 context_length_exceeded",
    reply: OPENAI_ERRORS.contextLengthExceeded(),
    name: "ContextLengthError",
    retryable: false,
    providerCode: "context_length_exceeded",
  },
  {
    what: "400 with a vLLM-style context message and no code",
    reply: openAIErrorReply({
      status: 400,
      message: "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.",
    }),
    name: "ContextLengthError",
    retryable: false,
  },
  {
    what: "400 invalid_type",
    reply: OPENAI_ERRORS.invalidRequest(),
    name: "InvalidRequestError",
    retryable: false,
    providerCode: "invalid_type",
  },
  {
    what: "422 unprocessable",
    reply: openAIErrorReply({ status: 422, message: "Unprocessable" }),
    name: "InvalidRequestError",
    retryable: false,
  },
  {
    what: "418, an unknown 4xx",
    reply: openAIErrorReply({ status: 418, message: "teapot" }),
    name: "InvalidRequestError",
    retryable: false,
  },
  {
    what: "408 request timeout",
    reply: openAIErrorReply({ status: 408, message: "timeout" }),
    name: "TimeoutError",
    retryable: true,
  },
  {
    what: "409 conflict",
    reply: openAIErrorReply({ status: 409, message: "conflict" }),
    name: "ProviderUnavailableError",
    retryable: true,
  },
  {
    what: "500 server_error",
    reply: OPENAI_ERRORS.serverError(),
    name: "ProviderUnavailableError",
    retryable: true,
  },
  {
    what: "503 overloaded",
    reply: OPENAI_ERRORS.overloaded(),
    name: "ProviderUnavailableError",
    retryable: true,
  },
  {
    what: "599, an unknown 5xx",
    reply: OPENAI_ERRORS.serverError(599),
    name: "ProviderUnavailableError",
    retryable: true,
  },
  {
    what: "502 with an HTML page from a proxy",
    reply: {
      kind: "text",
      status: 502,
      contentType: "text/html",
      body: "<html><body>Bad gateway</body></html>",
    },
    name: "ProviderUnavailableError",
    retryable: true,
  },
  {
    what: "500 with x-should-retry: false",
    reply: openAIErrorReply({ status: 500, shouldRetry: "false" }),
    name: "ProviderUnavailableError",
    retryable: false,
  },
  {
    what: "400 with x-should-retry: true",
    reply: openAIErrorReply({ status: 400, shouldRetry: "true" }),
    name: "InvalidRequestError",
    retryable: true,
  },
];

describe("mapOpenAIError", () => {
  describe("over HTTP, through the real SDK", () => {
    let server: FakeServer;
    let client: ProviderClient;
    // The plugin loads the SDK with import(), which can resolve to the ESM build while this file's
    // static import gets the CommonJS one: compare classes from the same import() the plugin makes.
    let loadedSdk: typeof openAISdk;

    before(async () => {
      loadedSdk = await import("openai");
      server = await startOpenAIFakeServer();
      client = await createOpenAIProviderClient(
        { name: "openai", type: "openai", apiKey: KEY, baseURL: `${server.url}/v1` },
        { now: () => NOW },
      );
    });

    after(async () => {
      await server.close();
    });

    for (const row of rows) {
      it(`maps ${row.what} to ${row.name} (retryable: ${row.retryable})`, async () => {
        server.enqueue(row.reply);
        const before = server.requests.length;
        let error: unknown;
        try {
          await client.generate(PROMPT, fakeRequestContext());
        } catch (caught) {
          error = caught;
        }
        expect(error).to.be.instanceOf(LLMProviderError);
        const mapped = error as LLMProviderError;
        expect(mapped.name).to.equal(row.name);
        expect(mapped.retryable).to.equal(row.retryable);
        expect(mapped.status).to.equal("status" in row.reply ? row.reply.status : undefined);
        expect(mapped.retryAfterMs).to.equal(row.retryAfterMs);
        if (row.providerCode) expect(mapped.providerCode).to.equal(row.providerCode);
        if (row.reply.kind === "json") expect(mapped.requestId).to.match(/^req_/);
        expect(mapped.cause).to.be.instanceOf(loadedSdk.APIError);
        expect(mapped.provider).to.equal("openai");
        expect(mapped.model).to.equal("gpt-4o");
        expect(mapped.message).to.include("fix:");
        expect(mapped.message).not.to.include(KEY);
        expect(server.requests.length - before).to.equal(1, "one attempt: the SDK's retries are off");
      });
    }

    it("maps the recorded reasoning-model max_tokens error to InvalidRequestError naming the parameter", async function () {
      const body = readRecordedJson("openai", "reasoning-model-legacy-parameter-error");
      if (body === undefined) {
        console.log("    (skipped: ../shared/fixtures/recorded is absent)");
        this.skip();
      }
      server.enqueue({ kind: "json", status: 400, body });
      const error = await client.generate(PROMPT, fakeRequestContext()).catch((caught: unknown) => caught);
      expect((error as LLMProviderError).name).to.equal("InvalidRequestError");
      expect((error as LLMProviderError).providerCode).to.equal("unsupported_parameter");
      expect((error as Error).message).to.include("Use 'max_completion_tokens' instead.");
    });

    it("scrubs the key from a provider message that echoes it whole", async () => {
      server.enqueue(openAIErrorReply({ status: 401, message: `Incorrect API key provided: ${KEY}.` }));
      const error = (await client
        .generate(PROMPT, fakeRequestContext())
        .catch((caught: unknown) => caught)) as Error;
      expect(error.message).to.include("Incorrect API key provided: [REDACTED].");
      expect(error.message).not.to.include(KEY);
    });
  });

  describe("without HTTP", () => {
    const context = { provider: "openai", model: "gpt-4o", classes: openAISdk };

    it("returns an error that already is an LLMProviderError unchanged", () => {
      const original = new RateLimitError("slow down", { provider: "x", model: "y" });
      expect(mapOpenAIError(original, context)).to.equal(original);
    });

    it("maps anything once the signal has aborted to AbortError with the signal's reason as cause", () => {
      const controller = new AbortController();
      const reason = new Error("stop");
      controller.abort(reason);
      const mapped = mapOpenAIError(new openAISdk.APIConnectionError({ message: "x" }), {
        ...context,
        signal: controller.signal,
      });
      expect(mapped.name).to.equal("AbortError");
      expect(mapped.cause).to.equal(reason);
    });

    it("maps the SDK's abort, timeout and connection errors to their classes", () => {
      expect(mapOpenAIError(new openAISdk.APIUserAbortError(), context).name).to.equal("AbortError");
      expect(mapOpenAIError(new openAISdk.APIConnectionTimeoutError(), context).name).to.equal(
        "TimeoutError",
      );
      expect(mapOpenAIError(new openAISdk.APIConnectionError({ message: "refused" }), context).name).to.equal(
        "ConnectionError",
      );
    });

    it("maps an error it does not know to provider_error, keeping it as cause", () => {
      const original = new SyntaxError("Unexpected token <");
      const mapped = mapOpenAIError(original, context);
      expect(mapped.code).to.equal("provider_error");
      expect(mapped.cause).to.equal(original);
      expect(mapped.message).not.to.include("Unexpected token");
    });

    it("never throws, whatever it is given", () => {
      for (const value of [undefined, null, 42, "text", {}, []]) {
        expect(mapOpenAIError(value, context)).to.be.instanceOf(LLMProviderError);
      }
    });
  });
});
