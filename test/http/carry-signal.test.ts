import { expect } from "chai";
import { carrySignal, fetchTakingCarriedSignals } from "../../src/index.js";

describe("carrySignal and fetchTakingCarriedSignals", () => {
  const answer = () => new Response("{}");

  it("puts the carried signal in place of the one the SDK set on the fetch init", async () => {
    const seen: Array<RequestInit | undefined> = [];
    const fetch = fetchTakingCarriedSignals(async (_input, init) => {
      seen.push(init);
      return answer();
    });
    const request = new AbortController();
    const sdkOwn = new AbortController();
    const carried: RequestInit = carrySignal(request.signal).fetchOptions;
    await fetch("http://127.0.0.1/", { ...carried, signal: sdkOwn.signal });
    expect(seen[0]?.signal).to.equal(request.signal);
  });

  it("leaves an init without a carried signal as the SDK made it", async () => {
    const seen: Array<RequestInit | undefined> = [];
    const fetch = fetchTakingCarriedSignals(async (_input, init) => {
      seen.push(init);
      return answer();
    });
    const sdkOwn = new AbortController();
    await fetch("http://127.0.0.1/", { signal: sdkOwn.signal });
    await fetch("http://127.0.0.1/");
    expect(seen[0]?.signal).to.equal(sdkOwn.signal);
    expect(seen[1]).to.equal(undefined);
  });

  it("defaults to the global fetch as it is when the SDK client is built", async () => {
    const original = globalThis.fetch;
    let calls = 0;
    globalThis.fetch = async () => {
      calls += 1;
      return answer();
    };
    try {
      const fetch = fetchTakingCarriedSignals();
      await fetch("http://127.0.0.1/");
    } finally {
      globalThis.fetch = original;
    }
    expect(calls).to.equal(1);
  });
});
