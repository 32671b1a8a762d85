import { expect } from "chai";
import { type FakeServer, startFakeServer } from "../../src/testing/fake-server.js";

async function post(server: FakeServer, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

describe("startFakeServer", () => {
  let server: FakeServer;

  beforeEach(async () => {
    server = await startFakeServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it("listens on 127.0.0.1 on a free port", () => {
    expect(server.url).to.equal(`http://127.0.0.1:${server.port}`);
    expect(server.port).to.be.greaterThan(0);
  });

  it("serves queued replies in order, then the default reply", async () => {
    server.enqueue({ kind: "json", body: { n: 1 } }, { kind: "json", status: 201, body: { n: 2 } });
    server.setDefaultReply({ kind: "text", status: 418, body: "teapot" });
    const first = await post(server, "/a", {});
    const second = await post(server, "/a", {});
    const third = await post(server, "/a", {});
    expect([first.status, second.status, third.status]).to.deep.equal([200, 201, 418]);
    expect(await first.json()).to.deep.equal({ n: 1 });
    expect(await third.text()).to.equal("teapot");
    expect(server.pending).to.equal(0);
  });

  it("answers 500 saying no reply was scripted when the queue is empty and no default is set", async () => {
    const response = await post(server, "/a", {});
    expect(response.status).to.equal(500);
    expect(JSON.stringify(await response.json())).to.include("no reply was scripted");
  });

  it("records method, path, query, lower-cased headers and the parsed JSON body", async () => {
    server.enqueue({ kind: "json", body: {} });
    await post(server, "/v1/x?alt=sse&n=2", { hello: "world" }, { "X-Custom-Header": "Yes" });
    const [recorded] = server.requests;
    expect(recorded.method).to.equal("POST");
    expect(recorded.path).to.equal("/v1/x");
    expect(recorded.query).to.deep.equal({ alt: "sse", n: "2" });
    expect(recorded.headers["x-custom-header"]).to.equal("Yes");
    expect(recorded.body).to.deep.equal({ hello: "world" });
    expect(recorded.rawBody).to.equal('{"hello":"world"}');
    expect(recorded.clientDisconnected).to.equal(false);
  });

  it("keeps a body that is not JSON as raw text", async () => {
    server.enqueue({ kind: "json", body: {} });
    await fetch(server.url, { method: "POST", body: "not json{" });
    expect(server.requests[0].body).to.equal("not json{");
  });

  it("sends reply headers and status as scripted", async () => {
    server.enqueue({ kind: "json", status: 429, headers: { "retry-after": "2" }, body: { error: {} } });
    const response = await post(server, "/", {});
    expect(response.status).to.equal(429);
    expect(response.headers.get("retry-after")).to.equal("2");
    expect(response.headers.get("content-type")).to.equal("application/json");
  });

  it("waits delayMs before sending headers", async () => {
    server.enqueue({ kind: "json", delayMs: 150, body: {} });
    const started = Date.now();
    await post(server, "/", {});
    expect(Date.now() - started).to.be.at.least(140);
  });

  it("sends SSE events in the text/event-stream framing, naming events when asked", async () => {
    server.enqueue({ kind: "sse", events: [{ data: { a: 1 } }, { event: "ping", data: "two\nlines" }] });
    const response = await post(server, "/", {});
    expect(response.headers.get("content-type")).to.equal("text/event-stream");
    expect(await response.text()).to.equal('data: {"a":1}\n\nevent: ping\ndata: two\ndata: lines\n\n');
  });

  it("cuts an SSE stream after cutAfterEvents events so the client sees an error, not a clean end", async () => {
    server.enqueue({ kind: "sse", events: [{ data: "1" }, { data: "2" }, { data: "3" }], cutAfterEvents: 2 });
    const response = await post(server, "/", {});
    const reader = response.body?.getReader();
    let received = "";
    let failed = false;
    try {
      for (;;) {
        const { done, value } = (await reader?.read()) ?? { done: true, value: undefined };
        if (done) break;
        received += Buffer.from(value).toString("utf8");
      }
    } catch {
      failed = true;
    }
    expect(received).to.equal("data: 1\n\ndata: 2\n\n");
    expect(failed).to.equal(true);
    expect(server.requests[0].clientDisconnected).to.equal(false);
  });

  it("truncates a text body after truncateAfterBytes and drops the connection", async () => {
    server.enqueue({
      kind: "text",
      body: '{"id":"x","choices":[]}',
      truncateAfterBytes: 6,
      contentType: "application/json",
    });
    const response = await post(server, "/", {});
    let error: unknown;
    try {
      await response.text();
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(Error);
  });

  it("resets the connection without a status line", async () => {
    server.enqueue({ kind: "reset" });
    let error: unknown;
    try {
      await post(server, "/", {});
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(TypeError);
    expect(server.requests).to.have.length(1);
  });

  it("stalls a body mid-way for stall.stallMs before finishing it", async () => {
    server.enqueue({ kind: "json", body: { long: "abcdefghij" }, stall: { afterBytes: 5, stallMs: 150 } });
    const started = Date.now();
    const response = await post(server, "/", {});
    const headersAt = Date.now() - started;
    expect(await response.json()).to.deep.equal({ long: "abcdefghij" });
    expect(headersAt).to.be.below(140);
    expect(Date.now() - started).to.be.at.least(140);
  });

  it("marks a request whose client went away during a hang as clientDisconnected", async () => {
    server.enqueue({ kind: "hang" });
    const controller = new AbortController();
    const call = fetch(`${server.url}/`, { method: "POST", body: "{}", signal: controller.signal }).catch(
      (error: unknown) => error,
    );
    await server.waitForRequests(1);
    expect(server.requests[0].clientDisconnected).to.equal(false);
    controller.abort();
    expect(await call).to.be.instanceOf(Error);
    await waitUntil(() => server.requests[0].clientDisconnected);
  });

  it("lets a validator answer instead of the queue and leaves the queue untouched", async () => {
    await server.close();
    server = await startFakeServer({
      validate: (request) =>
        request.path === "/bad" ? { kind: "json", status: 400, body: { error: "bad path" } } : undefined,
    });
    server.enqueue({ kind: "json", body: { ok: true } });
    const rejected = await post(server, "/bad", {});
    const accepted = await post(server, "/good", {});
    expect(rejected.status).to.equal(400);
    expect(await accepted.json()).to.deep.equal({ ok: true });
  });

  it("closes while a reply hangs and a body stalls forever, leaving no request pending", async () => {
    server.enqueue(
      { kind: "hang" },
      { kind: "json", body: { a: 1 }, stall: { afterBytes: 2, stallMs: Infinity } },
    );
    const hanging = post(server, "/", {}).catch((error: unknown) => error);
    const stalled = post(server, "/", {})
      .then((response) => response.text())
      .catch((error: unknown) => error);
    await server.waitForRequests(2);
    await server.close();
    expect(await hanging).to.be.instanceOf(Error);
    expect(await stalled).to.be.instanceOf(Error);
    await server.close();
  });

  it("resolves waitForRequests once the count has arrived", async () => {
    server.enqueue({ kind: "json", body: {} }, { kind: "json", body: {} });
    const waited = server.waitForRequests(2);
    await post(server, "/", {});
    await post(server, "/", {});
    await waited;
    expect(server.requests).to.have.length(2);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
