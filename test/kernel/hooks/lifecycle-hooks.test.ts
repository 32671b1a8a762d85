import { expect } from "chai";
import type { ScriptedProviderClient, ScriptedRule } from "../../../plugins/scripted/index.js";
import {
  type AttemptEvent,
  type ChatMessage,
  createRuntime,
  definePlugin,
  isLLMError,
  type Plugin,
  type PluginHooks,
  ProviderUnavailableError,
  type RequestOutcome,
  type Runtime,
  type StreamEvent,
} from "../../../src/index.js";
import { captureLogger } from "../runtime-fixture.js";

const hello: ChatMessage[] = [{ role: "user", content: "hi" }];

/** A plugin object that taps hooks in its setup, passed to createRuntime directly. */
function tapping(name: string, tap: (hooks: PluginHooks) => void): Plugin {
  return definePlugin({
    name,
    apiVersion: 2,
    optionsSchema: { type: "object" },
    setup(context) {
      tap(context.hooks);
    },
  });
}

interface Setup {
  providers: Record<string, ScriptedRule[]>;
  chain: string[];
  plugins: unknown[];
  timeoutMs?: number;
  maxAttemptsPerRequest?: number;
}

async function start(setup: Setup) {
  const { logger, lines } = captureLogger("warn");
  const [primary, ...fallbacks] = setup.chain;
  const runtime: Runtime = await createRuntime({
    config: {
      plugins: ["scripted", ...setup.plugins],
      providers: Object.fromEntries(
        Object.entries(setup.providers).map(([name, rules]) => [name, { type: "scripted", rules }]),
      ),
      clients: {
        default: {
          provider: primary,
          model: `${primary}-model`,
          ...(setup.timeoutMs ? { timeoutMs: setup.timeoutMs } : {}),
          fallbacks: fallbacks.map((provider) => ({ provider, model: `${provider}-model` })),
        },
      },
    },
    env: {},
    logger,
    ...(setup.maxAttemptsPerRequest ? { maxAttemptsPerRequest: setup.maxAttemptsPerRequest } : {}),
  });
  const scripted = (name: string) => runtime.providerClient(name) as ScriptedProviderClient;
  return { runtime, client: runtime.client(), scripted, lines };
}

/** Records every afterRequest outcome. */
function outcomeRecorder() {
  const outcomes: RequestOutcome[] = [];
  const plugin = tapping("outcomes", (hooks) => {
    hooks.afterRequest.tap({ stage: "observe" }, (outcome) => {
      outcomes.push(outcome);
    });
  });
  return { outcomes, plugin };
}

