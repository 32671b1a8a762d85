import { expect } from "chai";
import { createCachedGoogleUploader, GoogleUploadCache } from "../../../plugins/google/upload-google-file.js";

function fakeUpload() {
  const calls: string[] = [];
  const upload = async (file: { bytes: Buffer; mimeType: string }) => {
    calls.push(file.bytes.toString("utf8"));
    return {
      name: `files/${calls.length}`,
      uri: `https://files.example/${calls.length}`,
      mimeType: file.mimeType,
      state: "ACTIVE",
      expirationTime: "2026-11-27T12:00:00Z",
    };
  };
  return { calls, upload };
}

const NOW = Date.parse("2026-11-25T12:00:00Z");

describe("createCachedGoogleUploader", () => {
  it("uploads the same bytes once per scope, even when two requests ask at the same time", async () => {
    const { calls, upload } = fakeUpload();
    const uploader = createCachedGoogleUploader({
      upload,
      cache: new GoogleUploadCache(),
      scope: "s",
      now: () => NOW,
    });
    const file = { bytes: Buffer.from("pdf bytes"), mimeType: "application/pdf" };
    const [first, second] = await Promise.all([uploader(file), uploader(file)]);
    const third = await uploader({ ...file, bytes: Buffer.from("pdf bytes") });
    expect(calls).to.deep.equal(["pdf bytes"]);
    expect(first).to.deep.equal({ fileUri: "https://files.example/1", mimeType: "application/pdf" });
    expect(second).to.deep.equal(first);
    expect(third).to.deep.equal(first);
  });

  it("uploads different bytes, and the same bytes under another scope (another key), separately", async () => {
    const { calls, upload } = fakeUpload();
    const cache = new GoogleUploadCache();
    const one = createCachedGoogleUploader({ upload, cache, scope: "key-1", now: () => NOW });
    const two = createCachedGoogleUploader({ upload, cache, scope: "key-2", now: () => NOW });
    await one({ bytes: Buffer.from("a"), mimeType: "image/png" });
    await one({ bytes: Buffer.from("b"), mimeType: "image/png" });
    await two({ bytes: Buffer.from("a"), mimeType: "image/png" });
    expect(calls).to.deep.equal(["a", "b", "a"]);
  });

  it("uploads again once the file is within an hour of Google's expiry", async () => {
    const { calls, upload } = fakeUpload();
    let now = NOW;
    const uploader = createCachedGoogleUploader({
      upload,
      cache: new GoogleUploadCache(),
      scope: "s",
      now: () => now,
    });
    const file = { bytes: Buffer.from("x"), mimeType: "image/png" };
    await uploader(file);
    now = Date.parse("2026-11-27T10:30:00Z");
    await uploader(file);
    expect(calls).to.have.length(1);
    now = Date.parse("2026-11-27T11:30:00Z");
    await uploader(file);
    expect(calls).to.have.length(2);
  });

  it("forgets a failed upload so the next request tries again", async () => {
    let attempts = 0;
    const upload = async () => {
      attempts += 1;
      if (attempts === 1) throw new Error("network");
      return { uri: "https://files.example/ok", mimeType: "image/png", state: "ACTIVE" };
    };
    const uploader = createCachedGoogleUploader({
      upload,
      cache: new GoogleUploadCache(),
      scope: "s",
      now: () => NOW,
    });
    const file = { bytes: Buffer.from("x"), mimeType: "image/png" };
    await uploader(file).then(
      () => expect.fail("should fail"),
      (error: Error) => expect(error.message).to.equal("network"),
    );
    expect(await uploader(file)).to.deep.equal({
      fileUri: "https://files.example/ok",
      mimeType: "image/png",
    });
    expect(attempts).to.equal(2);
  });

  it("refuses an upload the Files API marked FAILED", async () => {
    const uploader = createCachedGoogleUploader({
      upload: async () => ({ uri: "https://files.example/bad", state: "FAILED" }),
      cache: new GoogleUploadCache(),
      scope: "s",
      now: () => NOW,
    });
    await uploader({ bytes: Buffer.from("x"), mimeType: "image/png" }).then(
      () => expect.fail("should fail"),
      (error: Error) => expect(error.message).to.match(/FAILED/),
    );
  });
});

describe("GoogleUploadCache", () => {
  it("drops the oldest entry beyond its bound", () => {
    const cache = new GoogleUploadCache(2);
    const entry = {
      file: Promise.resolve({ fileUri: "u", mimeType: "m" }),
      reusableUntil: Number.POSITIVE_INFINITY,
      waiters: 0,
      settled: true,
      controller: new AbortController(),
    };
    cache.set("a", entry);
    cache.set("b", entry);
    cache.set("c", entry);
    expect(cache.size).to.equal(2);
    expect(cache.get("a", 0)).to.equal(undefined);
    expect(cache.get("c", 0)).to.equal(entry);
  });
});
