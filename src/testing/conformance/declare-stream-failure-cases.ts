import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import type { ChatMessage } from "../../contract/messages.js";
import type { ConformanceContext } from "./conformance-context.js";
import {
  collectStream,
  eventIndexOf,
  eventsOfType,
  STREAM_CASE_TITLES,
  streamAdapter,
  streamedText,
  waitUntil,
} from "./stream-case-helpers.js";

const PROMPT: ChatMessage[] = [{ role: "user", content: "Stream a greeting." }];
const PIECES = ["Echo-", "Foxtrot-", "Golf."];
const USAGE = { promptTokens: 8, completionTokens: 3 };

/** The retry plugin with no wait, so the retried cases stay fast and deterministic. */
const RETRY_PLUGIN = { use: "retry", options: { maxRetries: 2, initialDelayMs: 0, jitter: 0 } };

/** Active timers keeping the process alive (unref'd ones excluded, as Node reports them). */
function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === "Timeout").length;
}

/**
 * Streams failing before and after the first delta: retry acts
 * only while nothing reached the caller; afterwards the stream ends with a typed error carrying
 * `partialOutput`, and one request is on the wire. Each case loads the retry plugin, so a silent
 * restart would show as a second request.
 */
export function declareStreamFailureCases(context: ConformanceContext): void {
  const { it } = context.testApi;
  const { adapter } = context;
  const [, , , , , beforeStartTitle, errorEventTitle, afterDeltaTitle, cutTitle, abortTitle, leakTitle] =
    STREAM_CASE_TITLES;
  const retrying = () => context.openHarness({ plugins: [RETRY_PLUGIN] });
  const pending = (title: string) => it(`${title} (this provider has no in-stream error event)`);

  it(beforeStartTitle, async () => {
    const { server, client } = await retrying();
    const failure = adapter.errorCase("provider_unavailable", context.canary.key);
    assert.ok(failure, "the adapter gives a provider_unavailable error case");
    server.enqueue(failure.reply, streamAdapter(context).textReply(PIECES, USAGE));
    const { events, error } = await collectStream(client.streamResponse(PROMPT));
    assert.equal(error, undefined);
    assert.equal(server.requests.length, 2, "one failed request, one retry");
    assert.equal(streamedText(events), PIECES.join(""), "no duplicated text");
  });

  if (streamAdapter(context).errorEventReply([]) === undefined) {
    pending(errorEventTitle);
    pending(afterDeltaTitle);
  } else {
    it(errorEventTitle, async () => {
      const { server, client } = await retrying();
      const stream = streamAdapter(context);
      server.enqueue(stream.errorEventReply([]) ?? assert.fail(), stream.textReply(PIECES, USAGE));
      const { events, error } = await collectStream(client.streamResponse(PROMPT));
      assert.equal(error, undefined);
      assert.equal(server.requests.length, 2, "the error event was retried");
      assert.equal(streamedText(events), PIECES.join(""));
    });

    it(afterDeltaTitle, async () => {
      const { server, client } = await retrying();
      server.enqueue(streamAdapter(context).errorEventReply([PIECES[0]]) ?? assert.fail());
      server.setDefaultReply(streamAdapter(context).textReply(PIECES, USAGE));
      const { events, error } = await collectStream(client.streamResponse(PROMPT));
      assert.equal(error?.name, "ProviderUnavailableError");
      assert.equal(error.partialOutput?.content, PIECES[0]);
      assert.equal(streamedText(events), PIECES[0]);
      assert.equal(server.requests.length, 1, "never restarted after a delta");
    });
  }

  it(cutTitle, async () => {
    const { server, client } = await retrying();
    const reply = streamAdapter(context).textReply(PIECES, USAGE);
    server.enqueue({ ...reply, cutAfterEvents: eventIndexOf(reply, PIECES[0]) + 1 });
    server.setDefaultReply(reply);
    const { events, error } = await collectStream(client.streamResponse(PROMPT));
    assert.ok(error, "the cut stream ends with an error, never a finish");
    assert.equal(error.name, "ConnectionError");
    assert.equal(error.partialOutput?.content, PIECES[0]);
    assert.equal(eventsOfType(events, "finish").length, 0);
    assert.equal(server.requests.length, 1, "exactly one request on the wire");
  });

  it(abortTitle, async () => {
    const { server, client } = context.harness();
    const reply = streamAdapter(context).textReply(PIECES, USAGE);
    server.enqueue({ ...reply, hangAfterEvents: eventIndexOf(reply, PIECES[0]) + 1 });
    const controller = new AbortController();
    const reason = new Error("user pressed stop");
    let error: { name?: string; partialOutput?: { content: string } } | undefined;
    try {
      for await (const event of client.streamResponse(PROMPT, undefined, undefined, {
        signal: controller.signal,
      })) {
        if (event.type === "text-delta") controller.abort(reason);
      }
    } catch (thrown) {
      error = thrown as typeof error;
    }
    assert.equal(error?.name, "AbortError");
    assert.equal(error?.partialOutput?.content, PIECES[0]);
    await waitUntil(() => server.requests[0]?.clientDisconnected === true, "the server saw the disconnect");
  });

  it(leakTitle, async () => {
    const { server, client } = context.harness();
    const stream = streamAdapter(context);
    const controller = new AbortController();
    const options = { signal: controller.signal };
    const reply = stream.textReply(PIECES, USAGE);
    const firstPiece = eventIndexOf(reply, PIECES[0]) + 1;
    server.enqueue(reply);
    await collectStream(client.streamResponse(PROMPT, undefined, undefined, options));
    const baseline = activeTimers();
    server.enqueue(
      reply,
      { ...reply, hangAfterEvents: firstPiece },
      { ...reply, cutAfterEvents: firstPiece },
    );
    await collectStream(client.streamResponse(PROMPT, undefined, undefined, options));
    for await (const event of client.streamResponse(PROMPT, undefined, undefined, options)) {
      if (event.type === "text-delta") break;
    }
    const { error } = await collectStream(client.streamResponse(PROMPT, undefined, undefined, options));
    assert.ok(error, "the cut stream failed");
    assert.equal(getEventListeners(controller.signal, "abort").length, 0, "no abort listener left");
    await waitUntil(() => activeTimers() <= baseline, `no timer left behind (baseline ${baseline})`);
  });
}
