import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import type { ScriptedProviderClient } from "../../plugins/scripted/index.js";
import { createRuntime } from "../../src/index.js";
import { captureLogger } from "../kernel/runtime-fixture.js";
import readmePlugin from "./fixtures/readme-plugin-example.js";

const read = (relative: string) => readFileSync(fileURLToPath(new URL(relative, import.meta.url)), "utf8");

/** The lines between `export default ...{` and the closing `}` of a plugin's definition. */
function pluginBody(text: string): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.startsWith("export default"));
  const end = lines.findLastIndex((line) => line.startsWith("}"));
  return lines.slice(start + 1, end);
}

// Compile time: the options type comes from the schema, so `mask` is a string (with a default).
type ReadmeOptions = Parameters<typeof readmePlugin.setup>[1];
const mask: ReadmeOptions["mask"] = "[hidden]";
// @ts-expect-error a number is not a mask: the schema says string
const wrongMask: ReadmeOptions["mask"] = 7;

describe("README: the plugin example", () => {
  it("is, wrapped in definePlugin, the example in test/docs/fixtures (which tsc typechecks)", () => {
    const readme = read("../../README.md");
    const section = readme.slice(readme.indexOf("## Writing a plugin"));
    const example = section.slice(
      section.indexOf("```js\n") + 6,
      section.indexOf("```\n", section.indexOf("```js\n") + 6),
    );
    expect(pluginBody(read("./fixtures/readme-plugin-example.ts"))).to.deep.equal(pluginBody(example));
    expect([mask, wrongMask]).to.have.length(2);
  });

  it("loads by createRuntime as a plugin object and redacts with its default mask", async () => {
    const runtime = await createRuntime({
      config: {
        plugins: ["scripted", readmePlugin],
        providers: { mock: { type: "scripted", rules: [{ reply: { text: "ok" } }] } },
        clients: { default: { provider: "mock", model: "m" } },
      },
      env: {},
      logger: captureLogger().logger,
    });
    try {
      await runtime.client().generateResponse([{ role: "user", content: "mail bob@corp.example now" }]);
      const scripted = runtime.providerClient("mock") as ScriptedProviderClient;
      expect(scripted.requests[0].request.messages[0].content).to.equal("mail [email] now");
    } finally {
      await runtime.close();
    }
  });
});
