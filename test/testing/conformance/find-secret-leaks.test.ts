import { expect } from "chai";
import {
  describeErrorForLeakCheck,
  findSecretLeaks,
} from "../../../src/testing/conformance/find-secret-leaks.js";

const KEY = "sk-canary-0123456789abcdef0123456789abcdef";
const TAIL = "0123456789abcdef0123456789abcdef";

describe("findSecretLeaks", () => {
  it("finds the whole key", () => {
    expect(findSecretLeaks(["ok", `Bearer ${KEY}`], KEY, TAIL)).to.deep.equal([`Bearer ${KEY}`]);
  });

  it("finds any 8-character run of the key's random tail", () => {
    expect(findSecretLeaks(["key ends ...cdef0123"], KEY, TAIL)).to.have.length(1);
  });

  it("passes text with at most 7 characters of the tail", () => {
    expect(findSecretLeaks(["sk-can***cdef", "0123456"], KEY, TAIL)).to.deep.equal([]);
  });
});

describe("describeErrorForLeakCheck", () => {
  it("includes each cause's message, so a key hidden two causes deep is found", () => {
    const inner = new Error(`upstream said ${KEY}`);
    const outer = new Error("failed", { cause: new Error("middle", { cause: inner }) });
    expect(findSecretLeaks(describeErrorForLeakCheck(outer), KEY, TAIL)).not.to.deep.equal([]);
  });

  it("includes the JSON form, so a key in a serialised field is found", () => {
    const error = Object.assign(new Error("failed"), { toJSON: () => ({ header: KEY }) });
    const texts = describeErrorForLeakCheck(error);
    expect(texts.some((text) => text.includes(`"header":"${KEY}"`))).to.equal(true);
  });
});
