import { AsyncLocalStorage } from "node:async_hooks";
import {
  type Context,
  type ContextManager,
  context,
  metrics,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import {
  type HistogramMetricData,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from "@opentelemetry/sdk-metrics";
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { expect } from "chai";
import type { ScriptedRule } from "../../../plugins/scripted/index.js";
import {
  type ChatMessage,
  createRuntime,
  definePlugin,
  isLLMError,
  type Runtime,
} from "../../../src/index.js";
import { captureLogger } from "../../kernel/runtime-fixture.js";

/** A metric reader the test collects from when it wants (the SDK's in-memory reading). */
class CollectingReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** The smallest context manager over AsyncLocalStorage, as an application's SDK setup registers one. */
class AsyncContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    activeContext: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.storage.run(activeContext, () => fn.apply(thisArg, args));
  }
  bind<T>(_context: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.storage.disable();
    return this;
  }
}

const CANARY = "sk-canary-otel-0123456789abcdef";
const hello: ChatMessage[] = [{ role: "user", content: "hi" }];

const exporter = new InMemorySpanExporter();
let reader: CollectingReader;

interface Setup {
  primary: ScriptedRule[];
  backup?: ScriptedRule[];
  otelOptions?: Record<string, unknown>;
  params?: Record<string, unknown>;
  /** Providers a beforeAttempt tap skips. */
  skip?: string[];
}

/** A plugin that keeps the runtime from calling the named providers, as a circuit breaker would. */
function skipping(...providers: string[]) {
  return definePlugin({
    name: "skip-some",
    apiVersion: 2,
    optionsSchema: { type: "object" },
    setup(plugin) {
      plugin.hooks.beforeAttempt.tap((target) =>
        providers.includes(target.provider) ? { action: "skip", reason: "circuit open" } : undefined,
      );
    },
  });
}

/** A runtime with the scripted providers `primary` (and `backup`), retry, fallback and otel. */
async function start(setup: Setup): Promise<Runtime> {
  return createRuntime({
    config: {
      plugins: [
        ...(setup.skip ? [skipping(...setup.skip)] : []),
        "scripted",
        "openai",
        { use: "retry", options: { initialDelayMs: 5, jitter: 0 } },
        "fallback",
        { use: "otel", options: setup.otelOptions ?? {} },
      ],
      providers: {
        primary: { type: "scripted", rules: setup.primary },
        backup: { type: "scripted", rules: setup.backup ?? [{ reply: { text: "backup answer" } }] },
        // Never called: it is here so the runtime knows a secret to scrub.
        unused: { type: "openai", apiKey: CANARY },
      },
      clients: {
        default: {
          provider: "primary",
          model: "primary-model",
          params: setup.params ?? { temperature: 0.2, max_tokens: 100 },
          fallbacks: [{ provider: "backup", model: "backup-model" }],
        },
      },
      logging: { level: "silent" },
    },
    env: {},
  });
}

function requestSpan(): ReadableSpan {
  const roots = exporter.getFinishedSpans().filter((span) => span.parentSpanContext === undefined);
  expect(roots, "request spans").to.have.length(1);
  return roots[0];
}

function attemptSpans(): ReadableSpan[] {
  const root = requestSpan();
  return exporter
    .getFinishedSpans()
    .filter((span) => span.parentSpanContext?.spanId === root.spanContext().spanId)
    .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
}

async function histogram(name: string): Promise<HistogramMetricData | undefined> {
  const { resourceMetrics } = (await reader.collect()) as { resourceMetrics: ResourceMetrics };
  const all = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
  return all.find((metric) => metric.descriptor.name === name) as HistogramMetricData | undefined;
}

