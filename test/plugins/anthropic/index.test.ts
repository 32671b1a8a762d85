import { expect } from "chai";
import { pino } from "pino";
import anthropicPlugin from "../../../plugins/anthropic/index.js";
import { createRuntime, isLLMError, PLUGIN_API_VERSION } from "../../../src/index.js";
import type { FakeServer } from "../../../src/testing/fake-server.js";
import {
  anthropicJsonReply,
  anthropicMessage,
  startAnthropicFakeServer,
} from "../../../src/testing/protocols/anthropic-protocol.js";

const silent = pino({ level: "silent" });

describe("the anthropic plugin", () => {
  let server: FakeServer;

  beforeEach(async () => {
    server = await startAnthropicFakeServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it("is named anthropic and declares the kernel's plugin API version", () => {
    expect(anthropicPlugin.name).to.equal("anthropic");
    expect(anthropicPlugin.apiVersion).to.equal(PLUGIN_API_VERSION);
  });

  it("takes the key from ANTHROPIC_API_KEY when the provider entry has none", async () => {
    server.enqueue(anthropicJsonReply(anthropicMessage({ text: "hi" })));
    const runtime = await createRuntime({
      config: {
        plugins: ["anthropic"],
        providers: { claude: { type: "anthropic", baseURL: server.url } },
        clients: { default: { provider: "claude", model: "claude-sonnet-4-6" } },
      },
      env: { ANTHROPIC_API_KEY: "sk-ant-from-env" },
      logger: silent,
    });
    try {
      await runtime.client().generateResponse([{ role: "user", content: "hi" }]);
      expect(server.requests[0].headers.authorization).to.equal("Bearer sk-ant-from-env");
    } finally {
      await runtime.close();
    }
  });

  it("refuses a provider entry with an option it does not know, naming where", async () => {
    const error = await createRuntime({
      config: {
        plugins: ["anthropic"],
        providers: { claude: { type: "anthropic", apiKey: "k", organization: "org-1" } },
        clients: { default: { provider: "claude", model: "claude-sonnet-4-6" } },
      },
      env: {},
      logger: silent,
    }).catch((rejection: unknown) => rejection);
    expect(isLLMError(error, "config")).to.equal(true);
    expect((error as Error).message).to.include("/providers/claude");
  });
});
