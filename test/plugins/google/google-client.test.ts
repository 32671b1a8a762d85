import { getEventListeners } from "node:events";
import { expect } from "chai";
import { pino } from "pino";
import {
  createGoogleProviderClient,
  createGoogleProviderFactory,
} from "../../../plugins/google/google-client.js";
import googlePlugin from "../../../plugins/google/index.js";
import {
  type ChatMessage,
  ConfigError,
  ContentFilterError,
  createRuntime,
  isLLMError,
  type LLMProviderError,
  type LLMRequest,
  type PluginContext,
  type ProviderFactory,
  type ProviderInstanceConfig,
  type ProviderRegistration,
} from "../../../src/index.js";
import {
  type GoogleFakeServer,
  googleBlockedPromptResponse,
  googleGenerateContentResponse,
  googleJsonReply,
  startGoogleFakeServer,
} from "../../../src/testing/protocols/google-protocol.js";
import { fakeRequestContext } from "../../support/fake-request-context.js";
import { REALISTIC_TOOLS } from "./realistic-tool-schemas.js";

const KEY = "gemini-client-test-key-0a1b2c3d4e";
const MODEL = "gemini-2.5-flash";
/** A small PDF; ASCII only, because the fake server records request bodies as UTF-8 text. */
const PDF = Buffer.from(
  `%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n${"% filler line\n".repeat(20)}%%EOF\n`,
);
const PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

function request(messages: ChatMessage[], overrides: Partial<LLMRequest> = {}): LLMRequest {
  return { provider: "gemini", model: MODEL, messages, params: {}, ...overrides };
}

function context() {
  return fakeRequestContext({ provider: "gemini", model: MODEL });
}

function pdfMessage(prompt: string): ChatMessage {
  return {
    role: "user",
    content: [
      { type: "text", text: prompt },
      {
        type: "file",
        file: { filename: "report.pdf", file_data: `data:application/pdf;base64,${PDF.toString("base64")}` },
      },
    ],
  };
}

const activeTimers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;

async function failure(call: Promise<unknown>): Promise<LLMProviderError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(isLLMError(error), `expected an llm-runtime error, got ${String(error)}`).to.equal(true);
  return error as LLMProviderError;
}

