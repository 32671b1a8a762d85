import { getEventListeners } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import * as openAISdk from "openai";
import { createOpenAIProviderClient } from "../../../plugins/openai/openai-client.js";
import type { OpenAIInstanceConfig } from "../../../plugins/openai/openai-instance-config.js";
import type { ChatMessage, LLMRequest, ProviderClient, ToolDefinition } from "../../../src/contract/index.js";
import { LLMProviderError } from "../../../src/errors/index.js";
import { toAssistantMessage } from "../../../src/kernel/to-assistant-message.js";
import type { FakeServer } from "../../../src/testing/fake-server.js";
import {
  openAIChatCompletion,
  openAIJsonReply,
  startOpenAIFakeServer,
} from "../../../src/testing/protocols/openai-protocol.js";
import { readRecordedJson } from "../../../src/testing/recorded-fixtures.js";
import { fakeRequestContext } from "../../support/fake-request-context.js";

const KEY = "sk-test-client-canary-9f8e7d6c5b4a3210";
const WEATHER: ToolDefinition = {
  type: "function",
  function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
};

function request(messages: ChatMessage[], overrides: Partial<LLMRequest> = {}): LLMRequest {
  return { provider: "openai", model: "gpt-4o", messages, params: {}, ...overrides };
}

async function failureOf(promise: Promise<unknown>): Promise<LLMProviderError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(LLMProviderError);
    return error as LLMProviderError;
  }
  throw new Error("expected the call to fail");
}

