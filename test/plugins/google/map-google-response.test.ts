import { expect } from "chai";
import type { GoogleResponsePart } from "../../../plugins/google/google-api-types.js";
import { mapGoogleResponse } from "../../../plugins/google/map-google-response.js";
import { ContentFilterError, isLLMError } from "../../../src/index.js";

const target = { provider: "gemini", model: "gemini-3-pro-preview" };

function candidate(parts: GoogleResponsePart[], finishReason = "STOP") {
  return { candidates: [{ content: { role: "model", parts }, finishReason, index: 0 }] };
}

describe("mapGoogleResponse", () => {
  it("joins text parts and keeps thought-summary parts out of the content", () => {
    const output = mapGoogleResponse(
      candidate([{ text: "Let me count.", thought: true }, { text: "There are " }, { text: "3." }]),
      target,
    );
    expect(output.content).to.equal("There are 3.");
    expect(output.reasoningInfo?.reasoningText).to.equal("Let me count.");
    expect(output.finishReason).to.equal("stop");
    expect(output.toolCalls).to.equal(null);
  });

  it("turns functionCall parts into tool calls with JSON-string arguments, reported as tool_calls despite STOP", () => {
    const output = mapGoogleResponse(
      {
        ...candidate([{ functionCall: { name: "weather", args: { location: "Paris" }, id: "abc123" } }]),
        responseId: "r1",
      },
      target,
    );
    expect(output.toolCalls).to.deep.equal([
      { id: "abc123", type: "function", function: { name: "weather", arguments: '{"location":"Paris"}' } },
    ]);
    expect(output.finishReason).to.equal("tool_calls");
    expect(output.content).to.equal(null);
  });

  it("gives two id-less parallel calls to one function distinct, stable, portable ids", () => {
    const response = {
      ...candidate([
        { functionCall: { name: "weather", args: { location: "San Francisco" } } },
        { functionCall: { name: "weather", args: { location: "Tokyo" } } },
      ]),
      responseId: "resp-42",
    };
    const first = mapGoogleResponse(response, target);
    const again = mapGoogleResponse(response, target);
    const ids = first.toolCalls?.map((call) => call.id) ?? [];
    expect(ids).to.have.length(2);
    expect(ids[0]).to.not.equal(ids[1]);
    expect(again.toolCalls?.map((call) => call.id)).to.deep.equal(ids);
    for (const id of ids) expect(id).to.match(/^[a-zA-Z0-9_-]{1,40}$/);
    expect(first.toolCalls?.map((call) => JSON.parse(call.function.arguments).location)).to.deep.equal([
      "San Francisco",
      "Tokyo",
    ]);
  });

  it("replaces an id other providers would refuse, and keeps Gemini's own id in the extension", () => {
    const output = mapGoogleResponse(
      candidate([
        { functionCall: { name: "bash", args: {}, id: "functions.Bash:0" }, thoughtSignature: "sig-1" },
      ]),
      target,
    );
    expect(output.toolCalls?.[0].id).to.match(/^call_[0-9a-f]{24}_0$/);
    expect(output.extension).to.deep.equal({
      providerType: "google",
      model: "gemini-3-pro-preview",
      data: { toolCalls: [{ name: "bash", id: "functions.Bash:0", thoughtSignature: "sig-1" }] },
    });
  });

  it("keeps the thought signatures of text and call parts in the extension", () => {
    const output = mapGoogleResponse(
      candidate([
        { text: "Checking.", thoughtSignature: "text-sig" },
        { functionCall: { name: "weather", args: { location: "A" } }, thoughtSignature: "call-sig" },
        { functionCall: { name: "weather", args: { location: "B" } } },
      ]),
      target,
    );
    expect(output.extension?.data).to.deep.equal({
      textSignature: "text-sig",
      toolCalls: [
        { name: "weather", id: undefined, thoughtSignature: "call-sig" },
        { name: "weather", id: undefined, thoughtSignature: undefined },
      ],
    });
  });

  it("adds no extension when there is nothing to send back", () => {
    expect(mapGoogleResponse(candidate([{ text: "hi" }]), target).extension).to.equal(undefined);
  });

  it("throws a ContentFilterError for a prompt blocked with no candidates, never an empty success", () => {
    const blocked = { promptFeedback: { blockReason: "SAFETY" }, usageMetadata: { promptTokenCount: 5 } };
    expect(() => mapGoogleResponse(blocked, target))
      .to.throw(ContentFilterError)
      .with.property("providerCode", "SAFETY");
  });

  it("throws a retryable provider error for a response with no candidate and no block reason", () => {
    try {
      mapGoogleResponse({ candidates: [] }, target);
      expect.fail("should have thrown");
    } catch (error) {
      expect(isLLMError(error, "provider_error")).to.equal(true);
      expect((error as { retryable: boolean }).retryable).to.equal(true);
    }
  });

  it("maps a filtered candidate with no parts to content_filter with null content", () => {
    const output = mapGoogleResponse({ candidates: [{ finishReason: "SAFETY" }] }, target);
    expect(output.finishReason).to.equal("content_filter");
    expect(output.content).to.equal(null);
    expect(output.reasoningInfo?.rawFinishReason).to.equal("SAFETY");
  });

  it("reports the model version Gemini answered with, else the requested model", () => {
    expect(
      mapGoogleResponse({ ...candidate([{ text: "x" }]), modelVersion: "gemini-3-pro-001" }, target).model,
    ).to.equal("gemini-3-pro-001");
    expect(mapGoogleResponse(candidate([{ text: "x" }]), target).model).to.equal("gemini-3-pro-preview");
  });

  it("falls back to the requested model when modelVersion is empty or not a string", () => {
    for (const modelVersion of ["", 42, { name: "x" }, null]) {
      const output = mapGoogleResponse(
        { ...candidate([{ text: "x" }]), modelVersion: modelVersion as never },
        target,
      );
      expect(output.model, JSON.stringify(modelVersion)).to.equal("gemini-3-pro-preview");
    }
  });

  it('refuses a function call without a name as malformed_tool_call, never a call named ""', () => {
    expect(() => mapGoogleResponse(candidate([{ functionCall: { args: { city: "Paris" } } }]), target))
      .to.throw()
      .with.property("providerCode", "malformed_tool_call");
    expect(() => mapGoogleResponse(candidate([{ functionCall: { name: 5 as never, args: {} } }]), target))
      .to.throw()
      .with.property("providerCode", "malformed_tool_call");
  });

  it("reads parts, candidates, ids and signatures of the wrong type as absent, never throwing a TypeError", () => {
    const notList = { candidates: [{ content: { parts: { text: "x" } as never }, finishReason: "STOP" }] };
    expect(mapGoogleResponse(notList, target).content).to.equal(null);
    const withNulls = candidate([null as never, 3 as never, { text: "kept" }]);
    expect(mapGoogleResponse(withNulls, target).content).to.equal("kept");
    const numericId = { ...candidate([{ functionCall: { name: "f", args: {} } }]), responseId: 12 as never };
    expect(mapGoogleResponse(numericId, target).toolCalls?.[0].id).to.match(/^call_[0-9a-f]{24}_0$/);
    const badSignature = candidate([{ text: "x", thoughtSignature: 9 as never }]);
    expect(mapGoogleResponse(badSignature, target).extension).to.equal(undefined);
    expect(() => mapGoogleResponse({ candidates: { 0: {} } as never }, target))
      .to.throw()
      .with.property("code", "provider_error");
  });
});
