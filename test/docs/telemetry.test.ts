import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { ATTR, FALLBACK_EVENT, METRIC } from "../../plugins/otel/gen-ai-conventions.js";
import { createRuntime } from "../../src/index.js";
import { readCodeBlocks } from "./doc-code-blocks.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const page = readFileSync(join(root, "docs", "telemetry.md"), "utf8");

describe("docs/telemetry.md", () => {
  it("names every attribute, event and metric the otel plugin records, and no other", () => {
    const recorded = new Set<string>([...Object.values(ATTR), ...Object.values(METRIC), FALLBACK_EVENT]);
    recorded.add("llm_runtime.target_skipped");
    const documented = new Set(
      page.match(/`((?:gen_ai|llm_runtime|error|http)\.[a-z_.]+)`/g)?.map((name) => name.slice(1, -1)),
    );
    const unknown = [...documented].filter((name) => !recorded.has(name));
    expect(unknown, "documented but never recorded").to.deep.equal([]);
    expect(
      [...recorded].filter((name) => !documented.has(name)),
      "recorded but not documented",
    ).to.deep.equal([]);
  });

  it("gives a config that loads with the otel plugin, and options it accepts", async () => {
    const blocks = readCodeBlocks(page).filter((block) => block.language === "json");
    const [config, entry] = blocks.map((block) => JSON.parse(block.code));
    const env = {
      OPENAI_API_KEY: "sk-docs-test-0123456789",
      ANTHROPIC_API_KEY: "sk-ant-docs-test-0123456789",
    };
    for (const plugins of [config.plugins, [...config.plugins.slice(0, -1), entry]]) {
      const runtime = await createRuntime({
        config: { ...config, plugins, logging: { level: "silent" } },
        env,
      });
      expect(runtime.clientNames()).to.deep.equal(["default"]);
      await runtime.close();
    }
  });
});
