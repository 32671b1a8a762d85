import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { createRuntime, definePlugin, type LLMOutput, TimeoutError } from "../../../src/index.js";
import { captureLogger } from "../runtime-fixture.js";

/** A server that takes every request and never answers. */
async function startHangingServer(): Promise<{ server: Server; url: string; open: ServerResponse[] }> {
  const open: ServerResponse[] = [];
  const server = createServer((_request, response) => void open.push(response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/chat`, open };
}

describe("a third-party provider's attempt signal", () => {
  it("is a real AbortSignal: handed to fetch, a passed deadline ends the call with a TimeoutError and the process lives on", async () => {
    const { server, url, open } = await startHangingServer();
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on("uncaughtException", onUncaught);
    process.on("unhandledRejection", onUncaught);
    // The whole provider, as a stranger writes one from the docs.
    const hanging = definePlugin({
      name: "hanging",
      apiVersion: 2,
      optionsSchema: { type: "object" },
      setup(context) {
        context.registerProvider(
          "hanging",
          () => ({
            async generate(_request, requestContext): Promise<LLMOutput> {
              const response = await fetch(url, {
                method: "POST",
                body: "{}",
                signal: requestContext.signal,
              });
              return (await response.json()) as LLMOutput;
            },
          }),
          { requiresApiKey: false },
        );
      },
    });
    const runtime = await createRuntime({
      config: {
        plugins: [hanging],
        providers: { stuck: { type: "hanging" } },
        clients: { default: { provider: "stuck", model: "m", timeoutMs: 300 } },
      },
      env: {},
      logger: captureLogger().logger,
    });
    try {
      const started = Date.now();
      const error = await runtime
        .client()
        .generateResponse([{ role: "user", content: "hi" }])
        .catch((thrown: unknown) => thrown);
      expect(error).to.be.instanceOf(TimeoutError).with.property("phase", "total");
      expect(Date.now() - started).to.be.within(250, 2_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(uncaught).to.deep.equal([]);
    } finally {
      process.off("uncaughtException", onUncaught);
      process.off("unhandledRejection", onUncaught);
      await runtime.close();
      for (const response of open) response.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
