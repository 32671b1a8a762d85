import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "chai";
import {
  acmeErrorReply,
  acmeReply,
  startAcmeFakeServer,
} from "../../examples/acme-provider/testing/acme-fake-server.js";
import { createRuntime, isLLMError, type Runtime } from "../../src/index.js";
import type { FakeServer } from "../../src/testing/index.js";
import { captureLogger } from "../kernel/runtime-fixture.js";

const CONFIG_PATH = fileURLToPath(new URL("../../examples/acme-provider/llm.config.json", import.meta.url));
const config = JSON.parse(readFileSync(CONFIG_PATH, "utf8"));
const KEY = "acme-key-0123456789abcdef";

describe("examples/acme-provider loaded by its config", () => {
  let server: FakeServer;
  let runtime: Runtime | undefined;

  beforeEach(async () => {
    server = await startAcmeFakeServer();
  });

  afterEach(async () => {
    await runtime?.close();
    runtime = undefined;
    await server.close();
  });

  /** The example config as it is, pointed at the fake server, from the config's own folder. */
  async function acmeRuntime() {
    const copy = structuredClone(config);
    copy.providers.acme.baseURL = server.url;
    const { logger } = captureLogger();
    runtime = await createRuntime({
      config: copy,
      cwd: dirname(CONFIG_PATH),
      env: { ACME_API_KEY: KEY },
      logger,
    });
    return runtime.client();
  }

  it("loads from the file, taking the key from ACME_API_KEY", async () => {
    runtime = await createRuntime({ configPath: CONFIG_PATH, env: { ACME_API_KEY: KEY } });
    expect(runtime.providerClient("acme")).to.have.property("generate");
  });

  it("refuses a missing key, naming ACME_API_KEY", async () => {
    const failure = await createRuntime({ configPath: CONFIG_PATH, env: {} }).catch(
      (error: unknown) => error,
    );
    expect(isLLMError(failure, "config")).to.equal(true);
    expect((failure as Error).message)
      .to.include("ACME_API_KEY")
      .and.include("/providers/acme/apiKey");
  });

  it("refuses a key the instance schema does not know, naming it", async () => {
    const copy = structuredClone(config);
    copy.providers.acme.region = "eu";
    const failure = await createRuntime({
      config: copy,
      cwd: dirname(CONFIG_PATH),
      env: { ACME_API_KEY: KEY },
    }).catch((error: unknown) => error);
    expect(isLLMError(failure, "config")).to.equal(true);
    expect((failure as Error).message)
      .to.include("/providers/acme")
      .and.include("region");
  });

  it("sends the client's params in Acme's names and the key in x-api-key", async () => {
    server.enqueue(acmeReply({ text: "Hello from Acme.", tokens: { in: 4, out: 3 } }));
    const client = await acmeRuntime();
    const output = await client.generateResponse([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hi" },
    ]);
    expect(output).to.include({ content: "Hello from Acme.", provider: "acme", model: "acme-large" });
    expect(server.requests[0].headers["x-api-key"]).to.equal(KEY);
    expect(server.requests[0].body).to.deep.equal({
      model: "acme-large",
      system: "Be brief.",
      turns: [{ from: "user", text: "Hi" }],
      temperature: 0.2,
      max_output: 800,
    });
  });

  it("is retried by the retry plugin like a built-in provider: 503 overloaded, then success", async () => {
    server.enqueue(
      acmeErrorReply(503, "overloaded", "busy", { "retry-after": "0" }),
      acmeReply({ text: "Back." }),
    );
    const client = await acmeRuntime();
    const output = await client.generateResponse([{ role: "user", content: "Hi" }]);
    expect(output.content).to.equal("Back.");
    expect(output.attempts.map((attempt) => [attempt.errorCode, attempt.decision])).to.deep.equal([
      ["provider_unavailable", "retry"],
      [undefined, undefined],
    ]);
  });

  it("streams through the kernel although the plugin has no stream method", async () => {
    server.enqueue(acmeReply({ text: "Streamed whole." }));
    const client = await acmeRuntime();
    const types: string[] = [];
    for await (const event of client.streamResponse([{ role: "user", content: "Hi" }]))
      types.push(event.type);
    expect(types).to.deep.equal(["text-delta", "usage", "finish"]);
  });
});
