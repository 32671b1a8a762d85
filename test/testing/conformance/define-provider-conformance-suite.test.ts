import { expect } from "chai";
import type { ConformanceAdapter } from "../../../src/testing/conformance/conformance-adapter.js";
import type { TestApi } from "../../../src/testing/conformance/conformance-context.js";
import { defineProviderConformanceSuite } from "../../../src/testing/conformance/define-provider-conformance-suite.js";
import { openAIChatCompletion, openAIJsonReply } from "../../../src/testing/protocols/openai-protocol.js";
import { openAIConformanceAdapter } from "../../support/openai-conformance-adapter.js";

/** Collects the suite's cases instead of declaring them, so a test can run them one by one. */
function collectSuite(adapter: ConformanceAdapter) {
  const cases = new Map<string, (() => Promise<void>) | undefined>();
  let beforeEach: (() => Promise<void>) | undefined;
  let afterEach: (() => Promise<void>) | undefined;
  const testApi: TestApi = {
    describe: (_title, body) => body(),
    it: (title, body) => cases.set(title, body),
    beforeEach: (body) => {
      beforeEach = body;
    },
    afterEach: (body) => {
      afterEach = body;
    },
  };
  defineProviderConformanceSuite(adapter, { testApi });
  return {
    titles: [...cases.keys()],
    async run(titleStart: string): Promise<unknown> {
      const entry = [...cases.entries()].find(([title]) => title.startsWith(titleStart));
      if (!entry?.[1]) throw new Error(`no runnable case starting "${titleStart}"`);
      await beforeEach?.();
      try {
        await entry[1]();
        return undefined;
      } catch (error) {
        return error;
      } finally {
        await afterEach?.();
      }
    },
  };
}

describe("defineProviderConformanceSuite", () => {
  it("declares the output, error, timeout, abort and secret cases", () => {
    const { titles } = collectSuite(openAIConformanceAdapter);
    expect(titles).to.have.length(18);
    expect(titles.some((title) => title.includes("rate_limit"))).to.equal(true);
    expect(titles.some((title) => title.includes("never shows it in logs"))).to.equal(true);
  });

  it("declares a pending case for an error kind the provider does not have", () => {
    const suite = collectSuite({ ...openAIConformanceAdapter, errorCase: () => undefined });
    expect(
      suite.titles.filter((title) => title.endsWith("(this provider has no such error)")),
    ).to.have.length(7);
  });

  it("fails the plain-text case when the plugin returns other text than the server sent", async () => {
    const lying: ConformanceAdapter = {
      ...openAIConformanceAdapter,
      textReply: (_text, usage) =>
        openAIJsonReply(openAIChatCompletion({ content: "something else", usage })),
    };
    const error = await collectSuite(lying).run("returns plain text");
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.include("something else");
  });

  it("fails the usage case when the expected usage differs from what the plugin reports", async () => {
    const wrong: ConformanceAdapter = {
      ...openAIConformanceAdapter,
      expectedUsage: (usage) => ({ ...openAIConformanceAdapter.expectedUsage(usage), promptTokens: 999 }),
    };
    expect(await collectSuite(wrong).run("reports usage numbers")).to.be.instanceOf(Error);
  });

  it("passes a case the plugin gets right", async () => {
    expect(await collectSuite(openAIConformanceAdapter).run("returns plain text")).to.equal(undefined);
  });
});
