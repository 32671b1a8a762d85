import { expect } from "chai";
import { mapGoogleUsage } from "../../../plugins/google/map-google-usage.js";

describe("mapGoogleUsage", () => {
  it("adds thoughts into completion tokens and reports them as reasoning tokens", () => {
    const usage = mapGoogleUsage({
      promptTokenCount: 9,
      candidatesTokenCount: 28,
      thoughtsTokenCount: 244,
      totalTokenCount: 281,
    });
    expect(usage).to.deep.equal({
      promptTokens: 9,
      completionTokens: 272,
      totalTokens: 281,
      reasoningTokens: 244,
    });
  });

  it("reports cached content tokens as cached tokens, already counted in prompt tokens", () => {
    const usage = mapGoogleUsage({
      promptTokenCount: 1000,
      cachedContentTokenCount: 800,
      candidatesTokenCount: 10,
      totalTokenCount: 1010,
    });
    expect(usage).to.deep.equal({
      promptTokens: 1000,
      completionTokens: 10,
      totalTokens: 1010,
      cachedTokens: 800,
    });
  });

  it("counts tool-use prompt tokens as input", () => {
    const usage = mapGoogleUsage({
      promptTokenCount: 5,
      toolUsePromptTokenCount: 7,
      candidatesTokenCount: 3,
    });
    expect(usage).to.deep.equal({ promptTokens: 12, completionTokens: 3, totalTokens: 15 });
  });

  it("reads negative or non-numeric counts as 0", () => {
    const usage = mapGoogleUsage({
      promptTokenCount: -4,
      candidatesTokenCount: "3" as never,
      thoughtsTokenCount: -2,
      cachedContentTokenCount: -1,
      totalTokenCount: -6,
    });
    expect(usage).to.deep.equal({
      promptTokens: 0,
      completionTokens: 0,
      totalTokens: 0,
      cachedTokens: 0,
      reasoningTokens: 0,
    });
  });

  it("gives zeros when Gemini sent no usage", () => {
    expect(mapGoogleUsage(undefined)).to.deep.equal({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });
  });
});
