import { expect } from "chai";
import { prepareAnthropicTools } from "../../../plugins/anthropic/prepare-anthropic-tools.js";
import type { ToolDefinition } from "../../../src/index.js";

const TARGET = { provider: "anthropic", model: "claude-sonnet-4-6" };
const WEATHER: ToolDefinition = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    strict: true,
  },
};
const NO_HISTORY = { historyToolNames: [], hasToolBlocks: false };

describe("prepareAnthropicTools", () => {
  it("turns each tool into name, description and input_schema", () => {
    expect(prepareAnthropicTools({ tools: [WEATHER], ...NO_HISTORY }, TARGET)).to.deep.equal({
      tools: [
        {
          name: "get_weather",
          description: "Current weather",
          input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
        },
      ],
    });
  });

  it("gives a tool without parameters an empty object schema", () => {
    const bare: ToolDefinition = { type: "function", function: { name: "now" } };
    expect(prepareAnthropicTools({ tools: [bare], ...NO_HISTORY }, TARGET).tools).to.deep.equal([
      { name: "now", input_schema: { type: "object", properties: {} } },
    ]);
  });

  const choices: Array<[Parameters<typeof prepareAnthropicTools>[0]["toolChoice"], unknown]> = [
    ["auto", { type: "auto" }],
    ["none", { type: "none" }],
    ["required", { type: "any" }],
    [
      { type: "function", function: { name: "get_weather" } },
      { type: "tool", name: "get_weather" },
    ],
  ];
  for (const [choice, expected] of choices) {
    it(`maps toolChoice ${JSON.stringify(choice)} to ${JSON.stringify(expected)}`, () => {
      const prepared = prepareAnthropicTools({ tools: [WEATHER], toolChoice: choice, ...NO_HISTORY }, TARGET);
      expect(prepared.tool_choice).to.deep.equal(expected);
    });
  }

  it("sends no tool_choice when none was given", () => {
    expect(prepareAnthropicTools({ tools: [WEATHER], ...NO_HISTORY }, TARGET)).to.not.have.property(
      "tool_choice",
    );
  });

  it("turns parallel_tool_calls false into disable_parallel_tool_use", () => {
    const prepared = prepareAnthropicTools(
      { tools: [WEATHER], toolChoice: "required", parallelToolCalls: false, ...NO_HISTORY },
      TARGET,
    );
    expect(prepared.tool_choice).to.deep.equal({ type: "any", disable_parallel_tool_use: true });
    const implicit = prepareAnthropicTools(
      { tools: [WEATHER], parallelToolCalls: false, ...NO_HISTORY },
      TARGET,
    );
    expect(implicit.tool_choice).to.deep.equal({ type: "auto", disable_parallel_tool_use: true });
  });

  it("refuses a named toolChoice that is not among the tools", () => {
    expect(() =>
      prepareAnthropicTools(
        { tools: [WEATHER], toolChoice: { type: "function", function: { name: "other" } }, ...NO_HISTORY },
        TARGET,
      ),
    ).to.throw(/"other"/);
  });

  it("refuses toolChoice required without tools", () => {
    expect(() => prepareAnthropicTools({ toolChoice: "required", ...NO_HISTORY }, TARGET)).to.throw(
      /without any tools/,
    );
  });

  it("sends nothing when there are no tools and the history has no tool blocks", () => {
    expect(prepareAnthropicTools({ toolChoice: "auto", ...NO_HISTORY }, TARGET)).to.deep.equal({});
  });

  it("declares the history's tools with tool_choice none when the caller offers none this turn", () => {
    const prepared = prepareAnthropicTools(
      { historyToolNames: ["get_weather", "get_time"], hasToolBlocks: true },
      TARGET,
    );
    expect(prepared).to.deep.equal({
      tools: [
        { name: "get_weather", input_schema: { type: "object", properties: {} } },
        { name: "get_time", input_schema: { type: "object", properties: {} } },
      ],
      tool_choice: { type: "none" },
    });
  });

  it("sends the caller's tools, not synthesised ones, when the caller offers tools", () => {
    const prepared = prepareAnthropicTools(
      { tools: [WEATHER], historyToolNames: ["get_time"], hasToolBlocks: true },
      TARGET,
    );
    expect(prepared.tools?.map((tool) => tool.name)).to.deep.equal(["get_weather"]);
  });
});
