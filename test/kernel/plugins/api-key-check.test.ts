import { expect } from "chai";
import { ConfigError, createRuntime } from "../../../src/index.js";
import { captureLogger } from "../runtime-fixture.js";

const PROVIDERS = [
  { type: "openai", model: "gpt-5-mini", variables: "OPENAI_API_KEY" },
  { type: "anthropic", model: "claude-sonnet-4-5", variables: "ANTHROPIC_API_KEY" },
  { type: "google", model: "gemini-3-flash", variables: "GEMINI_API_KEY or GOOGLE_API_KEY" },
];

describe("the API-key check, made once by the kernel for every provider type", () => {
  for (const { type, model, variables } of PROVIDERS) {
    it(`refuses a ${type} instance without a key before its client is built, naming ${variables}`, async () => {
      const error = await createRuntime({
        config: {
          plugins: [type],
          providers: { main: { type } },
          clients: { default: { provider: "main", model } },
        },
        env: {},
        logger: captureLogger().logger,
      }).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).to.be.instanceOf(ConfigError);
      expect((error as ConfigError).message).to.contain('provider "main" has no API key');
      expect((error as ConfigError).pointer).to.equal("/providers/main/apiKey");
      expect((error as ConfigError).fix).to.contain(`set ${variables} in the environment`);
    });
  }
});