describe("the otel plugin", function () {
  this.timeout(20_000);
  let runtime: Runtime | undefined;

  before(() => {
    trace.setGlobalTracerProvider(
      new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }),
    );
  });

  beforeEach(() => {
    exporter.reset();
    metrics.disable();
    reader = new CollectingReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  });

  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
  });

  after(() => {
    trace.disable();
    metrics.disable();
  });

  it("records a success as a request span and one call span, in the GenAI conventions' terms", async () => {
    runtime = await start({ primary: [{ reply: { text: "hello" } }] });
    const output = await runtime.client().generateResponse(hello);
    const request = requestSpan();
    expect(request.name).to.equal("chat primary-model");
    expect(request.kind).to.equal(SpanKind.CLIENT);
    expect(request.status.code).to.equal(SpanStatusCode.UNSET);
    expect(request.attributes).to.deep.include({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "scripted",
      "gen_ai.request.model": "primary-model",
      "gen_ai.request.temperature": 0.2,
      "gen_ai.request.max_tokens": 100,
      "gen_ai.response.model": "primary-model",
      "gen_ai.response.finish_reasons": ["stop"],
      "gen_ai.usage.input_tokens": output.usage.promptTokens,
      "gen_ai.usage.output_tokens": output.usage.completionTokens,
      "llm_runtime.client": "default",
      "llm_runtime.provider": "primary",
      "llm_runtime.attempts": 1,
      "llm_runtime.aborted": false,
      "llm_runtime.streaming": false,
    });
    expect(request.attributes).not.to.have.property("gen_ai.input.messages");
    expect(request.attributes).not.to.have.property("gen_ai.output.messages");
    const [call] = attemptSpans();
    expect(attemptSpans()).to.have.length(1);
    expect(call.name).to.equal("chat primary-model");
    expect(call.attributes).to.deep.include({
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "primary-model",
      "gen_ai.response.model": "primary-model",
      "gen_ai.request.temperature": 0.2,
      "llm_runtime.provider": "primary",
      "llm_runtime.attempt.outcome": "success",
      "llm_runtime.attempt.number": 1,
      "llm_runtime.attempt.target_index": 0,
    });
    expect(call.attributes).not.to.have.property("error.type");
  });

  it("makes the request's span a child of the span active where the application called", async () => {
    context.setGlobalContextManager(new AsyncContextManager());
    try {
      runtime = await start({ primary: [{ reply: { text: "hello" } }] });
      const tracer = trace.getTracer("the-application");
      const handler = tracer.startSpan("handle /chat");
      await context.with(trace.setSpan(context.active(), handler), () =>
        runtime?.client().generateResponse(hello),
      );
      handler.end();
      const request = exporter
        .getFinishedSpans()
        .find(
          (span) => span.name === "chat primary-model" && !span.attributes["llm_runtime.attempt.outcome"],
        );
      expect(request?.parentSpanContext?.spanId).to.equal(handler.spanContext().spanId);
      expect(request?.spanContext().traceId).to.equal(handler.spanContext().traceId);
    } finally {
      context.disable();
    }
  });

  it("records the two GenAI histograms once per request", async () => {
    runtime = await start({ primary: [{ reply: { text: "hello" } }] });
    const output = await runtime.client().generateResponse(hello);
    const duration = await histogram("gen_ai.client.operation.duration");
    expect(duration?.descriptor.unit).to.equal("s");
    expect(duration?.dataPoints).to.have.length(1);
    const [point] = duration?.dataPoints ?? [];
    expect(point.value.count).to.equal(1);
    expect(point.value.sum).to.be.within(0, 5);
    expect(point.attributes).to.deep.equal({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "scripted",
      "gen_ai.request.model": "primary-model",
      "gen_ai.response.model": "primary-model",
    });
    const tokens = await histogram("gen_ai.client.token.usage");
    expect(tokens?.descriptor.unit).to.equal("{token}");
    const byType = Object.fromEntries(
      (tokens?.dataPoints ?? []).map((p) => [p.attributes["gen_ai.token.type"], p.value.sum]),
    );
    expect(byType).to.deep.equal({
      input: output.usage.promptTokens,
      output: output.usage.completionTokens,
    });
  });

  it("records a retry: the failed call's error, status and the wait before the next call", async () => {
    runtime = await start({
      primary: [{ error: { kind: "rate_limit", status: 429 }, times: 1 }, { reply: { text: "hello" } }],
    });
    await runtime.client().generateResponse(hello);
    const [failed, retried] = attemptSpans();
    expect(attemptSpans()).to.have.length(2);
    expect(failed.status.code).to.equal(SpanStatusCode.ERROR);
    expect(failed.attributes).to.deep.include({
      "llm_runtime.attempt.outcome": "error",
      "error.type": "rate_limit",
      "http.response.status_code": 429,
      "llm_runtime.attempt.decision": "retry",
      "llm_runtime.attempt.retry_delay_ms": 5,
      "llm_runtime.attempt.number": 1,
    });
    expect(retried.attributes).to.deep.include({
      "llm_runtime.attempt.outcome": "success",
      "llm_runtime.attempt.number": 2,
    });
    const request = requestSpan();
    expect(request.status.code).to.equal(SpanStatusCode.UNSET);
    expect(request.attributes["llm_runtime.attempts"]).to.equal(2);
  });

  it("records a fallback as an event on the request's span, and the answer of the fallback", async () => {
    // Not retryable (quota_exhausted), so the first call's failure moves straight to the fallback.
    runtime = await start({ primary: [{ error: { kind: "quota_exhausted", status: 429 } }] });
    await runtime.client().generateResponse(hello);
    const request = requestSpan();
    const events = request.events.filter((event) => event.name === "llm_runtime.fallback");
    expect(events).to.have.length(1);
    expect(events[0].attributes).to.deep.equal({
      "llm_runtime.fallback.from_provider": "primary",
      "llm_runtime.fallback.from_model": "primary-model",
      "llm_runtime.fallback.to_provider": "backup",
      "llm_runtime.fallback.to_model": "backup-model",
      "error.type": "quota_exhausted",
    });
    expect(request.attributes).to.deep.include({
      "gen_ai.request.model": "primary-model",
      "gen_ai.response.model": "backup-model",
      "llm_runtime.provider": "backup",
    });
    const [failed, answered] = attemptSpans();
    expect(failed.attributes).to.deep.include({
      "llm_runtime.attempt.decision": "fallback",
      "error.type": "quota_exhausted",
    });
    expect(answered.name).to.equal("chat backup-model");
    expect(answered.attributes).to.deep.include({
      "llm_runtime.provider": "backup",
      "llm_runtime.attempt.target_index": 1,
      "llm_runtime.attempt.outcome": "success",
    });
  });

  it("records a target another plugin skipped as an event, and a request whose every target was skipped", async () => {
    runtime = await start({ primary: [{ reply: { text: "never" } }], skip: ["primary"] });
    await runtime.client().generateResponse(hello);
    const skippedEvents = requestSpan().events.filter((event) => event.name === "llm_runtime.target_skipped");
    expect(skippedEvents.map((event) => event.attributes)).to.deep.equal([
      {
        "llm_runtime.provider": "primary",
        "gen_ai.request.model": "primary-model",
        "llm_runtime.attempt.skip_reason": "circuit open",
      },
    ]);
    expect(attemptSpans().map((span) => span.name)).to.deep.equal(["chat backup-model"]);
    await runtime.close();

    exporter.reset();
    runtime = await start({ primary: [{ reply: { text: "never" } }], skip: ["primary", "backup"] });
    const failure = await runtime
      .client()
      .generateResponse(hello)
      .catch((error: unknown) => error);
    expect(isLLMError(failure) && failure.code).to.equal("provider_unavailable");
    const request = requestSpan();
    expect(request.status.code).to.equal(SpanStatusCode.ERROR);
    expect(request.attributes).to.deep.include({
      "error.type": "provider_unavailable",
      "llm_runtime.attempts": 2,
    });
    expect(request.events.filter((event) => event.name === "llm_runtime.target_skipped")).to.have.length(2);
    expect(attemptSpans()).to.deep.equal([]);
  });

  it("ends every span of a request the caller aborts, marked aborted", async () => {
    runtime = await start({ primary: [{ reply: { text: "late" }, delayMs: 5_000 }] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const failure = await runtime
      .client()
      .generateResponse(hello, undefined, undefined, { signal: controller.signal })
      .catch((error: unknown) => error);
    expect(isLLMError(failure) && failure.code).to.equal("aborted");
    const request = requestSpan();
    expect(request.status.code).to.equal(SpanStatusCode.ERROR);
    expect(request.attributes).to.deep.include({ "error.type": "aborted", "llm_runtime.aborted": true });
    const [call] = attemptSpans();
    expect(call.attributes).to.deep.include({
      "llm_runtime.attempt.outcome": "error",
      "error.type": "aborted",
    });
    const duration = await histogram("gen_ai.client.operation.duration");
    expect(duration?.dataPoints[0].attributes).to.include({ "error.type": "aborted" });
  });

  it("ends a stream's span when the stream ends, not before", async () => {
    runtime = await start({ primary: [{ reply: { text: "a b c", chunks: ["a", " b", " c"] } }] });
    let spansWhileStreaming = -1;
    for await (const event of runtime.client().streamResponse(hello)) {
      if (event.type === "text-delta" && spansWhileStreaming < 0) {
        spansWhileStreaming = exporter.getFinishedSpans().filter((span) => !span.parentSpanContext).length;
      }
    }
    expect(spansWhileStreaming).to.equal(0);
    const request = requestSpan();
    expect(request.attributes).to.deep.include({
      "llm_runtime.streaming": true,
      "llm_runtime.aborted": false,
      "gen_ai.response.finish_reasons": ["stop"],
    });
    expect(attemptSpans()).to.have.length(1);
  });

  it("ends a stream's span when the caller breaks off, and when the stream fails", async () => {
    runtime = await start({
      primary: [
        {
          match: { contains: "fail" },
          reply: { chunks: ["x", "y", "z"] },
          error: { kind: "provider_error" },
          errorAfterChunks: 1,
        },
        { reply: { chunks: ["a", "b", "c"] }, chunkDelayMs: 20 },
      ],
    });
    for await (const event of runtime.client().streamResponse(hello)) {
      if (event.type === "text-delta") break;
    }
    const broken = requestSpan();
    expect(broken.attributes).to.deep.include({ "llm_runtime.aborted": true, "llm_runtime.streaming": true });
    expect(attemptSpans()[0].attributes).to.deep.include({ "error.type": "aborted" });

    exporter.reset();
    const failure = await (async () => {
      for await (const _ of runtime.client().streamResponse([{ role: "user", content: "fail" }])) {
        // reads until the failure
      }
    })().catch((error: unknown) => error);
    expect(isLLMError(failure)).to.equal(true);
    const failed = requestSpan();
    expect(failed.status.code).to.equal(SpanStatusCode.ERROR);
    expect(failed.attributes).to.deep.include({
      "error.type": "provider_error",
      "llm_runtime.aborted": false,
    });
  });

  it("records prompts and replies only when captureContent is set, with secrets scrubbed", async () => {
    const secretive: ChatMessage[] = [{ role: "user", content: `my key is ${CANARY}` }];
    runtime = await start({ primary: [{ reply: { text: `echo ${CANARY}` } }] });
    await runtime.client().generateResponse(secretive);
    const plain = JSON.stringify(exporter.getFinishedSpans().map((span) => span.attributes));
    expect(plain).not.to.include("my key is");
    expect(plain).not.to.include(CANARY);
    await runtime.close();

    exporter.reset();
    runtime = await start({
      primary: [{ reply: { text: `echo ${CANARY}` } }],
      otelOptions: { captureContent: true },
    });
    await runtime.client().generateResponse(secretive);
    const [call] = attemptSpans();
    expect(JSON.parse(String(call.attributes["gen_ai.input.messages"]))).to.deep.equal([
      { role: "user", parts: [{ type: "text", content: "my key is [REDACTED]" }] },
    ]);
    expect(JSON.parse(String(requestSpan().attributes["gen_ai.output.messages"]))).to.deep.equal([
      { role: "assistant", parts: [{ type: "text", content: "echo [REDACTED]" }], finish_reason: "stop" },
    ]);
    expect(JSON.stringify(exporter.getFinishedSpans().map((span) => span.attributes))).not.to.include(CANARY);
  });
});

