import { readFileSync } from "node:fs";
import { expect } from "chai";
import { compileSchema } from "../../src/config/compile-schema.js";

const schema = JSON.parse(
  readFileSync(new URL("../../schemas/llm.config.schema.json", import.meta.url), "utf8"),
);
const validate = compileSchema(schema);

function pointersOf(config: unknown): string[] {
  return validate(config).map((problem) => problem.pointer);
}

describe("schemas/llm.config.schema.json", () => {
  it("accepts an empty config (every top-level key is optional)", () => {
    expect(validate({})).to.deep.equal([]);
  });

  it("rejects reserved names as provider, client and header keys", () => {
    const config = JSON.parse(
      '{"providers": {"constructor": {"type": "openai"}, "ok": {"type": "openai", "headers": {"__proto__": "x"}}},' +
        ' "clients": {"prototype": {"model": "gpt-4o"}}}',
    );
    expect(pointersOf(config)).to.have.members([
      "/providers/constructor",
      "/providers/ok/headers/__proto__",
      "/clients/prototype",
    ]);
  });

  it("takes a plugin as a name or as {use, options}, and nothing else", () => {
    expect(
      validate({ plugins: ["retry", { use: "./x.mjs" }, { use: "retry", options: { a: 1 } }] }),
    ).to.deep.equal([]);
    expect(pointersOf({ plugins: [7, "", { options: {} }, { use: "retry", option: {} }] })).to.deep.equal([
      "/plugins/0",
      "/plugins/1",
      "/plugins/2",
      "/plugins/3/option",
    ]);
  });

  it("lets a provider entry carry its plugin's own keys, but requires a kebab-case type", () => {
    expect(validate({ providers: { google: { type: "google", apiVersion: "v1" } } })).to.deep.equal([]);
    expect(validate({ providers: { x: { type: "Open_AI" } } })).to.deep.equal([
      { pointer: "/providers/x/type", message: "must match the pattern ^[a-z0-9]+(-[a-z0-9]+)*$" },
    ]);
  });

  it("refuses a provider instance name containing a slash (provider/model splits at the first one)", () => {
    expect(pointersOf({ providers: { "a/b": { type: "openai" } } })).to.deep.equal(["/providers/a~1b"]);
  });

  it("bounds durations to what a Node.js timer supports and sizes to integers", () => {
    expect(pointersOf({ providers: { a: { type: "openai", timeoutMs: 2 ** 31 } } })).to.deep.equal([
      "/providers/a/timeoutMs",
    ]);
    expect(pointersOf({ files: { maxBytes: 1.5 } })).to.deep.equal(["/files/maxBytes"]);
    expect(pointersOf({ logging: { level: "verbose" } })).to.deep.equal(["/logging/level"]);
  });
});
