import { expect } from "chai";
import { applyProviderParams } from "../../src/index.js";

describe("applyProviderParams", () => {
  const built = new Set(["messages", "stream"]);

  it("lays the provider's own fields over the built ones, as they are", () => {
    const fields: Record<string, unknown> = { temperature: 0.2, max_tokens: 10 };
    const dropped = applyProviderParams(fields, { temperature: 0.9, top_k: 40 }, built, "acme");
    expect(fields).to.deep.equal({ temperature: 0.9, max_tokens: 10, top_k: 40 });
    expect(dropped).to.deep.equal([]);
  });

  it("never overwrites a field the plugin builds, and names it for droppedParams", () => {
    const messages = [{ role: "user", content: "hi" }];
    const fields: Record<string, unknown> = { messages };
    const dropped = applyProviderParams(fields, { messages: [], stream: true, seed: 1 }, built, "acme");
    expect(fields).to.deep.equal({ messages, seed: 1 });
    expect(dropped).to.deep.equal(["providerParams.acme.messages", "providerParams.acme.stream"]);
  });

  it("skips undefined values", () => {
    const fields: Record<string, unknown> = { temperature: 0.2 };
    applyProviderParams(fields, { temperature: undefined }, built, "acme");
    expect(fields).to.deep.equal({ temperature: 0.2 });
  });
});
