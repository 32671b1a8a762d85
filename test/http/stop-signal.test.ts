import { getEventListeners } from "node:events";
import { expect } from "chai";
import { CallStop } from "../../src/provider-utils.js";

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

  it("hands out a real AbortSignal, which fetch and AbortSignal.any accept", () => {
    const callStop = new CallStop(new AbortController().signal);
    expect(callStop.signal).to.be.instanceOf(AbortSignal);
    const joined = AbortSignal.any([callStop.signal]);
    callStop.abort();
    expect(joined.aborted).to.equal(true);
    expect((callStop.signal.reason as Error).name).to.equal("AbortError");
    callStop.release();
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
