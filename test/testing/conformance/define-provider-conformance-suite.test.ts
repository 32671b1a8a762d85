import { expect } from "chai";
import type { ConformanceAdapter } from "../../../src/testing/conformance/conformance-adapter.js";
import type { TestApi } from "../../../src/testing/conformance/conformance-context.js";
import { defineProviderConformanceSuite } from "../../../src/testing/conformance/define-provider-conformance-suite.js";
import { openAIConformanceAdapter } from "../../../src/testing/conformance/openai-conformance-adapter.js";
import { openAIChatCompletion, openAIJsonReply } from "../../../src/testing/protocols/openai-protocol.js";
import { recordedFixturesDirectory } from "../../../src/testing/recorded-fixtures.js";

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
  it("declares the output, error, timeout, abort, secret and streaming cases", () => {
    const { titles } = collectSuite(openAIConformanceAdapter);
    const recordedStreams = titles.filter((title) =>
      title.startsWith("replays every recorded stream"),
    ).length;
    expect(recordedStreams).to.be.at.least(1);
    expect(titles).to.have.length(18 + 11 + recordedStreams);
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

  it("declares the streaming cases pending when the adapter has no stream replies", () => {
    const { stream: _stream, ...withoutStream } = openAIConformanceAdapter;
    const { titles } = collectSuite(withoutStream);
    expect(
      titles.filter((title) => title.endsWith("(the adapter declares no stream replies)")),
    ).to.have.length(12);
  });

  it("fails the streamed-text case when the stream's text differs from the non-streaming reply", async () => {
    const stream = openAIConformanceAdapter.stream;
    if (!stream) throw new Error("the openai adapter streams");
    const lying: ConformanceAdapter = {
      ...openAIConformanceAdapter,
      stream: { ...stream, textReply: (_pieces, usage) => stream.textReply(["Other ", "text"], usage) },
    };
    const error = await collectSuite(lying).run("streams plain text as several deltas");
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.include("Other text");
  });

  it("fails the cut-stream case when the stream is not cut where the suite expects a delta", async () => {
    const stream = openAIConformanceAdapter.stream;
    if (!stream) throw new Error("the openai adapter streams");
    const noDeltas: ConformanceAdapter = {
      ...openAIConformanceAdapter,
      stream: { ...stream, textReply: (_pieces, usage) => stream.textReply([], usage) },
    };
    expect(await collectSuite(noDeltas).run("ends a stream cut after a delta")).to.be.instanceOf(Error);
  });

  it("fails the recorded-stream case when the plugin's streamed output differs from the oracle's", async function () {
    if (recordedFixturesDirectory() === undefined) {
      console.log("      skipped: ../shared/fixtures/recorded is absent");
      this.skip();
    }
    const stream = openAIConformanceAdapter.stream;
    const recorded = stream?.recorded;
    if (!stream || !recorded) throw new Error("the openai adapter has recorded streams");
    const wrongOracle: ConformanceAdapter = {
      ...openAIConformanceAdapter,
      stream: {
        ...stream,
        recorded: {
          ...recorded,
          collapse: (payloads) => {
            const body = recorded.collapse(payloads) as { choices: Array<{ message: { content: string } }> };
            body.choices[0].message.content += " and more";
            return body;
          },
        },
      },
    };
    const error = await collectSuite(wrongOracle).run("replays every recorded stream");
    expect(error).to.be.instanceOf(Error);
  });

  it("fails the recorded-stream case when a .json declared the same reply differs from the stream", async function () {
    if (recordedFixturesDirectory() === undefined) {
      console.log("      skipped: ../shared/fixtures/recorded is absent");
      this.skip();
    }
    const stream = openAIConformanceAdapter.stream;
    const recorded = stream?.recorded;
    if (!stream || !recorded) throw new Error("the openai adapter has recorded streams");
    const claimsSame: ConformanceAdapter = {
      ...openAIConformanceAdapter,
      stream: { ...stream, recorded: { ...recorded, isSameReply: () => true } },
    };
    const error = await collectSuite(claimsSame).run("replays every recorded stream");
    expect((error as Error | undefined)?.message).to.include("the same reply");
  });

  it("passes a case the plugin gets right", async () => {
    expect(await collectSuite(openAIConformanceAdapter).run("returns plain text")).to.equal(undefined);
  });
});
