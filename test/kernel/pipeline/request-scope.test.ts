import { expect } from "chai";
import sinon from "sinon";
import { RequestScope } from "../../../src/kernel/pipeline/request-scope.js";

/** Counts AbortControllers made while `work` runs: the scope must make none unless asked for one. */
function countControllers(work: () => void): number {
  let made = 0;
  const Original = globalThis.AbortController;
  const stub = sinon.stub(globalThis, "AbortController").callsFake(() => {
    made += 1;
    return new Original();
  });
  try {
    work();
  } finally {
    stub.restore();
  }
  return made;
}

describe("RequestScope", () => {
  it("makes no AbortSignal for a request nobody asks one of", () => {
    let scope: RequestScope | undefined;
    const made = countControllers(() => {
      scope = new RequestScope(undefined, 60_000, Date.now());
    });
    expect(made).to.equal(0);
    scope?.dispose();
  });

  it("stops on a caller's abort, waking a wait in progress, and an AbortSignal read later is already aborted", async () => {
    const caller = new AbortController();
    const scope = new RequestScope(caller.signal, 60_000, Date.now());
    const waiting = scope.sleep(60_000).then(
      () => "slept",
      (why: unknown) => why,
    );
    const reason = new Error("user pressed stop");
    caller.abort(reason);
    expect(scope.stopped).to.equal(true);
    expect(await waiting).to.equal(reason);
    expect(scope.signal.aborted).to.equal(true);
    expect(scope.signal.reason).to.equal(reason);
    expect(scope.stoppedError("p", "m").name).to.equal("AbortError");
    scope.dispose();
  });

  it("aborts an AbortSignal read before the deadline when the deadline passes", async () => {
    const scope = new RequestScope(undefined, 20, Date.now());
    const { signal } = scope;
    expect(signal.aborted).to.equal(false);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(signal.aborted).to.equal(true);
    expect(scope.stopped).to.equal(true);
    expect(scope.stoppedError("p", "m").name).to.equal("TimeoutError");
    scope.dispose();
  });

  it("ends a wait early on a stop, with no AbortSignal made for it", async () => {
    const caller = new AbortController();
    const scope = new RequestScope(caller.signal, 60_000, Date.now());
    let wait: Promise<void> | undefined;
    const made = countControllers(() => {
      wait = scope.sleep(60_000);
    });
    caller.abort(new Error("stop"));
    const outcome = await wait?.then(
      () => "resolved",
      (error: Error) => error.message,
    );
    expect(outcome).to.equal("stop");
    expect(made).to.equal(0);
    scope.dispose();
  });

  it("keeps a stream that sends within its idle window, and stops one that goes quiet", async () => {
    const scope = new RequestScope(undefined, 60_000, Date.now());
    scope.watchIdle(30);
    for (let chunk = 0; chunk < 6; chunk++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      scope.touch();
    }
    expect(scope.stopped).to.equal(false);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(scope.stopped).to.equal(true);
    const error = scope.stoppedError("p", "m");
    expect(error.name).to.equal("TimeoutError");
    expect(error.message).to.contain("30 ms");
    scope.dispose();
  });

  it("watches many streams without a timer of each one's own", () => {
    const scopes = [new RequestScope(undefined, 60_000, Date.now())];
    scopes[0].watchIdle(45_000);
    const setTimeoutSpy = sinon.spy(globalThis, "setTimeout");
    try {
      for (let index = 0; index < 50; index++) {
        const scope = new RequestScope(undefined, 60_000, Date.now());
        scope.watchIdle(45_000);
        scope.touch();
        scopes.push(scope);
      }
      expect(setTimeoutSpy.callCount).to.equal(0);
    } finally {
      setTimeoutSpy.restore();
      for (const scope of scopes) scope.dispose();
    }
  });
});