async function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("createGoogleProviderClient (real @google/genai over HTTP)", () => {
  let server: GoogleFakeServer;

  function instance(overrides: Partial<ProviderInstanceConfig> = {}): ProviderInstanceConfig {
    return { name: "gemini", type: "google", apiKey: KEY, baseURL: server.url, ...overrides };
  }

  beforeEach(async () => {
    server = await startGoogleFakeServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it("uploads a file above the inline threshold once with the resumable Files API and references it by fileData", async () => {
    const client = await createGoogleProviderClient(instance({ inlineMaxBytes: 100 }));
    server.enqueue(
      googleJsonReply(googleGenerateContentResponse({ text: "A report." })),
      googleJsonReply(googleGenerateContentResponse({ text: "Still a report." })),
    );
    await client.generate(request([pdfMessage("Summarise.")]), context());
    await client.generate(request([pdfMessage("Again, shorter.")]), context());

    expect(server.files).to.have.length(1, "the same bytes are uploaded once");
    expect(server.files[0]).to.include({
      mimeType: "application/pdf",
      displayName: "report.pdf",
      sizeBytes: PDF.length,
    });
    const uploads = server.requests.filter((sent) => sent.path.startsWith("/upload/"));
    expect(uploads).to.have.length(2);
    expect(uploads[0].path).to.equal("/upload/v1beta/files");
    expect(uploads[0].headers).to.include({
      "x-goog-api-key": KEY,
      "x-goog-upload-protocol": "resumable",
      "x-goog-upload-command": "start",
      "x-goog-upload-header-content-length": String(PDF.length),
      "x-goog-upload-header-content-type": "application/pdf",
    });
    expect(uploads[1].headers).to.include({
      "x-goog-upload-command": "upload, finalize",
      "x-goog-upload-offset": "0",
    });
    const generations = server.requests.filter((sent) => sent.path.endsWith(":generateContent"));
    expect(generations).to.have.length(2);
    for (const sent of generations) {
      expect((sent.reply as { status?: number }).status, "Gemini found the uploaded file").to.equal(
        undefined,
      );
      const parts = (sent.body as { contents: Array<{ parts: unknown[] }> }).contents[0].parts;
      expect(parts[1]).to.deep.equal({
        fileData: { fileUri: server.files[0].uri, mimeType: "application/pdf" },
      });
    }
  });

  it("sends images under the threshold inline, without touching the Files API", async () => {
    const client = await createGoogleProviderClient(instance());
    server.enqueue(googleJsonReply(googleGenerateContentResponse({ text: "A pixel." })));
    const message: ChatMessage = {
      role: "user",
      content: [
        { type: "text", text: "What is this?" },
        { type: "image_url", image_url: { url: `data:image/png;base64,${PNG_BASE64}` } },
      ],
    };
    await client.generate(request([message]), context());
    expect(server.files).to.have.length(0);
    expect((server.requests[0].body as { contents: unknown[] }).contents).to.deep.equal([
      {
        role: "user",
        parts: [{ text: "What is this?" }, { inlineData: { mimeType: "image/png", data: PNG_BASE64 } }],
      },
    ]);
  });

  it("follows the pinned apiVersion in paths, and on v1 sends tools in Gemini's OpenAPI subset, which Gemini accepts", async () => {
    const client = await createGoogleProviderClient(instance({ apiVersion: "v1" }));
    server.enqueue(googleJsonReply(googleGenerateContentResponse({ text: "ok" })));
    await client.generate(request([{ role: "user", content: "hi" }], { tools: REALISTIC_TOOLS }), context());
    const [sent] = server.requests;
    expect(sent.path).to.equal(`/v1/models/${MODEL}:generateContent`);
    expect((sent.reply as { status?: number }).status, "the validator found no unsupported keyword").to.equal(
      undefined,
    );
    const declarations = (sent.body as { tools: Array<{ functionDeclarations: Record<string, unknown>[] }> })
      .tools[0].functionDeclarations;
    expect(declarations.map((declaration) => Object.keys(declaration).includes("parameters"))).to.deep.equal([
      true,
      true,
      true,
      true,
    ]);
  });

  it("sends a named tool choice as mode ANY with allowedFunctionNames", async () => {
    const client = await createGoogleProviderClient(instance());
    server.enqueue(
      googleJsonReply(
        googleGenerateContentResponse({ functionCalls: [{ name: "search_products", args: {} }] }),
      ),
    );
    await client.generate(
      request([{ role: "user", content: "find shoes" }], {
        tools: REALISTIC_TOOLS,
        toolChoice: { type: "function", function: { name: "search_products" } },
      }),
      context(),
    );
    expect((server.requests[0].body as { toolConfig: unknown }).toolConfig).to.deep.equal({
      functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["search_products"] },
    });
  });

  it("maps params to generationConfig on the wire and logs the ones Gemini has no equivalent for", async () => {
    const client = await createGoogleProviderClient(instance());
    server.enqueue(googleJsonReply(googleGenerateContentResponse({ text: "{}" })));
    const schema = { type: "object", properties: { answer: { type: "string" } } };
    const requestContext = context();
    await client.generate(
      request([{ role: "user", content: "json please" }], {
        params: {
          top_p: 0.5,
          response_format: { type: "json_schema", json_schema: { name: "a", schema } },
          parallel_tool_calls: true,
        },
      }),
      requestContext,
    );
    expect((server.requests[0].body as { generationConfig: unknown }).generationConfig).to.deep.equal({
      topP: 0.5,
      responseMimeType: "application/json",
      responseJsonSchema: schema,
    });
    expect(requestContext.lines.join("\n")).to.contain("parallel_tool_calls");
  });

  it("throws ContentFilterError for a blocked prompt that came back with no candidates", async () => {
    const client = await createGoogleProviderClient(instance());
    server.enqueue(googleJsonReply(googleBlockedPromptResponse("PROHIBITED_CONTENT")));
    const error = await client.generate(request([{ role: "user", content: "bad" }]), context()).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).to.be.instanceOf(ContentFilterError);
    expect(error).to.include({ providerCode: "PROHIBITED_CONTENT" });
  });

  it("bounds a body that stalls after the head by timeoutMs: a TimeoutError of phase attempt, the request closed", async () => {
    const client = await createGoogleProviderClient(instance({ timeoutMs: 200 }));
    const reply = googleJsonReply(googleGenerateContentResponse({ text: "a body long enough to stall in" }));
    server.enqueue({ ...reply, stall: { afterBytes: 20, stallMs: Number.POSITIVE_INFINITY } });
    const started = Date.now();
    const error = await failure(client.generate(request([{ role: "user", content: "x" }]), context()));
    expect(error).to.include({ name: "TimeoutError", phase: "attempt", retryable: true });
    expect(Date.now() - started).to.be.within(150, 1500);
    await waitUntil(() => server.requests[0].clientDisconnected);
  });

  it("leaves no listener on the request's signal and no timer once calls with timeoutMs end", async () => {
    const client = await createGoogleProviderClient(instance({ timeoutMs: 60_000 }));
    const signal = new AbortController().signal;
    const call = () =>
      client.generate(
        request([{ role: "user", content: "x" }]),
        fakeRequestContext({ provider: "gemini", model: MODEL, signal }),
      );
    // A first call opens the keep-alive connection, whose idle timers are the HTTP stack's own.
    server.enqueue(googleJsonReply(googleGenerateContentResponse({ text: "warm-up" })));
    await call();
    const before = activeTimers();
    server.enqueue(
      googleJsonReply(googleGenerateContentResponse({ text: "ok" })),
      googleJsonReply(googleGenerateContentResponse({ text: "ok" })),
    );
    await call();
    await call();
    expect(getEventListeners(signal, "abort")).to.have.length(0);
    expect(activeTimers()).to.equal(before);
    // The server is still told the client's limit, as the SDK's own timeout would tell it.
    expect(server.requests.at(-1)?.headers["x-server-timeout"]).to.equal("60");
  });
});

