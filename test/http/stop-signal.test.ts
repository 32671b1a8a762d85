import { getEventListeners } from "node:events";
import { expect } from "chai";
import { StopSignal } from "../../src/http/stop-signal.js";
import { CallStop, limitAttempt, StopController } from "../../src/index.js";

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

describe("CallStop (a stream's own stop that follows the request's)", () => {
  it("aborts with the request's reason when the request stops, and on its own without stopping the request", () => {
    const request = new AbortController();
    const followed = new CallStop(request.signal);
    const reason = new Error("user pressed stop");
    request.abort(reason);
    expect(followed.signal.aborted).to.equal(true);
    expect(followed.signal.reason).to.equal(reason);

    const other = new AbortController();
    const own = new CallStop(other.signal);
    own.abort();
    expect(own.signal.aborted).to.equal(true);
    expect(other.signal.aborted).to.equal(false);
    own.release();
  });

  it("is aborted at once for a request that already stopped", () => {
    const request = new AbortController();
    request.abort(new Error("too late"));
    expect(new CallStop(request.signal).signal.aborted).to.equal(true);
  });

  it("leaves no listener on the request's stop once released, and no longer follows it", () => {
    const request = new AbortController();
    const callStop = new CallStop(request.signal);
    expect(getEventListeners(request.signal, "abort")).to.have.length(1);
    callStop.release();
    expect(getEventListeners(request.signal, "abort")).to.have.length(0);
    request.abort();
    expect(callStop.signal.aborted).to.equal(false);
  });
});
