import { expect } from "chai";
import { prepareGoogleTools, resolveToolSchemaMode } from "../../../plugins/google/prepare-google-tools.js";
import type { ToolDefinition } from "../../../src/index.js";
import { REALISTIC_TOOLS } from "./realistic-tool-schemas.js";

const weather: ToolDefinition = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather",
    parameters: { type: "object", properties: { location: { type: "string" } }, required: ["location"] },
  },
};

describe("prepareGoogleTools", () => {
  it("declares each tool as a functionDeclaration with its schema as parametersJsonSchema", () => {
    const prepared = prepareGoogleTools(REALISTIC_TOOLS, undefined, "json-schema");
    const declarations = prepared.tools?.[0].functionDeclarations ?? [];
    expect(declarations.map((declaration) => declaration.name)).to.deep.equal(
      REALISTIC_TOOLS.map((tool) => tool.function.name),
    );
    for (const [index, declaration] of declarations.entries()) {
      const { $schema: _dialect, ...expected } = REALISTIC_TOOLS[index].function.parameters ?? {};
      expect(declaration.parametersJsonSchema).to.deep.equal(expected);
      expect(declaration).to.not.have.property("parameters");
    }
  });

  it("does not change the caller's tool definitions", () => {
    const before = JSON.stringify(REALISTIC_TOOLS);
    prepareGoogleTools(REALISTIC_TOOLS, "auto", "openapi");
    prepareGoogleTools(REALISTIC_TOOLS, "auto", "json-schema");
    expect(JSON.stringify(REALISTIC_TOOLS)).to.equal(before);
  });

  it("translates a schema it saw before to the same OpenAPI schema, and again once it was edited in place", () => {
    const tool: ToolDefinition = structuredClone(weather);
    const parametersOf = () =>
      prepareGoogleTools([tool], undefined, "openapi").tools?.[0].functionDeclarations[0].parameters;
    const first = parametersOf();
    expect(parametersOf()).to.deep.equal(first);
    const properties = tool.function.parameters?.properties as Record<string, unknown>;
    properties.unit = { type: "string", enum: ["celsius", "fahrenheit"] };
    expect(parametersOf()).to.deep.equal({
      type: "object",
      required: ["location"],
      properties: {
        location: { type: "string" },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] },
      },
    });
  });

  it("gives the SDK new declarations on every request (it rewrites them in place)", () => {
    const declarationOf = () =>
      prepareGoogleTools([weather], undefined, "openapi").tools?.[0].functionDeclarations[0];
    expect(declarationOf()).to.not.equal(declarationOf());
  });

  it("leaves the parameters out of a tool that takes none", () => {
    const noArguments: ToolDefinition = {
      type: "function",
      function: { name: "now", parameters: { type: "object", properties: {}, additionalProperties: false } },
    };
    const declaration = prepareGoogleTools([noArguments], undefined, "openapi").tools?.[0]
      .functionDeclarations[0];
    expect(declaration).to.deep.equal({ name: "now" });
  });

  it("maps each tool choice to its functionCallingConfig mode", () => {
    expect(prepareGoogleTools([weather], "auto", "json-schema").toolConfig).to.deep.equal({
      functionCallingConfig: { mode: "AUTO" },
    });
    expect(prepareGoogleTools([weather], "none", "json-schema").toolConfig).to.deep.equal({
      functionCallingConfig: { mode: "NONE" },
    });
    expect(prepareGoogleTools([weather], "required", "json-schema").toolConfig).to.deep.equal({
      functionCallingConfig: { mode: "ANY" },
    });
    const named = prepareGoogleTools(
      [weather],
      { type: "function", function: { name: "get_weather" } },
      "json-schema",
    );
    expect(named.toolConfig).to.deep.equal({
      functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["get_weather"] },
    });
  });

  it("sends no tool config without a tool choice, and nothing at all without tools", () => {
    expect(prepareGoogleTools([weather], undefined, "json-schema")).to.not.have.property("toolConfig");
    expect(prepareGoogleTools([], "required", "json-schema")).to.deep.equal({});
    expect(prepareGoogleTools(undefined, "auto", "json-schema")).to.deep.equal({});
  });
});

describe("resolveToolSchemaMode", () => {
  it("uses parametersJsonSchema on v1beta and alpha, the OpenAPI subset on v1, and honours an explicit setting", () => {
    expect(resolveToolSchemaMode("auto", "v1beta")).to.equal("json-schema");
    expect(resolveToolSchemaMode(undefined, "v1alpha")).to.equal("json-schema");
    expect(resolveToolSchemaMode("auto", "v1")).to.equal("openapi");
    expect(resolveToolSchemaMode("openapi", "v1beta")).to.equal("openapi");
  });
});
