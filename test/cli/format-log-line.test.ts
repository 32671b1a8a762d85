import { expect } from "chai";
import { formatLogLine } from "../../src/cli/create-cli-logger.js";

describe("formatLogLine (the CLI's view of the runtime's log lines)", () => {
  it("prints the level, the plugin, the message and the fields, without time, pid or request id", () => {
    const line = JSON.stringify({
      level: 40,
      time: 1,
      pid: 2,
      hostname: "h",
      requestId: "r1",
      plugin: "fallback",
      provider: "a",
      status: 503,
      reason: { name: "TypeError", message: "x" },
      msg: "falling back",
    });
    expect(formatLogLine(`${line}\n`)).to.equal(
      'warning [fallback]: falling back (provider a, status 503, reason {"name":"TypeError","message":"x"})\n',
    );
  });

  it("prints a line without fields or plugin plainly, and a line that is not JSON as it is", () => {
    expect(formatLogLine(JSON.stringify({ level: 50, msg: "it broke" }))).to.equal("error: it broke\n");
    expect(formatLogLine("not json")).to.equal("not json\n");
  });
});