async function drain(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

const textOf = (events: StreamEvent[]) =>
  events.map((event) => (event.type === "text-delta" ? event.delta : "")).join("");

describe("lifecycle hooks: beforeAttempt, afterAttempt, afterRequest, streamEvent", () => {
  describe("beforeAttempt", () => {
    it("skips a target without calling it, records the skip, and moves to the next target", async () => {
      const until = Date.now() + 30_000;
      const breaker = tapping("breaker", (hooks) => {
        hooks.beforeAttempt.tap((target) =>
          target.provider === "alpha"
            ? { action: "skip", reason: "circuit open", untilMs: until }
            : undefined,
        );
      });
      const { runtime, client, scripted } = await start({
        providers: { alpha: [{ reply: { text: "from alpha" } }], beta: [{ reply: { text: "from beta" } }] },
        chain: ["alpha", "beta"],
        plugins: [breaker],
      });
      try {
        const sentAt = Date.now();
        const output = await client.generateResponse(hello);
        expect(output.content).to.equal("from beta");
        expect(scripted("alpha").requests).to.have.length(0);
        expect(output.attempts.map(({ provider, outcome }) => `${provider} ${outcome}`)).to.deep.equal([
          "alpha skipped",
          "beta success",
        ]);
        expect(output.attempts[0]).to.include({
          skipReason: "circuit open",
          skippedUntil: until,
          durationMs: 0,
        });
        expect(output.attempts[0].startedAt, "when the target was skipped").to.be.within(sentAt, Date.now());
      } finally {
        await runtime.close();
      }
    });

    it("fails at once with ProviderUnavailableError and the earliest untilMs when every remaining target is skipped", async () => {
      const now = Date.now();
      const untilByTarget: Record<string, number> = { alpha: now + 60_000, beta: now + 20_000 };
      const bulkhead = tapping("bulkhead", (hooks) => {
        // A promise: a bulkhead may wait for a slot before it decides.
        hooks.beforeAttempt.tap(async (target) => ({
          action: "skip",
          reason: "cooling down",
          untilMs: untilByTarget[target.provider],
        }));
      });
      const { runtime, client, scripted } = await start({
        providers: { alpha: [{ reply: { text: "a" } }], beta: [{ reply: { text: "b" } }] },
        chain: ["alpha", "beta"],
        plugins: [bulkhead],
      });
      try {
        const error = await client.generateResponse(hello).then(
          () => expect.fail("every target was skipped"),
          (thrown: unknown) => thrown,
        );
        expect(error).to.be.instanceOf(ProviderUnavailableError);
        const unavailable = error as ProviderUnavailableError;
        expect(unavailable.code).to.equal("provider_unavailable");
        expect(unavailable.retryAfterMs).to.be.within(15_000, 20_000);
        expect(unavailable.attempts.map((record) => record.outcome)).to.deep.equal(["skipped", "skipped"]);
        expect(unavailable.message).to.match(/alpha \(cooling down\).*beta \(cooling down\)/s);
        expect(scripted("alpha").requests.length + scripted("beta").requests.length).to.equal(0);
      } finally {
        await runtime.close();
      }
    });

    it("leaves retryAfterMs undefined when no skip said until when, and does not count skips against the attempt limit", async () => {
      const skipAll = tapping("skip-all", (hooks) => {
        hooks.beforeAttempt.tap((target) =>
          target.provider === "beta" ? undefined : { action: "skip", reason: "held back" },
        );
      });
      const { runtime, client } = await start({
        providers: { alpha: [{ reply: { text: "a" } }], beta: [{ reply: { text: "b" } }] },
        chain: ["alpha", "beta"],
        plugins: [skipAll],
        maxAttemptsPerRequest: 1,
      });
      try {
        // One call allowed: the skip of alpha does not use it up.
        expect((await client.generateResponse(hello)).content).to.equal("b");
      } finally {
        await runtime.close();
      }
      const second = await start({
        providers: { alpha: [{ reply: { text: "a" } }] },
        chain: ["alpha"],
        plugins: [skipAll],
      });
      try {
        const error = await second.client.generateResponse(hello).catch((thrown: unknown) => thrown);
        expect(error).to.be.instanceOf(ProviderUnavailableError).with.property("retryAfterMs", undefined);
      } finally {
        await second.runtime.close();
      }
    });

    it("refuses a tap result that is not a skip decision with a HookError naming the plugin", async () => {
      const wrong = tapping("wrong-gate", (hooks) => {
        hooks.beforeAttempt.tap(() => ({ action: "later" }) as never);
      });
      const { runtime, client } = await start({
        providers: { alpha: [{ reply: { text: "a" } }] },
        chain: ["alpha"],
        plugins: [wrong],
      });
      try {
        const error = await client.generateResponse(hello).catch((thrown: unknown) => thrown);
        expect(isLLMError(error, "hook")).to.equal(true);
        expect(error).to.have.property("plugin", "wrong-gate");
      } finally {
        await runtime.close();
      }
    });
  });

  describe("afterAttempt", () => {
    it("is told once per provider call, success and error, with a copy of the record, and never for a skip", async () => {
      const seen: AttemptEvent[] = [];
      const told: string[] = [];
      const watcher = tapping("watcher", (hooks) => {
        hooks.beforeAttempt.tap((target) =>
          target.provider === "alpha" ? { action: "skip", reason: "cooldown" } : undefined,
        );
        hooks.afterAttempt.tap((event) => {
          seen.push(event);
          told.push(`${event.record.provider} ${event.record.outcome}`);
          // An observer cannot change what the kernel keeps.
          (event.record as { outcome: string }).outcome = "tampered";
        });
      });
      const { runtime, client } = await start({
        providers: {
          alpha: [{ reply: { text: "a" } }],
          beta: [{ error: { kind: "provider_unavailable", status: 503 } }],
          gamma: [{ reply: { text: "from gamma" } }],
        },
        chain: ["alpha", "beta", "gamma"],
        plugins: ["fallback", watcher],
      });
      try {
        const output = await client.generateResponse(hello);
        expect(output.content).to.equal("from gamma");
        expect(told).to.deep.equal(["beta error", "gamma success"]);
        expect(seen[0].error?.code).to.equal("provider_unavailable");
        expect(seen[0].request.model).to.equal("beta-model");
        expect(Object.isFrozen(seen[0])).to.equal(true);
        expect(output.attempts.map((record) => record.outcome)).to.deep.equal([
          "skipped",
          "error",
          "success",
        ]);
      } finally {
        await runtime.close();
      }
    });

    it("is told when a stream's attempt ends, and when the caller breaks off a stream", async () => {
      const seen: string[] = [];
      const watcher = tapping("watcher", (hooks) => {
        hooks.afterAttempt.tap(({ record }) => {
          seen.push(`${record.outcome} ${record.errorCode ?? ""}`.trim());
        });
      });
      const { runtime, client } = await start({
        providers: { alpha: [{ reply: { text: "abc", chunks: ["a", "b", "c"] } }] },
        chain: ["alpha"],
        plugins: [watcher],
      });
      try {
        await drain(client.streamResponse(hello));
        for await (const event of client.streamResponse(hello)) {
          if (event.type === "text-delta") break;
        }
        expect(seen).to.deep.equal(["success", "error aborted"]);
      } finally {
        await runtime.close();
      }
    });
  });

  describe("afterRequest", () => {
    it("is called exactly once for a success, a failure, an abort, a passed deadline and the attempt limit", async () => {
      const { outcomes, plugin } = outcomeRecorder();
      const { runtime, client } = await start({
        providers: {
          ok: [{ match: { contains: "ok" }, reply: { text: "fine" } }],
          bad: [{ error: { kind: "rate_limit", status: 429 } }],
        },
        chain: ["ok"],
        plugins: [plugin],
      });
      const failing = await start({
        providers: { bad: [{ error: { kind: "rate_limit", status: 429 } }] },
        chain: ["bad"],
        plugins: [plugin, { use: "retry", options: { maxRetries: 5, initialDelayMs: 1, jitter: 0 } }],
        maxAttemptsPerRequest: 3,
      });
      const slow = await start({
        providers: { slow: [{ delayMs: 5_000, reply: { text: "late" } }] },
        chain: ["slow"],
        plugins: [plugin],
        timeoutMs: 50,
      });
      try {
        await client.generateResponse([{ role: "user", content: "ok" }]);
        expect(outcomes).to.have.length(1);
        expect(outcomes[0]).to.include({ aborted: false, streaming: false });
        expect(outcomes[0].output?.content).to.equal("fine");
        expect(outcomes[0].error).to.equal(undefined);

        // The attempt limit: three calls, then the kernel fails the request itself.
        const limited = await failing.client.generateResponse(hello).catch((thrown: unknown) => thrown);
        expect(outcomes).to.have.length(2);
        expect(outcomes[1].error).to.equal(limited);
        expect(outcomes[1].attempts).to.have.length(3);
        expect(outcomes[1].aborted).to.equal(false);

        const deadline = await slow.client.generateResponse(hello).catch((thrown: unknown) => thrown);
        expect(isLLMError(deadline, "timeout")).to.equal(true);
        expect(outcomes).to.have.length(3);
        expect(outcomes[2].error).to.equal(deadline);
        expect(outcomes[2].aborted).to.equal(false);

        const controller = new AbortController();
        const pending = slow.client.generateResponse(hello, undefined, undefined, {
          signal: controller.signal,
        });
        setTimeout(() => controller.abort(), 10);
        const aborted = await pending.catch((thrown: unknown) => thrown);
        expect(isLLMError(aborted, "aborted")).to.equal(true);
        expect(outcomes).to.have.length(4);
        expect(outcomes[3].aborted).to.equal(true);
        expect(outcomes[3].durationMs).to.be.at.least(0);
        expect(Object.isFrozen(outcomes[3])).to.equal(true);
        expect(Object.isFrozen(outcomes[3].attempts)).to.equal(true);
      } finally {
        await Promise.all([runtime.close(), failing.runtime.close(), slow.runtime.close()]);
      }
    });

    it("is called exactly once for a stream that finishes, one the caller breaks off, and one that fails after its first event", async () => {
      const { outcomes, plugin } = outcomeRecorder();
      const { runtime, client } = await start({
        providers: {
          alpha: [
            {
              match: { contains: "fail" },
              reply: { chunks: ["x", "y"] },
              error: { kind: "connection" },
              errorAfterChunks: 1,
            },
            { reply: { text: "abc", chunks: ["a", "b", "c"] } },
          ],
        },
        chain: ["alpha"],
        plugins: [plugin],
      });
      try {
        const events = await drain(client.streamResponse(hello));
        expect(textOf(events)).to.equal("abc");
        expect(outcomes).to.have.length(1);
        expect(outcomes[0]).to.include({ streaming: true, aborted: false });
        expect(outcomes[0].output?.content).to.equal("abc");

        for await (const event of client.streamResponse(hello)) {
          if (event.type === "text-delta") break;
        }
        expect(outcomes).to.have.length(2);
        expect(outcomes[1]).to.include({ streaming: true, aborted: true });
        expect(outcomes[1].output).to.equal(undefined);
        expect(outcomes[1].error).to.equal(undefined);

        const failed = await drain(client.streamResponse([{ role: "user", content: "fail" }])).catch(
          (thrown: unknown) => thrown,
        );
        expect(isLLMError(failed, "connection")).to.equal(true);
        expect(outcomes).to.have.length(3);
        expect(outcomes[2].error).to.equal(failed);
        expect(outcomes[2].aborted).to.equal(false);
      } finally {
        await runtime.close();
      }
    });

    it("never fails a request for an observe tap that throws or rejects: it logs a warning instead", async () => {
      const throwing = tapping("clumsy-observer", (hooks) => {
        hooks.afterAttempt.tap(() => {
          throw new Error("afterAttempt went wrong");
        });
        hooks.afterRequest.tap(() => {
          throw new Error("afterRequest went wrong");
        });
        hooks.afterRequest.tap({ name: "rejecting" }, () => Promise.reject(new Error("later")));
      });
      const { runtime, client, lines } = await start({
        providers: { alpha: [{ reply: { text: "still fine" } }] },
        chain: ["alpha"],
        plugins: [throwing],
      });
      try {
        expect((await client.generateResponse(hello)).content).to.equal("still fine");
        expect(textOf(await drain(client.streamResponse(hello)))).to.equal("still fine");
        const warnings = lines.map(
          (line) => JSON.parse(line) as { level: number; msg: string; plugin?: string },
        );
        expect(warnings.filter((line) => line.level === 40).map((line) => line.msg)).to.include.members([
          'afterAttempt tap of plugin "clumsy-observer" failed; the request goes on',
          'afterRequest tap of plugin "clumsy-observer" failed; the request goes on',
          'afterRequest tap of plugin "rejecting" failed; the request goes on',
        ]);
      } finally {
        await runtime.close();
      }
    });
  });

  describe("onError", () => {
    it("is never asked once the request has stopped: the kernel alone checks for a stop", async () => {
      let asked = 0;
      const eager = tapping("eager-retry", (hooks) => {
        hooks.onError.tap(() => {
          asked += 1;
          return { action: "retry", delayMs: 0 };
        });
      });
      const { runtime, client } = await start({
        providers: { alpha: [{ delayMs: 5_000, reply: { text: "late" } }] },
        chain: ["alpha"],
        plugins: [eager],
        timeoutMs: 40,
      });
      try {
        const error = await client.generateResponse(hello).catch((thrown: unknown) => thrown);
        expect(isLLMError(error, "timeout")).to.equal(true);
        expect(asked).to.equal(0);
      } finally {
        await runtime.close();
      }
    });
  });

  describe("streamEvent", () => {
    it("replaces every event the caller receives, deltas and the closing ones", async () => {
      const shouting = tapping("shouting", (hooks) => {
        hooks.streamEvent.tap((event) =>
          event.type === "text-delta" ? { type: "text-delta", delta: event.delta.toUpperCase() } : undefined,
        );
      });
      const { runtime, client } = await start({
        providers: { alpha: [{ reply: { text: "quiet words", chunks: ["quiet ", "words"] } }] },
        chain: ["alpha"],
        plugins: [shouting],
      });
      try {
        const events = await drain(client.streamResponse(hello));
        expect(textOf(events)).to.equal("QUIET WORDS");
        expect(events.map((event) => event.type)).to.deep.equal([
          "text-delta",
          "text-delta",
          "usage",
          "finish",
        ]);
      } finally {
        await runtime.close();
      }
    });

    it("lets a tap hold events back (an empty array) and release them later (several events)", async () => {
      const joining = tapping("joining", (hooks) => {
        let held = "";
        hooks.streamEvent.tap(async (event): Promise<StreamEvent | StreamEvent[]> => {
          if (event.type === "text-delta") {
            held += event.delta;
            return [];
          }
          if (held === "") return event;
          const release: StreamEvent = { type: "text-delta", delta: held };
          held = "";
          return [release, event];
        });
      });
      const { runtime, client } = await start({
        providers: { alpha: [{ reply: { text: "one two", chunks: ["one", " ", "two"] } }] },
        chain: ["alpha"],
        plugins: [joining],
      });
      try {
        const events = await drain(client.streamResponse(hello));
        expect(events.map((event) => event.type)).to.deep.equal(["text-delta", "usage", "finish"]);
        expect(textOf(events)).to.equal("one two");
      } finally {
        await runtime.close();
      }
    });
  });
});
