import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import { pino } from "pino";
import { createRuntime } from "../../src/index.js";
import { createServer } from "../../src/server/index.js";
import { readCodeBlocks } from "./doc-code-blocks.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const page = readFileSync(join(root, "docs", "gateway.md"), "utf8");
const schema = JSON.parse(readFileSync(join(root, "schemas", "llm.config.schema.json"), "utf8"));

describe("docs/gateway.md", () => {
  it("has configs that the runtime loads and the gateway serves as they are", async function () {
    this.timeout(20_000);
    const configs = readCodeBlocks(page).filter((block) => block.language === "json");
    expect(configs).to.have.length(2);
    for (const block of configs) {
      const runtime = await createRuntime({
        config: JSON.parse(block.code),
        env: {
          OPENAI_API_KEY: "sk-doc-0123456789",
          ANTHROPIC_API_KEY: "a-doc-0123456789",
          GATEWAY_KEY_BILLING: "gw-doc-0123456789",
          // Nothing listens there: the stores carry on with their own view.
          REDIS_URL: "redis://127.0.0.1:1",
        },
        logger: pino({ level: "silent" }),
      });
      const server = createServer(runtime);
      const models = await server.app.inject({
        method: "GET",
        url: "/v1/models",
        headers: { authorization: "Bearer gw-doc-0123456789" },
      });
      expect(models.statusCode).to.equal(200);
      await server.close();
      await runtime.close();
    }
  });

  it("names every option of the config's server section", () => {
    for (const option of Object.keys(schema.properties.server.properties)) {
      expect(page, option).to.include(`server.${option}`);
    }
  });
});
