import { expect } from "chai";
import {
  readRecordedChunks,
  readRecordedJson,
  recordedFixturesDirectory,
} from "../../src/testing/recorded-fixtures.js";

describe("recorded fixtures", () => {
  before(function () {
    if (recordedFixturesDirectory() === undefined) {
      console.log("    (skipped: ../shared/fixtures/recorded is absent beside the repository)");
      this.skip();
    }
  });

  it("finds the folder at ../shared/fixtures/recorded beside the repository root", () => {
    expect(recordedFixturesDirectory()).to.match(/[/\\]shared[/\\]fixtures[/\\]recorded$/);
  });

  it("reads a .json body parsed", () => {
    const body = readRecordedJson("openai", "openai-text") as { object: string; choices: unknown[] };
    expect(body.object).to.equal("chat.completion");
    expect(body.choices).to.have.length(1);
  });

  it("reads a .chunks.txt stream as one SSE event per non-empty line", () => {
    const events = readRecordedChunks("openai", "openai-text") ?? [];
    expect(events).to.have.length(303);
    expect(events[0].event).to.equal(undefined);
    expect((events[0].data as { object: string }).object).to.equal("chat.completion.chunk");
  });

  it("names events by their type field when asked (Anthropic framing)", () => {
    const events = readRecordedChunks("anthropic", "anthropic-text", { eventFromType: true }) ?? [];
    expect(events[0].event).to.equal("message_start");
  });

  it("returns undefined for a file that is not there", () => {
    expect(readRecordedJson("openai", "no-such-fixture")).to.equal(undefined);
    expect(readRecordedChunks("openai", "no-such-fixture")).to.equal(undefined);
  });
});
