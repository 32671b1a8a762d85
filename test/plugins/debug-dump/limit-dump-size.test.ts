import { expect } from "chai";
import { limitDumpSize } from "../../../plugins/debug-dump/index.js";

function documentWith(messages: number, messageLength: number, attempts = 3) {
  return {
    kind: "llm-runtime.debug-dump",
    requestId: "r1",
    failedTarget: { provider: "a", providerType: "openai", model: "m", targetIndex: 0, params: {} },
    request: {
      model: "m",
      messages: Array.from({ length: messages }, () => ({
        role: "user",
        content: "x".repeat(messageLength),
      })),
      tools: [{ type: "function", function: { name: "write", parameters: { type: "object" } } }],
    },
    attempts: Array.from({ length: attempts }, (_, index) => ({
      attempt: index + 1,
      error: { message: "e" },
    })),
    error: { class: "RateLimitError", message: "m".repeat(10_000) },
  };
}

const bytes = (text: string) => Buffer.byteLength(text, "utf8");

describe("debug-dump: size limit", () => {
  it("keeps a dump that fits whole", () => {
    const dump = limitDumpSize(documentWith(2, 10), 1_000_000);
    expect(JSON.parse(dump.text)).to.deep.equal(documentWith(2, 10));
    expect(dump.document).to.not.have.property("truncated");
  });

  it("leaves out the conversation first, keeping tool names, and says so", () => {
    const dump = limitDumpSize(documentWith(100, 1000), 20_000);
    expect(bytes(dump.text)).to.be.at.most(20_000);
    const parsed = JSON.parse(dump.text);
    expect(parsed.request.messages).to.equal("[omitted: 100 messages]");
    expect(parsed.request.tools).to.deep.equal(["write"]);
    expect(parsed.truncated).to.be.a("string");
  });

  it("keeps only the error and the last attempts when even that is too large, within the smallest limit", () => {
    const dump = limitDumpSize(documentWith(100, 1000, 200), 4096);
    expect(bytes(dump.text)).to.be.at.most(4096);
    const parsed = JSON.parse(dump.text);
    expect(parsed.error.class).to.equal("RateLimitError");
    const kept = parsed.attempts.map((attempt: { attempt: number }) => attempt.attempt);
    expect(kept.length).to.be.within(1, 20);
    expect(kept[kept.length - 1]).to.equal(200);
  });
});
