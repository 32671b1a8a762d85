import { getEventListeners } from "node:events";
import { expect } from "chai";
import sinon from "sinon";
import { limitAttempt } from "../../src/provider-utils.js";

describe("limitAttempt", () => {
  let clock: sinon.SinonFakeTimers;

  beforeEach(() => {
    clock = sinon.useFakeTimers();
  });

  afterEach(() => {
    clock.restore();
  });

  it("without timeoutMs hands back the request's own signal and arms no timer", () => {
    const signal = new AbortController().signal;
    const limit = limitAttempt(signal, undefined);
    expect(limit.signal).to.equal(signal);
    expect(clock.countTimers()).to.equal(0);
    limit.release();
    expect(limit.timedOut()).to.equal(false);
  });

  it("aborts its signal once timeoutMs passes, and says it timed out", () => {
    const limit = limitAttempt(new AbortController().signal, 200);
    clock.tick(199);
    expect(limit.signal.aborted).to.equal(false);
    clock.tick(1);
    expect(limit.signal.aborted).to.equal(true);
    expect(limit.timedOut()).to.equal(true);
  });

  it("aborts with the request's reason when the request's signal aborts first, which is no timeout", () => {
    const request = new AbortController();
    const limit = limitAttempt(request.signal, 200);
    const reason = new Error("user pressed stop");
    request.abort(reason);
    clock.tick(500);
    expect(limit.signal.reason).to.equal(reason);
    expect(limit.timedOut()).to.equal(false);
  });

  it("starts aborted when the request's signal already is", () => {
    const reason = new Error("too late");
    const limit = limitAttempt(AbortSignal.abort(reason), 200);
    expect(limit.signal.aborted).to.equal(true);
    expect(limit.signal.reason).to.equal(reason);
    limit.release();
  });

  it("leaves no timer and no listener behind once released", () => {
    const request = new AbortController();
    const limit = limitAttempt(request.signal, 60_000);
    expect(getEventListeners(request.signal, "abort")).to.have.length(1);
    expect(clock.countTimers()).to.equal(1);
    limit.release();
    expect(getEventListeners(request.signal, "abort")).to.have.length(0);
    expect(clock.countTimers()).to.equal(0);
    request.abort();
    expect(limit.signal.aborted).to.equal(false);
  });
});
