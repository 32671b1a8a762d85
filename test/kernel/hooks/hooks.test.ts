import { expect } from "chai";
import type { LLMRequest, RequestContext } from "../../../src/index.js";
import { HookError } from "../../../src/index.js";
import { runBail, runWaterfall } from "../../../src/kernel/hooks/hook-engine.js";
import { createHooks, createPluginHooks } from "../../../src/kernel/hooks/hooks.js";

const request = { provider: "p", model: "m", messages: [], params: {} } as LLMRequest;
const context = {} as RequestContext;

describe("kernel hooks", () => {
  it("orders taps by named stage, not by the order plugins tapped them", async () => {
    const hooks = createHooks();
    const order: string[] = [];
    createPluginHooks(hooks, "observer").beforeRequest.tap(
      { stage: "observe" },
      () => void order.push("observe"),
    );
    createPluginHooks(hooks, "plain").beforeRequest.tap(() => void order.push("default"));
    createPluginHooks(hooks, "translator").beforeRequest.tap(
      { stage: "translate" },
      () => void order.push("translate"),
    );
    createPluginHooks(hooks, "redactor").beforeRequest.tap(
      { stage: "redact" },
      () => void order.push("redact"),
    );
    await runWaterfall(hooks.beforeRequest, request, context);
    expect(order).to.deep.equal(["translate", "redact", "default", "observe"]);
  });

  it("runs retry-stage onError taps before fallback-stage ones, and the first decision wins", async () => {
    const hooks = createHooks();
    createPluginHooks(hooks, "fallback").onError.tap({ stage: "fallback" }, () => ({ action: "fallback" }));
    createPluginHooks(hooks, "retry").onError.tap({ stage: "retry" }, () => ({
      action: "retry",
      delayMs: 10,
    }));
    // biome-ignore lint/suspicious/noExplicitAny: the error itself is irrelevant here
    const decision = await runBail(hooks.onError, {} as any, context, request);
    expect(decision).to.deep.equal({ action: "retry", delayMs: 10 });
  });

  it("runs synchronous waterfall taps without a promise, each given the previous tap's value", () => {
    const hooks = createHooks();
    createPluginHooks(hooks, "second").beforeRequest.tap((value) => ({
      ...value,
      model: `${value.model}+2`,
    }));
    createPluginHooks(hooks, "first").beforeRequest.tap({ stage: "translate" }, (value) => ({
      ...value,
      model: `${value.model}+1`,
    }));
    createPluginHooks(hooks, "keeper").beforeRequest.tap({ stage: "observe" }, () => undefined);
    const result = runWaterfall(hooks.beforeRequest, request, context);
    expect(result).to.not.be.instanceOf(Promise);
    expect((result as LLMRequest).model).to.equal("m+1+2");
  });

  it("waits for a tap that returns a promise, then runs the rest in stage order", async () => {
    const hooks = createHooks();
    const order: string[] = [];
    createPluginHooks(hooks, "sync-before").beforeRequest.tap({ stage: "translate" }, () => {
      order.push("sync-before");
    });
    createPluginHooks(hooks, "async").beforeRequest.tap(async (value) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push("async");
      return { ...value, model: "from-async" };
    });
    createPluginHooks(hooks, "sync-after").beforeRequest.tap({ stage: "observe" }, (value) => {
      order.push(`sync-after saw ${value.model}`);
    });
    const result = runWaterfall(hooks.beforeRequest, request, context);
    expect(result).to.be.instanceOf(Promise);
    expect((await result).model).to.equal("from-async");
    expect(order).to.deep.equal(["sync-before", "async", "sync-after saw from-async"]);
  });

  it("turns a synchronous throw or a wrong result into a HookError naming the plugin, and a rejection too", async () => {
    const throwing = createHooks();
    createPluginHooks(throwing, "thrower").beforeRequest.tap(() => {
      throw new Error("boom");
    });
    expect(() => runWaterfall(throwing.beforeRequest, request, context))
      .to.throw(HookError)
      .with.property("plugin", "thrower");
    const wrong = createHooks();
    createPluginHooks(wrong, "wrong").beforeRequest.tap(() => ({ nope: true }) as unknown as LLMRequest);
    expect(() => runWaterfall(wrong.beforeRequest, request, context)).to.throw(HookError, /other than/);
    const rejecting = createHooks();
    createPluginHooks(rejecting, "rejecter").beforeRequest.tap(() => Promise.reject(new Error("later")));
    const error = await (runWaterfall(rejecting.beforeRequest, request, context) as Promise<unknown>).then(
      () => expect.fail("should have rejected"),
      (thrown: unknown) => thrown,
    );
    expect(error).to.be.instanceOf(HookError).with.property("plugin", "rejecter");
  });

  it("applies the copy step once, just before the first tap that is not read-only", () => {
    const hooks = createHooks();
    const seen: string[] = [];
    createPluginHooks(hooks, "reader").beforeRequest.tap({ stage: "translate", readOnly: true }, (value) => {
      seen.push(`reader saw ${value.model}`);
    });
    createPluginHooks(hooks, "editor").beforeRequest.tap((value) => {
      seen.push(`editor saw ${value.model}`);
    });
    createPluginHooks(hooks, "late").beforeRequest.tap({ stage: "observe" }, (value) => {
      seen.push(`late saw ${value.model}`);
    });
    let copies = 0;
    runWaterfall(hooks.beforeRequest, request, context, (value: LLMRequest) => {
      copies++;
      return { ...value, model: "copy" };
    });
    expect(copies).to.equal(1);
    expect(seen).to.deep.equal(["reader saw m", "editor saw copy", "late saw copy"]);
  });

  it("gives plugins a view that can tap but not call or replace a hook", () => {
    const view = createPluginHooks(createHooks(), "p");
    expect(Object.keys(view.beforeRequest)).to.deep.equal(["tap"]);
    expect(Object.isFrozen(view)).to.equal(true);
    expect(() => {
      (view as unknown as Record<string, unknown>).beforeRequest = null;
    }).to.throw(TypeError);
  });

  it("refuses an unknown stage name at tap time", () => {
    const view = createPluginHooks(createHooks(), "p");
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong stage
    expect(() => view.beforeRequest.tap({ stage: "later" as any }, () => undefined)).to.throw(
      /unknown stage "later"/,
    );
  });
});