describe("createOpenAIProviderClient", () => {
  let server: FakeServer;
  let client: ProviderClient;

  function instance(overrides: Partial<OpenAIInstanceConfig> = {}): OpenAIInstanceConfig {
    return { name: "openai", type: "openai", apiKey: KEY, baseURL: `${server.url}/v1`, ...overrides };
  }

  beforeEach(async () => {
    server = await startOpenAIFakeServer();
    client = await createOpenAIProviderClient(instance());
  });

  afterEach(async () => {
    await server.close();
  });

  it("sends the key as a bearer token, JSON, and no SDK retry count above 0", async () => {
    server.enqueue(openAIJsonReply(openAIChatCompletion({ content: "hi" })));
    await client.generate(
      request([{ role: "user", content: "hello" }], { params: { temperature: 0.3 } }),
      fakeRequestContext(),
    );
    const [sent] = server.requests;
    expect(sent.method).to.equal("POST");
    expect(sent.path).to.equal("/v1/chat/completions");
    expect(sent.headers.authorization).to.equal(`Bearer ${KEY}`);
    expect(sent.headers["content-type"]).to.equal("application/json");
    expect(sent.headers["x-stainless-retry-count"]).to.equal("0");
    expect(sent.body).to.deep.equal({
      model: "gpt-4o",
      messages: [{ role: "user", content: "hello" }],
      temperature: 0.3,
    });
  });

  it("sends organization, project and default headers from the instance", async () => {
    client = await createOpenAIProviderClient(
      instance({ organization: "org-fake", project: "proj_fake", headers: { "x-gateway": "on" } }),
    );
    server.enqueue(openAIJsonReply(openAIChatCompletion({ content: "hi" })));
    await client.generate(request([{ role: "user", content: "hello" }]), fakeRequestContext());
    expect(server.requests[0].headers).to.deep.include({
      "openai-organization": "org-fake",
      "openai-project": "proj_fake",
      "x-gateway": "on",
    });
  });

  it("serves the recorded openai-text.json and returns its text, usage and finish reason", async function () {
    const recorded = readRecordedJson("openai", "openai-text");
    if (recorded === undefined) {
      console.log("    (skipped: ../shared/fixtures/recorded is absent)");
      this.skip();
    }
    server.enqueue(openAIJsonReply(recorded));
    const output = await client.generate(
      request([{ role: "user", content: "Invent a holiday." }]),
      fakeRequestContext(),
    );
    expect(output.content).to.include("Galaxy Day");
    expect(output.usage).to.deep.include({ promptTokens: 16, completionTokens: 363, totalTokens: 379 });
    expect(output.finishReason).to.equal("stop");
  });

  it("runs a five-turn tool conversation and sends each turn's full history", async () => {
    server.enqueue(
      openAIJsonReply(
        openAIChatCompletion({
          toolCalls: [{ id: "call_paris", name: "get_weather", arguments: { city: "Paris" } }],
        }),
      ),
      openAIJsonReply(
        openAIChatCompletion({
          toolCalls: [{ id: "call_tokyo", name: "get_weather", arguments: { city: "Tokyo" } }],
        }),
      ),
      openAIJsonReply(openAIChatCompletion({ content: "Paris is 21°C, Tokyo is 18°C." })),
    );
    const history: ChatMessage[] = [
      { role: "system", content: "Use the tools." },
      { role: "user", content: "Weather in Paris and Tokyo?" },
    ];
    const call = () =>
      client.generate(request([...history], { tools: [WEATHER], toolChoice: "auto" }), fakeRequestContext());
    const first = await call();
    history.push(toAssistantMessage(first), {
      role: "tool",
      tool_call_id: "call_paris",
      content: '{"c":21}',
    });
    const second = await call();
    history.push(toAssistantMessage(second), {
      role: "tool",
      tool_call_id: "call_tokyo",
      content: '{"c":18}',
    });
    const answer = await call();

    expect(answer.content).to.equal("Paris is 21°C, Tokyo is 18°C.");
    expect(server.requests).to.have.length(3);
    expect(server.requests.map((sent) => (sent.body as { messages: unknown[] }).messages)).to.deep.equal([
      history.slice(0, 2),
      history.slice(0, 4),
      history,
    ]);
    for (const sent of server.requests) {
      expect(sent.body).to.deep.include({ model: "gpt-4o", tools: [WEATHER], tool_choice: "auto" });
      expect(sent.reply?.kind).to.equal("json");
      expect((sent.reply as { status?: number }).status).to.equal(
        undefined,
        "the validator accepted the turn",
      );
    }
    expect(history[2]).to.deep.equal({
      role: "assistant",
      content: null,
      tool_calls: [
        {
          id: "call_paris",
          type: "function",
          function: { name: "get_weather", arguments: '{"city":"Paris"}' },
        },
      ],
    });
  });

  it("imports the SDK once per instance, when the instance is built, and makes one SDK client for every call", async () => {
    let imports = 0;
    let constructed = 0;
    const importSdk = async () => {
      imports++;
      class CountingOpenAI extends openAISdk.default {
        constructor(options: ConstructorParameters<typeof openAISdk.default>[0]) {
          super(options);
          constructed++;
        }
      }
      return { ...openAISdk, default: CountingOpenAI } as unknown as typeof openAISdk;
    };
    const pending = createOpenAIProviderClient(instance(), { importSdk });
    const built = await pending;
    expect(imports).to.equal(1);
    server.setDefaultReply(openAIJsonReply(openAIChatCompletion({ content: "x" })));
    for (let index = 0; index < 3; index++)
      await built.generate(request([{ role: "user", content: "x" }]), fakeRequestContext());
    expect({ imports, constructed }).to.deep.equal({ imports: 1, constructed: 1 });
  });

  it("maps a server that never answers to TimeoutError at timeoutMs and closes the request", async () => {
    client = await createOpenAIProviderClient(instance({ timeoutMs: 200 }));
    server.enqueue({ kind: "hang" });
    const started = Date.now();
    const error = await failureOf(
      client.generate(request([{ role: "user", content: "x" }]), fakeRequestContext()),
    );
    expect(error.name).to.equal("TimeoutError");
    expect(Date.now() - started).to.be.within(150, 3000);
    await waitUntil(() => server.requests[0].clientDisconnected);
  });

  it("bounds a body that stalls after the head by timeoutMs: a TimeoutError of phase attempt, the request closed", async () => {
    client = await createOpenAIProviderClient(instance({ timeoutMs: 200 }));
    const reply = openAIJsonReply(openAIChatCompletion({ content: "a body long enough to stall in" }));
    server.enqueue({ ...reply, stall: { afterBytes: 20, stallMs: Number.POSITIVE_INFINITY } });
    const started = Date.now();
    const error = await failureOf(
      client.generate(request([{ role: "user", content: "x" }]), fakeRequestContext()),
    );
    expect(error).to.include({ name: "TimeoutError", phase: "attempt", retryable: true });
    expect(error.message).to.include("200 ms");
    expect(Date.now() - started).to.be.within(150, 1500);
    await waitUntil(() => server.requests[0].clientDisconnected);
  });

  it("leaves no listener on the request's signal and no timer once calls with timeoutMs end", async () => {
    client = await createOpenAIProviderClient(instance({ timeoutMs: 60_000 }));
    const signal = new AbortController().signal;
    const call = () =>
      client.generate(request([{ role: "user", content: "x" }]), fakeRequestContext({ signal }));
    // A first call opens the keep-alive connection, whose idle timers are the HTTP stack's own.
    server.enqueue(openAIJsonReply(openAIChatCompletion({ content: "warm-up" })));
    await call();
    const before = activeTimers();
    server.enqueue(
      openAIJsonReply(openAIChatCompletion({ content: "ok" })),
      openAIJsonReply(openAIChatCompletion({ content: "ok" })),
      { kind: "json", status: 500, body: { error: { message: "boom", type: "server_error" } } },
    );
    await call();
    await call();
    await failureOf(call());
    expect(getEventListeners(signal, "abort")).to.have.length(0);
    expect(activeTimers()).to.equal(before);
  });

  it("refuses a completion whose tool_calls is not a list with a typed error, never a TypeError", async () => {
    const body = openAIChatCompletion({ content: null });
    body.choices[0].message.tool_calls = { id: "call_1" } as never;
    server.enqueue(openAIJsonReply(body));
    const error = await failureOf(
      client.generate(request([{ role: "user", content: "x" }]), fakeRequestContext()),
    );
    expect(error).to.include({ code: "provider_error", providerCode: "malformed_tool_call" });
  });

  it("maps a caller abort to AbortError with the reason as cause and closes the request", async () => {
    server.enqueue({ kind: "hang" });
    const controller = new AbortController();
    const call = client.generate(
      request([{ role: "user", content: "x" }]),
      fakeRequestContext({ signal: controller.signal }),
    );
    await server.waitForRequests(1);
    const reason = new Error("user pressed stop");
    controller.abort(reason);
    const error = await failureOf(call);
    expect(error.name).to.equal("AbortError");
    expect(error.cause).to.equal(reason);
    await waitUntil(() => server.requests[0].clientDisconnected);
  });

  it("does not send a request whose signal has already aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("too late"));
    const error = await failureOf(
      client.generate(
        request([{ role: "user", content: "x" }]),
        fakeRequestContext({ signal: controller.signal }),
      ),
    );
    expect(error.name).to.equal("AbortError");
    expect(server.requests).to.have.length(0);
  });

  it("maps a connection reset to ConnectionError", async () => {
    server.enqueue({ kind: "reset" });
    const error = await failureOf(
      client.generate(request([{ role: "user", content: "x" }]), fakeRequestContext()),
    );
    expect(error.name).to.equal("ConnectionError");
  });

  it("maps a refused connection to ConnectionError", async () => {
    const url = server.url;
    await server.close();
    client = await createOpenAIProviderClient(instance({ baseURL: `${url}/v1` }));
    const error = await failureOf(
      client.generate(request([{ role: "user", content: "x" }]), fakeRequestContext()),
    );
    expect(error.name).to.equal("ConnectionError");
  });

  it("refuses a 200 HTML page without echoing it, never as an empty success", async () => {
    server.enqueue({ kind: "text", contentType: "text/html", body: "<html>secret-proxy-page</html>" });
    const error = await failureOf(
      client.generate(request([{ role: "user", content: "x" }]), fakeRequestContext()),
    );
    expect(error.code).to.equal("provider_error");
    expect(error.message).not.to.include("secret-proxy-page");
  });

  it("fails with a typed error on a truncated JSON body", async () => {
    const body = JSON.stringify(openAIChatCompletion({ content: "a long answer" }));
    server.enqueue({ kind: "text", contentType: "application/json", body, truncateAfterBytes: 40 });
    const error = await failureOf(
      client.generate(request([{ role: "user", content: "x" }]), fakeRequestContext()),
    );
    expect(["connection", "provider_error"]).to.include(error.code);
  });

  it("logs dropped params at debug without the key", async () => {
    const context = fakeRequestContext();
    server.enqueue(openAIJsonReply(openAIChatCompletion({ content: "x" })));
    await client.generate(request([{ role: "user", content: "x" }], { params: { top_k: 3 } }), context);
    expect(context.lines.join("\n")).to.include("top_k");
    expect(context.lines.join("\n")).not.to.include(KEY);
  });

  it("reads a file attachment into OpenAI's parts, honouring the allowed roots", async () => {
    const folder = await mkdtemp(join(tmpdir(), "llm-openai-file-"));
    try {
      await writeFile(join(folder, "notes.txt"), "hello file");
      const message = await client.formatUserMessageWithFile?.(
        "Read.",
        join(folder, "notes.txt"),
        "text/plain",
        100,
        {
          maxBytes: 1000,
          allowedRoots: [folder],
        },
      );
      expect(message?.content).to.deep.equal([
        { type: "text", text: "Read." },
        { type: "text", text: "File notes.txt (text/plain):\nhello file" },
      ]);
      const outside = client.formatUserMessageWithFile?.("Read.", "/etc/hostname", "text/plain", 100, {
        maxBytes: 1000,
        allowedRoots: [folder],
      });
      expect(await outside?.catch((error: Error) => error.name)).to.equal("AttachmentError");
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

const activeTimers = () => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;

async function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
