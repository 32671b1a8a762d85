import { expect } from "chai";
import { StopSignal } from "../../src/http/stop-signal.js";
import { limitAttempt, StopController } from "../../src/index.js";

describe("StopSignal (the kernel's stand-in signal for SDKs)", () => {
  it("calls each abort listener once, with an abort event, and keeps the reason", () => {
    const stop = new StopSignal();
    const calls: string[] = [];
    stop.addEventListener("abort", (event) => calls.push(`first ${event.type}`));
    stop.addEventListener("abort", (event) => calls.push(`second ${event.type}`));
    const reason = new Error("user pressed stop");
    stop.abort(reason);
    stop.abort(new Error("again"));
    expect(calls).to.deep.equal(["first abort", "second abort"]);
    expect(stop.aborted).to.equal(true);
    expect(stop.reason).to.equal(reason);
    expect(() => stop.throwIfAborted()).to.throw("user pressed stop");
  });

  it("never calls a listener that was removed, or one added after the stop", () => {
    const stop = new StopSignal();
    const calls: string[] = [];
    const removed = () => calls.push("removed");
    stop.addEventListener("abort", removed);
    stop.removeEventListener("abort", removed);
    stop.abort(new Error("stop"));
    stop.addEventListener("abort", () => calls.push("late"));
    expect(calls).to.deep.equal([]);
  });

  it("is what limitAttempt hands back for a stand-in, aborted by the time limit or by the request", async () => {
    const request = new StopSignal();
    const limit = limitAttempt(request as unknown as AbortSignal, 20);
    expect(limit.signal).to.be.instanceOf(StopSignal);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(limit.signal.aborted).to.equal(true);
    expect(limit.timedOut()).to.equal(true);
    limit.release();

    const second = limitAttempt(request as unknown as AbortSignal, 60_000);
    const reason = new Error("caller");
    request.abort(reason);
    expect(second.signal.reason).to.equal(reason);
    expect(second.timedOut()).to.equal(false);
    second.release();
  });

  it("is the signal of a StopController, aborted with an AbortError when no reason is given", () => {
    const controller = new StopController();
    const heard: string[] = [];
    controller.signal.addEventListener("abort", (event) => heard.push(event.type));
    controller.abort();
    expect(controller.signal).to.be.instanceOf(StopSignal);
    expect(heard).to.deep.equal(["abort"]);
    expect((controller.signal.reason as Error).name).to.equal("AbortError");
  });
});
