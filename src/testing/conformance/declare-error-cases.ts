import assert from "node:assert/strict";
import { isLLMError, type LLMProviderError } from "../../index.js";
import { CONFORMANCE_ERROR_CLASSES, type ConformanceErrorKind } from "./conformance-adapter.js";
import type { ConformanceContext } from "./conformance-context.js";
import { describeErrorForLeakCheck, findSecretLeaks } from "./find-secret-leaks.js";

const PROMPT = [{ role: "user" as const, content: "Hello?" }];

/** Runs `call` and returns what it rejected with; fails the case if it resolved. */
async function rejectionOf(call: Promise<unknown>): Promise<LLMProviderError> {
  try {
    await call;
  } catch (error) {
    assert.ok(isLLMError(error), `expected an llm-runtime error, got ${String(error)}`);
    return error as LLMProviderError;
  }
  assert.fail("expected the call to fail");
}

export function declareErrorCases(context: ConformanceContext): void {
  const { it } = context.testApi;
  const { adapter, canary } = context;

  for (const kind of Object.keys(CONFORMANCE_ERROR_CLASSES) as ConformanceErrorKind[]) {
    const expected = CONFORMANCE_ERROR_CLASSES[kind];
    const title = `maps a real-shaped ${kind} error to ${expected.className} after one attempt`;
    const errorCase = adapter.errorCase(kind, canary.key);
    if (errorCase === undefined) {
      it(`${title} (this provider has no such error)`);
      continue;
    }
    it(title, async () => {
      const { server, client } = context.harness();
      server.enqueue(errorCase.reply);
      const error = await rejectionOf(client.generateResponse(PROMPT));
      assert.equal(error.name, expected.className);
      assert.equal(error.code, expected.code);
      const status = errorCase.status ?? ("status" in errorCase.reply ? errorCase.reply.status : undefined);
      assert.equal(error.status, status);
      if (errorCase.retryAfterMs !== undefined) assert.equal(error.retryAfterMs, errorCase.retryAfterMs);
      if (errorCase.requestId !== undefined) assert.equal(error.requestId, errorCase.requestId);
      assert.equal(server.requests.length, 1, "the SDK's own retries are off");
      assert.ok(error.cause !== undefined, "the original error is kept as cause");
    });
  }

  it("maps a server that never answers to TimeoutError at the instance's timeoutMs", async () => {
    const harness = await context.openHarness({ timeoutMs: 300 });
    harness.server.enqueue({ kind: "hang" });
    const started = Date.now();
    const error = await rejectionOf(harness.client.generateResponse(PROMPT));
    assert.equal(error.code, "timeout");
    assert.ok(Date.now() - started < 5000, "the timeout fired near timeoutMs");
  });

  it("maps a connection reset to ConnectionError", async () => {
    const { server, client } = context.harness();
    server.enqueue({ kind: "reset" });
    const error = await rejectionOf(client.generateResponse(PROMPT));
    assert.equal(error.code, "connection");
  });

  it("maps a caller abort to AbortError, keeps the reason as cause and closes the request", async () => {
    const { server, client } = context.harness();
    server.enqueue({ kind: "hang" });
    const controller = new AbortController();
    const call = client.generateResponse(PROMPT, undefined, undefined, { signal: controller.signal });
    await server.waitForRequests(1);
    const reason = new Error("user pressed stop");
    controller.abort(reason);
    const error = await rejectionOf(call);
    assert.equal(error.code, "aborted");
    assert.ok(chainIncludes(error, reason), "the abort reason is in the cause chain");
    await waitUntil(() => server.requests[0].clientDisconnected);
  });

  it("sends the configured key and never shows it in logs or error text", async () => {
    const { server, client, logLines } = context.harness();
    server.enqueue(adapter.textReply("ok", { promptTokens: 1, completionTokens: 1 }));
    await client.generateResponse(PROMPT);
    const failure =
      adapter.errorCase("authentication", canary.key) ?? adapter.errorCase("invalid_request", canary.key);
    assert.ok(failure, "the adapter gives an authentication or invalid_request error case");
    server.enqueue(failure.reply);
    const error = await rejectionOf(client.generateResponse(PROMPT));
    assert.equal(adapter.sentApiKey(server.requests[0]), canary.key, "the key reached the wire");
    const leaks = findSecretLeaks(
      [...logLines, ...describeErrorForLeakCheck(error)],
      canary.key,
      canary.tail,
    );
    assert.deepEqual(leaks, [], "no log line or error text holds the key");
  });
}

function chainIncludes(error: unknown, target: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== undefined; depth++) {
    if (current === target) return true;
    current = current instanceof Error ? current.cause : undefined;
  }
  return false;
}

async function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    assert.ok(Date.now() < deadline, "condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
