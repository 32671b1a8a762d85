import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { pino } from "pino";
import { createRuntime } from "../../src/index.js";
import { readCodeBlocks } from "./doc-code-blocks.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const page = readFileSync(join(root, "docs", "health.md"), "utf8");

describe("docs/health.md", () => {
  it("has configs that the runtime loads as they are", async function () {
    this.timeout(20_000);
    const configs = readCodeBlocks(page).filter((block) => block.language === "json");
    expect(configs).to.have.length(2);
    for (const block of configs) {
      const runtime = await createRuntime({
        config: JSON.parse(block.code),
        env: {
          OPENAI_API_KEY: "sk-doc-0123456789",
          ANTHROPIC_API_KEY: "a-doc-0123456789",
          // Nothing listens there: the plugin carries on with its own view.
          REDIS_URL: "redis://127.0.0.1:1",
        },
        logger: pino({ level: "silent" }),
      });
      await runtime.close();
    }
  });

  it("names every option of the plugin's schema", async () => {
    const { HEALTH_OPTIONS_SCHEMA } = await import("../../plugins/health/health-options.js");
    for (const option of Object.keys(HEALTH_OPTIONS_SCHEMA.properties)) {
      expect(page, option).to.include(`\`${option}\``);
    }
  });
});
