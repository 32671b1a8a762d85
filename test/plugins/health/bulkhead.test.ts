import { expect } from "chai";
import { Bulkhead, BulkheadRejectedError } from "../../../plugins/health/bulkhead.js";
import { isLLMProviderError } from "../../../src/index.js";

const refuse = () => new BulkheadRejectedError("alpha", "m", { maxConcurrent: 1, maxQueued: 1 });
const noStop = () => () => undefined;

describe("Bulkhead", () => {
  it("runs maxConcurrent at once, queues maxQueued, refuses one more with BulkheadRejectedError (L1)", async () => {
    const bulkhead = new Bulkhead(1, 1);
    const [first, second, third] = [{}, {}, {}];
    expect(bulkhead.acquire(first, refuse, noStop)).to.equal(undefined);
    const waiting = bulkhead.acquire(second, refuse, noStop);
    expect(waiting).to.be.instanceOf(Promise);
    let thrown: unknown;
    try {
      bulkhead.acquire(third, refuse, noStop);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.be.instanceOf(BulkheadRejectedError);
    expect(isLLMProviderError(thrown, "provider_unavailable")).to.equal(true);
    expect((thrown as BulkheadRejectedError).retryable).to.equal(false);
    bulkhead.release(first);
    await waiting;
    expect([bulkhead.active, bulkhead.waiting]).to.deep.equal([1, 0]);
    bulkhead.release(second);
    expect(bulkhead.active).to.equal(0);
  });

  it("takes a waiter out of the queue when its request stops, and frees the place for another", async () => {
    const bulkhead = new Bulkhead(1, 1);
    let stop: ((error: BulkheadRejectedError) => void) | undefined;
    bulkhead.acquire({}, refuse, noStop);
    const waiting = bulkhead.acquire({}, refuse, (leave) => {
      stop = leave;
      return () => undefined;
    });
    stop?.(refuse());
    let rejected = false;
    await waiting?.catch(() => {
      rejected = true;
    });
    expect(rejected).to.equal(true);
    expect(bulkhead.waiting).to.equal(0);
    expect(bulkhead.acquire({}, refuse, noStop)).to.be.instanceOf(Promise);
  });

  it("hands a freed slot to the first waiter, and a release of a waiter that never ran empties its place", async () => {
    const bulkhead = new Bulkhead(1, 2);
    const running = {};
    const [a, b] = [{}, {}];
    bulkhead.acquire(running, refuse, noStop);
    const waitA = bulkhead.acquire(a, refuse, noStop);
    bulkhead.acquire(b, refuse, noStop);
    bulkhead.release(b);
    expect(bulkhead.waiting).to.equal(1);
    bulkhead.release(running);
    await waitA;
    expect([bulkhead.active, bulkhead.waiting]).to.deep.equal([1, 0]);
  });
});
