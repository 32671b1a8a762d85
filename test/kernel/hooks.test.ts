import { expect } from "chai";
import type { LLMRequest, RequestContext } from "../../src/index.js";
import { createHooks, createPluginHooks } from "../../src/kernel/hooks.js";

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
    await hooks.beforeRequest.promise(request, context);
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
    const decision = await hooks.onError.promise({} as any, context);
    expect(decision).to.deep.equal({ action: "retry", delayMs: 10 });
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
