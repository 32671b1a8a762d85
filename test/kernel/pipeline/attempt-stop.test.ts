import { expect } from "chai";
import { AttemptStop, defaultAttemptLimitMs } from "../../../src/kernel/pipeline/attempt-stop.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("AttemptStop (the default per-attempt limit)", () => {
  it("gives each remaining target an equal share of the time left, and none for a deadline that is not finite", () => {
    expect(defaultAttemptLimitMs(20_000, 2)).to.equal(10_000);
    expect(defaultAttemptLimitMs(600_000, 3)).to.equal(200_000);
    expect(defaultAttemptLimitMs(0, 2)).to.equal(1);
    expect(defaultAttemptLimitMs(Number.NaN, 2)).to.equal(undefined);
    expect(defaultAttemptLimitMs(Number.POSITIVE_INFINITY, 2)).to.equal(undefined);
  });

  it("ends the attempt once its limit passes, and says so", async () => {
    const request = new AbortController();
    const stop = new AttemptStop(request.signal, 20);
    await sleep(80);
    expect(stop.timedOut).to.equal(true);
    expect(stop.signal.aborted).to.equal(true);
    expect(request.signal.aborted, "the request goes on").to.equal(false);
    const error = stop.timeoutError("p", "m", true);
    expect(error).to.include({ name: "TimeoutError", phase: "attempt", retryable: false });
    expect(error.message).to.include("sent no first event within 20 ms");
    stop.release();
  });

  it("follows the request's stop without calling it a timeout, and a settled attempt is never cut", async () => {
    const request = new AbortController();
    const followed = new AttemptStop(request.signal, 10_000);
    request.abort(new Error("caller"));
    expect(followed.signal.aborted).to.equal(true);
    expect(followed.timedOut).to.equal(false);
    followed.release();

    const settled = new AttemptStop(new AbortController().signal, 20);
    settled.settle();
    await sleep(80);
    expect(settled.timedOut).to.equal(false);
    expect(settled.signal.aborted).to.equal(false);
    settled.release();
  });

  it("leaves no listener on the request's stop once released", () => {
    let listeners = 0;
    const request = {
      aborted: false,
      reason: undefined,
      addEventListener: () => {
        listeners += 1;
      },
      removeEventListener: () => {
        listeners -= 1;
      },
    } as unknown as AbortSignal;
    const stop = new AttemptStop(request, 10_000);
    expect(listeners).to.equal(1);
    stop.release();
    expect(listeners).to.equal(0);
  });
});