describe("google plugin wiring", () => {
  it("registers type google with its key variables and imports the SDK only when an instance is built", async () => {
    let imports = 0;
    const registered: Array<{ type: string; factory: ProviderFactory; registration?: ProviderRegistration }> =
      [];
    const setupContext = {
      registerProvider: (type: string, factory: ProviderFactory, registration?: ProviderRegistration) =>
        registered.push({ type, factory, registration }),
    } as unknown as PluginContext;
    await googlePlugin.setup(setupContext, {});
    expect(registered.map((entry) => entry.type)).to.deep.equal(["google"]);
    expect(registered[0].registration?.apiKeyEnv).to.deep.equal(["GEMINI_API_KEY", "GOOGLE_API_KEY"]);

    const factory = createGoogleProviderFactory({
      importSdk: async () => {
        imports += 1;
        return import("@google/genai");
      },
    });
    expect(imports).to.equal(0);
    await factory({ name: "a", type: "google", apiKey: KEY }, { fetch });
    await factory({ name: "b", type: "google", apiKey: KEY }, { fetch });
    expect(imports).to.equal(2, "once per instance built");
  });

  it("validates google entries in the config: an unknown key is refused, naming the close one", async () => {
    const error = await createRuntime({
      config: {
        plugins: ["google"],
        providers: { gemini: { type: "google", apiKey: KEY, apiVersoin: "v1" } },
        clients: { default: { provider: "gemini", model: MODEL } },
      },
      env: {},
      logger: pino({ level: "silent" }),
    }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).to.be.instanceOf(ConfigError);
    expect((error as Error).message)
      .to.contain('"apiVersoin"')
      .and.to.contain("apiVersion");
  });

  it("takes the key from GOOGLE_API_KEY when the entry has none and GEMINI_API_KEY is unset", async () => {
    const server = await startGoogleFakeServer();
    const runtime = await createRuntime({
      config: {
        plugins: ["google"],
        providers: { gemini: { type: "google", baseURL: server.url } },
        clients: { default: { provider: "gemini", model: MODEL } },
      },
      env: { GOOGLE_API_KEY: "key-from-google-api-key-env" },
      logger: pino({ level: "silent" }),
    });
    try {
      server.enqueue(googleJsonReply(googleGenerateContentResponse({ text: "ok" })));
      await runtime.client().generateResponse([{ role: "user", content: "hi" }]);
      expect(server.requests[0].headers["x-goog-api-key"]).to.equal("key-from-google-api-key-env");
    } finally {
      await runtime.close();
      await server.close();
    }
  });
});
