import { Writable } from "node:stream";
import { expect } from "chai";
import { createRootLogger } from "../../src/logging/create-root-logger.js";
import { REDACT_PATHS } from "../../src/logging/redact-paths.js";

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
    "cookie",
  ]) {
    it(`redacts the ${header} header by path, also one level down`, () => {
      const { lines, destination } = capture();
      const logger = createRootLogger({ level: "info", destination, secrets: [] });
      logger.info(
        { headers: { [header]: "unknown-credential-1" }, request: { headers: { [header]: "c2" } } },
        "x",
      );
      const line = JSON.parse(lines[0]);
      expect(line.headers[header]).to.equal("[REDACTED]");
      expect(line.request.headers[header]).to.equal("[REDACTED]");
    });
  }

  it("redacts apiKey at the top and three levels down", () => {
    const { lines, destination } = capture();
    const logger = createRootLogger({ level: "info", destination, secrets: [] });
    logger.info({ apiKey: "a1", provider: { apiKey: "a2", nested: { deeper: { apiKey: "a4" } } } }, "x");
    expect(lines[0]).not.to.match(/"a[124]"/);
    expect(REDACT_PATHS).to.include("*.*.*.apiKey");
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
