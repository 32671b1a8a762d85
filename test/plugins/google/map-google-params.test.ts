import { expect } from "chai";
import { mapGoogleParams } from "../../../plugins/google/map-google-params.js";

describe("mapGoogleParams", () => {
  it("renames OpenAI-style params to generationConfig fields", () => {
    const { config, dropped } = mapGoogleParams(
      { temperature: 0.2, top_p: 0.9, max_tokens: 256, stop: "END", seed: 7, frequency_penalty: 0.1 },
      "gemini-2.5-flash",
    );
    expect(config).to.deep.equal({
      temperature: 0.2,
      topP: 0.9,
      maxOutputTokens: 256,
      stopSequences: ["END"],
      seed: 7,
      frequencyPenalty: 0.1,
    });
    expect(dropped).to.deep.equal([]);
  });

  it("sends providerParams.google as it is, over the shared params; Gemini names in shared params are dropped", () => {
    const thinkingConfig = { thinkingBudget: 0 };
    const mapped = mapGoogleParams({ max_tokens: 5, topK: 3 }, "gemini-2.5-flash", {
      maxOutputTokens: 10,
      thinkingConfig,
      tools: [],
    });
    expect(mapped.config).to.deep.equal({ maxOutputTokens: 10, thinkingConfig });
    expect(mapped.dropped).to.deep.equal(["topK", "providerParams.google.tools"]);
  });

  it("maps OpenAI's boolean logprobs and top_logprobs to responseLogprobs and the integer logprobs", () => {
    expect(mapGoogleParams({ logprobs: true, top_logprobs: 3 }, "m").config).to.deep.equal({
      responseLogprobs: true,
      logprobs: 3,
    });
    expect(mapGoogleParams({ logprobs: true }, "m").config).to.deep.equal({ responseLogprobs: true });
    expect(mapGoogleParams({ logprobs: false, top_logprobs: 3 }, "m")).to.deep.equal({
      config: {},
      dropped: ["top_logprobs"],
    });
  });

  it("refuses a response_format type Gemini has no equivalent for", () => {
    expect(mapGoogleParams({ response_format: { type: "xml" } }, "m").refusal).to.include("xml");
  });

  it("maps response_format to JSON mode with the schema", () => {
    const schema = { type: "object", properties: { a: { type: "string" } } };
    expect(mapGoogleParams({ response_format: { type: "json_object" } }, "m").config).to.deep.equal({
      responseMimeType: "application/json",
    });
    expect(
      mapGoogleParams({ response_format: { type: "json_schema", json_schema: { name: "x", schema } } }, "m")
        .config,
    ).to.deep.equal({ responseMimeType: "application/json", responseJsonSchema: schema });
  });

  it("maps reasoning_effort to a thinking level on Gemini 3 and a budget before it", () => {
    expect(mapGoogleParams({ reasoning_effort: "low" }, "gemini-3-pro-preview").config).to.deep.equal({
      thinkingConfig: { thinkingLevel: "LOW" },
    });
    expect(mapGoogleParams({ reasoning_effort: "high" }, "gemini-2.5-pro").config).to.deep.equal({
      thinkingConfig: { thinkingBudget: 24576 },
    });
    expect(mapGoogleParams({ reasoning_effort: "high" }, "gemini-2.0-flash-001")).to.deep.equal({
      config: {},
      dropped: ["reasoning_effort"],
    });
  });

  it("lists params Gemini has no equivalent for and never lets params replace the plugin's own fields", () => {
    const { config, dropped } = mapGoogleParams(
      { parallel_tool_calls: false, systemInstruction: "x", tools: [], abortSignal: "no", user: "u" },
      "m",
    );
    expect(config).to.deep.equal({});
    expect(dropped).to.deep.equal([
      "parallel_tool_calls",
      "systemInstruction",
      "tools",
      "abortSignal",
      "user",
    ]);
  });
});
