import { expect } from "chai";
import { decideFallback } from "../../../plugins/fallback/decide-fallback.js";
import { DEFAULT_FALLBACK_ON, type FallbackOptions } from "../../../plugins/fallback/fallback-options.js";
import { LLMProviderError, type ProviderErrorCode, type Target } from "../../../src/index.js";

const target = (provider: string): Target => ({
  provider,
  providerType: "scripted",
  model: `${provider}-model`,
  params: {},
});
const CHAIN = [target("alpha"), target("beta"), target("gamma")];
const DEFAULTS: FallbackOptions = { fallbackOn: [...DEFAULT_FALLBACK_ON] };

const failure = (code: ProviderErrorCode) =>
  new LLMProviderError(code, "failed", { provider: "alpha", model: "alpha-model" });
const state = (targetIndex = 0, signal = new AbortController().signal) => ({
  chain: CHAIN,
  targetIndex,
  signal,
});

describe("decideFallback", () => {
  const fallsBack: ProviderErrorCode[] = [
    "rate_limit",
    "quota_exhausted",
    "provider_unavailable",
    "timeout",
    "connection",
    "context_length",
  ];
  for (const code of fallsBack) {
    it(`moves to the next target on ${code} by default`, () => {
      expect(decideFallback(failure(code), state(), DEFAULTS)).to.deep.equal({
        action: "fallback",
        next: CHAIN[1],
      });
    });
  }

  const stays: ProviderErrorCode[] = [
    "authentication",
    "invalid_request",
    "model_not_found",
    "content_filter",
    "provider_error",
  ];
  for (const code of stays) {
    it(`stays on ${code} by default (A2, A4, E4, E5)`, () => {
      expect(decideFallback(failure(code), state(), DEFAULTS)).to.deep.equal({
        action: "stay",
        reason: "kind_not_listed",
      });
    });
  }

  it("moves on an authentication error when fallbackOn lists it", () => {
    const options = { fallbackOn: [...DEFAULT_FALLBACK_ON, "authentication" as const] };
    expect(decideFallback(failure("authentication"), state(1), options)).to.deep.equal({
      action: "fallback",
      next: CHAIN[2],
    });
  });

  it("stays on a listed kind that fallbackOn no longer lists", () => {
    expect(decideFallback(failure("rate_limit"), state(), { fallbackOn: ["timeout"] })).to.include({
      reason: "kind_not_listed",
    });
  });

  it("stays when the failed target is the last of the chain", () => {
    expect(decideFallback(failure("rate_limit"), state(2), DEFAULTS)).to.deep.equal({
      action: "stay",
      reason: "no_next_target",
    });
  });
});