describe("the otel plugin without a tracer provider", () => {
  const start = (logger?: ReturnType<typeof captureLogger>["logger"]) =>
    createRuntime({
      config: {
        plugins: ["scripted", "otel"],
        providers: { primary: { type: "scripted", rules: [{ reply: { text: "hello" } }] } },
        clients: { default: { provider: "primary", model: "primary-model" } },
      },
      env: {},
      logger,
    });

  beforeEach(() => {
    trace.disable();
    metrics.disable();
  });

  after(() => metrics.disable());

  it("taps nothing when no SDK is registered, and requests work as without it", async () => {
    const { logger, lines } = captureLogger("debug");
    const runtime = await start(logger);
    const output = await runtime.client().generateResponse(hello);
    await runtime.close();
    expect(output.content).to.equal("hello");
    expect(lines.join("")).to.include("no OpenTelemetry SDK is registered: the otel plugin records nothing");
  });

  it("records the metrics alone when only a meter provider is registered", async () => {
    reader = new CollectingReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    exporter.reset();
    const runtime = await start();
    await runtime.client().generateResponse(hello);
    await runtime.close();
    expect((await histogram("gen_ai.client.operation.duration"))?.dataPoints[0].value.count).to.equal(1);
    expect(exporter.getFinishedSpans()).to.deep.equal([]);
  });
});
