import { expect } from "chai";
import { pino } from "pino";
import { adoptLogger } from "../../src/logging/wrap-logger.js";

const CANARY = "sk-canary-adopted-0123456789abcdef";

function userLogger(options: pino.LoggerOptions = {}) {
  const lines: string[] = [];
  const logger = pino({ base: undefined, ...options }, { write: (line: string) => void lines.push(line) });
  return { lines, logger };
}

describe("adoptLogger", () => {
  it("scrubs secrets by value from every line the runtime writes, children included", () => {
    const { lines, logger } = userLogger();
    const adopted = adoptLogger(logger, [CANARY]);
    adopted.warn({ detail: CANARY }, `message ${CANARY}`);
    adopted.child({ plugin: "retry" }).error(new Error(`Incorrect API key provided: ${CANARY}`));
    expect(lines).to.have.length(2);
    for (const line of lines) expect(line).not.to.include(CANARY);
    expect(JSON.parse(lines[1])).to.include({ plugin: "retry" });
  });

  it("redacts credential keys in logged objects, in any spelling", () => {
    const { lines, logger } = userLogger();
    adoptLogger(logger, []).info(
      { apiKey: "unknown-key-1", request: { headers: { "X-Api-Key": "unknown-key-2" } } },
      "x",
    );
    expect(JSON.parse(lines[0])).to.deep.include({
      apiKey: "[REDACTED]",
      request: { headers: { "X-Api-Key": "[REDACTED]" } },
    });
  });

  it("still runs the application's own formatters.log, after the redaction", () => {
    const seen: unknown[] = [];
    const { lines, logger } = userLogger({
      formatters: {
        log: (object) => {
          seen.push(object);
          return { ...object, app: "tagged" };
        },
      },
    });
    adoptLogger(logger, []).info({ apiKey: "unknown-key-1" }, "x");
    expect(seen).to.deep.equal([{ apiKey: "[REDACTED]" }]);
    expect(JSON.parse(lines[0])).to.include({ app: "tagged", apiKey: "[REDACTED]" });
  });

  it("keeps the application's own redaction paths (a pino child's redact would replace them)", () => {
    const { lines, logger } = userLogger({ redact: ["password"] });
    adoptLogger(logger, [CANARY]).info({ password: "hunter2-hunter2", note: CANARY }, "x");
    const line = JSON.parse(lines[0]);
    expect(line.password).to.equal("[Redacted]");
    expect(line.note).to.equal("[REDACTED]");
  });

  it("runs the application's own streamWrite hook and leaves its own lines untouched", () => {
    const { lines, logger } = userLogger({ hooks: { streamWrite: (line) => line.replace("app", "APP") } });
    const adopted = adoptLogger(logger, [CANARY]);
    adopted.info(`app ${CANARY}`);
    logger.info(`app ${CANARY}`);
    expect(JSON.parse(lines[0]).msg).to.equal("APP [REDACTED]");
    expect(JSON.parse(lines[1]).msg).to.equal(`APP ${CANARY}`);
  });

  it("scrubs secrets added to the list after adoption", () => {
    const { lines, logger } = userLogger();
    const secrets: string[] = [];
    const adopted = adoptLogger(logger, secrets);
    secrets.push(CANARY);
    adopted.info(CANARY);
    expect(lines[0]).not.to.include(CANARY);
  });
});
