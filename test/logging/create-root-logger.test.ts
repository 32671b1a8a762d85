import { Writable } from "node:stream";
import { expect } from "chai";
import { createRootLogger } from "../../src/logging/create-root-logger.js";

const CANARY = "sk-canary-logger-0123456789abcdef";

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => void lines.push(line) } };
}

describe("createRootLogger", () => {
  it("writes JSON lines without pid and hostname, at the configured level", () => {
    const { lines, destination } = capture();
    const logger = createRootLogger({ level: "warn", destination, secrets: [] });
    logger.info("hidden");
    logger.warn({ provider: "openai" }, "shown");
    expect(lines).to.have.length(1);
    const line = JSON.parse(lines[0]);
    expect(line).to.include({ level: 40, provider: "openai", msg: "shown" });
    expect(line).not.to.have.any.keys("pid", "hostname");
  });

  for (const header of [
    "authorization",
    "Authorization",
    "x-api-key",
    "X-Api-Key",
    "x-goog-api-key",
    "X-Goog-Api-Key",
    "api-key",
    "Api-Key",
    "cookie",
    "Cookie",
  ]) {
    it(`redacts the ${header} header by key, at the top and nested`, () => {
      const { lines, destination } = capture();
      const logger = createRootLogger({ level: "info", destination, secrets: [] });
      const request = { attempt: { headers: { [header]: "unknown-credential-2" } } };
      logger.info({ headers: { [header]: "unknown-credential-1" }, request }, "x");
      const line = JSON.parse(lines[0]);
      expect(line.headers[header]).to.equal("[REDACTED]");
      expect(line.request.attempt.headers[header]).to.equal("[REDACTED]");
    });
  }

  it("redacts apiKey at any depth and in arrays, without changing the logged object", () => {
    const { lines, destination } = capture();
    const logger = createRootLogger({ level: "info", destination, secrets: [] });
    const logged = { apiKey: "a1", providers: [{ name: "p", config: { nested: { apiKey: "a4" } } }] };
    logger.child({ plugin: "p" }).info(logged, "x");
    expect(lines[0]).not.to.match(/"a[14]"/);
    expect(JSON.parse(lines[0]).providers[0].name).to.equal("p");
    expect(logged.providers[0].config.nested.apiKey).to.equal("a4");
  });

  it("scrubs configured secrets by value from the message, objects and serialized errors", () => {
    const { lines, destination } = capture();
    const logger = createRootLogger({ level: "trace", destination, secrets: [CANARY] });
    logger.error(new Error(`Incorrect API key provided: ${CANARY}`));
    logger.warn(
      { err: new Error("wrapped", { cause: new Error(CANARY) }), detail: { text: CANARY } },
      CANARY,
    );
    logger.child({ plugin: "debug-dump" }).debug({ body: `{"key":"${CANARY}"}` }, "dumped");
    expect(lines).to.have.length(3);
    for (const line of lines) expect(line).not.to.include(CANARY);
    expect(JSON.parse(lines[0]).msg).to.equal("Incorrect API key provided: [REDACTED]");
  });

  it("scrubs a secret added to the list after the logger was made", () => {
    const { lines, destination } = capture();
    const secrets: string[] = [];
    const logger = createRootLogger({ level: "info", destination, secrets });
    secrets.push(CANARY);
    logger.info(`key from the environment: ${CANARY}`);
    expect(lines[0]).not.to.include(CANARY);
  });

  it("writes to a Node.js writable stream", () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    createRootLogger({ level: "info", destination: stream, secrets: [CANARY] }).info(CANARY);
    expect(chunks.join("")).to.include("[REDACTED]");
  });
});
