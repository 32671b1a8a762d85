import { expect } from "chai";
import {
  convertAnthropicUserContent,
  parseDataUrl,
} from "../../../plugins/anthropic/convert-anthropic-user-content.js";

const TARGET = { provider: "anthropic", model: "claude-sonnet-4-6" };
const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
const PDF = Buffer.from("%PDF-1.4 fake").toString("base64");

describe("convertAnthropicUserContent", () => {
  it("turns a string into one text block and an empty string into none", () => {
    expect(convertAnthropicUserContent("hi", TARGET)).to.deep.equal([{ type: "text", text: "hi" }]);
    expect(convertAnthropicUserContent("", TARGET)).to.deep.equal([]);
  });

  it("turns a data-URL image into a base64 image block", () => {
    const blocks = convertAnthropicUserContent(
      [{ type: "image_url", image_url: { url: `data:image/png;base64,${PNG}` } }],
      TARGET,
    );
    expect(blocks).to.deep.equal([
      { type: "image", source: { type: "base64", media_type: "image/png", data: PNG } },
    ]);
  });

  it("turns an http(s) image URL into a url image block", () => {
    const url = "https://example.com/cat.jpg";
    const blocks = convertAnthropicUserContent([{ type: "image_url", image_url: { url } }], TARGET);
    expect(blocks).to.deep.equal([{ type: "image", source: { type: "url", url } }]);
  });

  it("turns a PDF file part into a base64 document block titled with the file name", () => {
    const blocks = convertAnthropicUserContent(
      [{ type: "file", file: { file_data: `data:application/pdf;base64,${PDF}`, filename: "report.pdf" } }],
      TARGET,
    );
    expect(blocks).to.deep.equal([
      {
        type: "document",
        source: { type: "base64", media_type: "application/pdf", data: PDF },
        title: "report.pdf",
      },
    ]);
  });

  it("turns a text file part into a plain-text document block", () => {
    const data = Buffer.from("line one\nline two").toString("base64");
    const blocks = convertAnthropicUserContent(
      [{ type: "file", file: { file_data: `data:text/markdown;base64,${data}` } }],
      TARGET,
    );
    expect(blocks).to.deep.equal([
      { type: "document", source: { type: "text", media_type: "text/plain", data: "line one\nline two" } },
    ]);
  });

  it("keeps text parts in order around attachments and drops empty ones", () => {
    const blocks = convertAnthropicUserContent(
      [
        { type: "text", text: "Look:" },
        { type: "text", text: "" },
        { type: "image_url", image_url: { url: `data:image/png;base64,${PNG}` } },
      ],
      TARGET,
    );
    expect(blocks.map((block) => block.type)).to.deep.equal(["text", "image"]);
  });

  it("refuses an image type Anthropic does not accept", () => {
    expect(() =>
      convertAnthropicUserContent(
        [{ type: "image_url", image_url: { url: "data:image/svg+xml;base64,PHN2Zz4=" } }],
        TARGET,
      ),
    ).to.throw(/image\/svg\+xml/);
  });

  it("refuses a file part that names another provider's file id", () => {
    expect(() => convertAnthropicUserContent([{ type: "file", file: { file_id: "file-abc" } }], TARGET))
      .to.throw(/file_id/)
      .with.property("code", "invalid_request");
  });

  it("refuses an image URL that is neither http(s) nor a base64 data URL", () => {
    expect(() =>
      convertAnthropicUserContent([{ type: "image_url", image_url: { url: "file:///etc/passwd" } }], TARGET),
    ).to.throw(/neither an http/);
  });
});

describe("parseDataUrl", () => {
  it("reads the media type and the base64 data, parameters allowed", () => {
    expect(parseDataUrl("data:Image/PNG;name=x.png;base64,QUJD")).to.deep.equal({
      mediaType: "image/png",
      base64: "QUJD",
    });
  });

  it("returns undefined for a data URL that is not base64", () => {
    expect(parseDataUrl("data:text/plain,hello")).to.equal(undefined);
  });
});
