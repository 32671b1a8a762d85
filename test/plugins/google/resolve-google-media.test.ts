import { expect } from "chai";
import { createGoogleMediaResolver, parseDataUrl } from "../../../plugins/google/resolve-google-media.js";

describe("createGoogleMediaResolver", () => {
  const tenBytes = Buffer.alloc(10, 1).toString("base64");

  it("inlines files while the request's inline total stays within the threshold, then uploads", async () => {
    const uploaded: number[] = [];
    const resolve = createGoogleMediaResolver({
      inlineMaxBytes: 25,
      upload: async (file) => {
        uploaded.push(file.bytes.length);
        return { fileUri: "https://files.example/1", mimeType: file.mimeType };
      },
    });
    const first = await resolve({ mimeType: "image/png", base64: tenBytes });
    const second = await resolve({ mimeType: "image/png", base64: tenBytes });
    const third = await resolve({ mimeType: "application/pdf", base64: tenBytes, filename: "c.pdf" });
    expect(first).to.deep.equal({ inlineData: { mimeType: "image/png", data: tenBytes } });
    expect(second).to.have.property("inlineData");
    expect(third).to.deep.equal({
      fileData: { fileUri: "https://files.example/1", mimeType: "application/pdf" },
    });
    expect(uploaded).to.deep.equal([10]);
  });

  it("uploads a single file larger than the threshold", async () => {
    let uploads = 0;
    const resolve = createGoogleMediaResolver({
      inlineMaxBytes: 9,
      upload: async () => {
        uploads += 1;
        return { fileUri: "u", mimeType: "image/png" };
      },
    });
    expect(await resolve({ mimeType: "image/png", base64: tenBytes })).to.have.property("fileData");
    expect(uploads).to.equal(1);
  });
});

describe("parseDataUrl", () => {
  it("splits a base64 data URL, parameters included", () => {
    expect(parseDataUrl("data:image/png;base64,AAAA")).to.deep.equal({
      mimeType: "image/png",
      base64: "AAAA",
    });
    expect(parseDataUrl("data:text/plain;charset=utf-8;base64,QQ==")).to.deep.equal({
      mimeType: "text/plain",
      base64: "QQ==",
    });
  });

  it("returns undefined for http URLs and non-base64 data URLs", () => {
    expect(parseDataUrl("https://example.com/a.png")).to.equal(undefined);
    expect(parseDataUrl("data:text/plain,hello")).to.equal(undefined);
  });
});
