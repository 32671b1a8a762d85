import { Agent, get } from "node:http";
import { expect } from "chai";
import { createServer } from "../../src/server/index.js";
import {
  openAIChatCompletion,
  openAIChunkEvents,
  openAIJsonReply,
  openAISseReply,
} from "../../src/testing/index.js";
import { type Gateway, startGateway } from "./gateway-fixture.js";

/** GET over one kept-alive socket of `agent`; resolves to the status. */
const statusOf = (agent: Agent, url: string) =>
  new Promise<number>((resolve, reject) => {
    get(url, { agent }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    }).on("error", reject);
  });

const until = async (condition: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe("gateway: disconnects, draining, health and binding", () => {
  let gateway: Gateway;
  afterEach(async () => {
    await gateway?.close();
  });

  it("a caller that disconnects mid-stream closes the upstream stream", async () => {
    gateway = await startGateway();
    gateway.fakes.openai.enqueue(
      openAISseReply(openAIChunkEvents({ textPieces: ["one ", "two ", "three"] }), { hangAfterEvents: 2 }),
    );
    const controller = new AbortController();
    const stream = await gateway
      .sdk()
      .chat.completions.create(
        { model: "solo", messages: [{ role: "user", content: "Count" }], stream: true },
        { signal: controller.signal },
      );
    const received: string[] = [];
    try {
      for await (const chunk of stream) {
        received.push(chunk.choices[0]?.delta.content ?? "");
        if (received.join("") === "one ") controller.abort();
      }
    } catch {
      // the SDK throws its abort error
    }
    expect(received.join("")).to.equal("one ");
    await until(() => gateway.fakes.openai.requests[0]?.clientDisconnected === true);
  });

  it("a caller that disconnects while waiting for a whole answer closes the upstream call", async () => {
    gateway = await startGateway();
    gateway.fakes.openai.enqueue({ kind: "hang" });
    const controller = new AbortController();
    const pending = gateway
      .sdk()
      .chat.completions.create(
        { model: "solo", messages: [{ role: "user", content: "Hi" }] },
        { signal: controller.signal },
      );
    pending.catch(() => undefined);
    await gateway.fakes.openai.waitForRequests(1);
    controller.abort();
    await until(() => gateway.fakes.openai.requests[0].clientDisconnected);
  });

  it("close() stops accepting at once and lets a stream in flight finish", async () => {
    gateway = await startGateway();
    gateway.fakes.openai.enqueue(
      openAISseReply(openAIChunkEvents({ textPieces: ["slow ", "but ", "complete"] }), { eventDelayMs: 100 }),
    );
    const stream = await gateway.sdk().chat.completions.create({
      model: "solo",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
    });
    // A load balancer's kept-alive connection, opened before the drain: closed as soon as it is idle.
    const probe = new Agent({ keepAlive: true, maxSockets: 1 });
    expect(await statusOf(probe, `${gateway.url}/health/ready`)).to.equal(200);
    const iterator = stream[Symbol.asyncIterator]();
    let text = (await iterator.next()).value?.choices[0]?.delta.content ?? "";
    const closed = gateway.server.close();
    const during = await statusOf(probe, `${gateway.url}/health/ready`).then(String, () => "refused");
    expect(during).to.equal("refused");
    probe.destroy();
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      text += next.value.choices[0]?.delta.content ?? "";
    }
    expect(text).to.equal("slow but complete");
    await closed;
    const refused = await fetch(`${gateway.url}/health/live`).then(
      () => "answered",
      () => "refused",
    );
    expect(refused).to.equal("refused");
  });

  it("close() cuts a stream still running when the drain timeout runs out, closing its upstream", async () => {
    gateway = await startGateway({ serverOptions: { drainTimeoutMs: 200 } });
    gateway.fakes.openai.enqueue(
      openAISseReply(openAIChunkEvents({ textPieces: ["a", "b"] }), { hangAfterEvents: 2 }),
    );
    const stream = await gateway.sdk().chat.completions.create({
      model: "solo",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
    });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    const started = Date.now();
    await gateway.server.close();
    expect(Date.now() - started).to.be.within(150, 2000);
    await until(() => gateway.fakes.openai.requests[0].clientDisconnected);
    // What was already on the wire may still be read; then the stream ends without a finish chunk.
    const finishes: unknown[] = [];
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        if (next.value.choices[0]?.finish_reason) finishes.push(next.value);
      }
    } catch {
      // the cut connection may surface as an error
    }
    expect(finishes).to.deep.equal([]);
  });

  it("/health/live, /health/ready and /v1/models answer", async () => {
    gateway = await startGateway();
    expect(await (await fetch(`${gateway.url}/health/live`)).json()).to.deep.equal({ status: "live" });
    const ready = await fetch(`${gateway.url}/health/ready`);
    expect(ready.status).to.equal(200);
    const models = await gateway.sdk().models.list();
    expect(models.data.map((model) => model.id)).to.deep.equal(["default", "solo"]);
    expect(models.data[0]).to.include({ object: "model", owned_by: "llm-runtime" });
  });

  it("without keys, refuses to listen anywhere but loopback", async () => {
    gateway = await startGateway({ server: { keys: [] } });
    const open = createServer(gateway.runtime);
    let failure: unknown;
    try {
      await open.listen({ port: 0, host: "0.0.0.0" });
    } catch (error) {
      failure = error;
    }
    expect(String(failure)).to.include("will not listen on 0.0.0.0");
    expect((failure as { code?: string }).code).to.equal("config");
    await open.close();
    // Loopback needs no key.
    gateway.fakes.openai.enqueue(openAIJsonReply(openAIChatCompletion({ content: "ok" })));
    const reply = await gateway.sdk("anything").chat.completions.create({
      model: "solo",
      messages: [{ role: "user", content: "Hi" }],
    });
    expect(reply.choices[0].message.content).to.equal("ok");
  });
});
