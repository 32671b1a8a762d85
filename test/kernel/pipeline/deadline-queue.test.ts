import { expect } from "chai";
import sinon from "sinon";
import { type DeadlineEntry, DeadlineQueue } from "../../../src/kernel/pipeline/deadline-queue.js";

/** An entry that records when it expired, `inMs` from now. */
function entry(name: string, inMs: number, expired: string[]): DeadlineEntry {
  return {
    expiresAt: performance.now() + inMs,
    earlier: undefined,
    later: undefined,
    queued: false,
    expire: () => expired.push(name),
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("DeadlineQueue", () => {
  afterEach(() => sinon.restore());

  it("expires entries in deadline order, whatever order they were added in", async () => {
    const queue = new DeadlineQueue();
    const expired: string[] = [];
    queue.add(entry("late", 60, expired));
    queue.add(entry("early", 10, expired));
    queue.add(entry("middle", 35, expired));
    await pause(20);
    expect(expired).to.deep.equal(["early"]);
    await pause(70);
    expect(expired).to.deep.equal(["early", "middle", "late"]);
  });

  it("refuses an entry whose deadline is NaN or not a number, and keeps firing the others", async () => {
    const queue = new DeadlineQueue();
    const expired: string[] = [];
    const broken = entry("nan", 0, expired);
    broken.expiresAt = Number.NaN;
    expect(() => queue.add(broken)).to.throw(TypeError, /deadline must be a number/);
    const text = entry("text", 0, expired);
    text.expiresAt = "5000" as unknown as number;
    expect(() => queue.add(text)).to.throw(TypeError);
    queue.add(entry("sound", 10, expired));
    await pause(40);
    expect(expired).to.deep.equal(["sound"]);
    expect(broken.queued || text.queued).to.equal(false);
  });

  it("never expires an entry removed before its deadline, nor one removed twice", async () => {
    const queue = new DeadlineQueue();
    const expired: string[] = [];
    const first = entry("first", 10, expired);
    const second = entry("second", 20, expired);
    queue.add(first);
    queue.add(second);
    queue.remove(first);
    queue.remove(first);
    await pause(40);
    expect(expired).to.deep.equal(["second"]);
  });

  it("arms one timer for a run of requests that share a timeout, not one per request", () => {
    const setTimeoutSpy = sinon.spy(globalThis, "setTimeout");
    const queue = new DeadlineQueue();
    const expired: string[] = [];
    for (let index = 0; index < 100; index++) {
      const request = entry(`request ${index}`, 60_000, expired);
      queue.add(request);
      queue.remove(request);
    }
    expect(setTimeoutSpy.callCount).to.equal(1);
  });

  it("after waking with nothing due, re-arms for the earliest deadline still queued", async () => {
    const queue = new DeadlineQueue();
    const expired: string[] = [];
    const gone = entry("gone", 10, expired);
    queue.add(gone);
    queue.add(entry("kept", 40, expired));
    queue.remove(gone);
    await pause(25);
    expect(expired).to.deep.equal([]);
    await pause(40);
    expect(expired).to.deep.equal(["kept"]);
  });

  it("keeps the other deadlines armed when one entry's expiry throws", () => {
    const clock = sinon.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const queue = new DeadlineQueue();
    const expired: string[] = [];
    const throwing = entry("throws", 5, expired);
    throwing.expire = () => {
      throw new Error("a listener failed");
    };
    queue.add(throwing);
    queue.add(entry("after", 30, expired));
    expect(() => clock.tick(10)).to.throw("a listener failed");
    clock.tick(30);
    expect(expired).to.deep.equal(["after"]);
  });

  it("re-arms in steps for a deadline beyond the longest timer Node allows", () => {
    const clock = sinon.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const queue = new DeadlineQueue();
    const expired: string[] = [];
    queue.add(entry("far", 3_000_000_000, expired));
    clock.tick(2_147_483_647);
    expect(expired).to.deep.equal([]);
    clock.tick(3_000_000_000 - 2_147_483_647);
    expect(expired).to.deep.equal(["far"]);
  });
});
