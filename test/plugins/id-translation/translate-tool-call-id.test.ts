import { hash } from "node:crypto";
import { expect } from "chai";
import {
  isValidToolCallId,
  mintToolCallId,
  PORTABLE_TOOL_CALL_ID_RULE,
  translateRepeatedToolCallId,
  translateToolCallId,
} from "../../../plugins/id-translation/index.js";
import { DECLARED_FORMATS } from "./declared-formats.js";

const PORTABLE = /^[a-zA-Z0-9_-]{1,40}$/;
const AWKWARD_IDS = [
  "functions.write:0",
  "call_x|fc_y",
  "x".repeat(200),
  "",
  "a b",
  "é",
  `${"y".repeat(41)}`,
];

describe("id-translation: translateToolCallId", () => {
  it("keeps an id that every built-in provider accepts", () => {
    for (const id of ["call_abc123", "toolu_01PQjhxo3eirCdKNvCJrKc8f", "a", "x".repeat(40)]) {
      expect(translateToolCallId(id)).to.equal(id);
    }
  });

  it("maps any other id to call_ and a hash slice that every built-in provider accepts", () => {
    for (const id of AWKWARD_IDS) {
      const translated = translateToolCallId(id);
      expect(translated, id).to.match(PORTABLE);
      expect(translated, id).to.match(/^call_[A-Za-z0-9_-]{24}$/);
    }
  });

  it("translates the same id the same way every time, and a translated id to itself", () => {
    const first = translateToolCallId("functions.Bash:0");
    expect(translateToolCallId("functions.Bash:0")).to.equal(first);
    expect(translateToolCallId(first)).to.equal(first);
  });

  it("gives different ids different translations, even when they differ only in one character", () => {
    const translated = new Set(AWKWARD_IDS.map((id) => translateToolCallId(id)));
    expect(translated.size).to.equal(AWKWARD_IDS.length);
    expect(translateToolCallId("a.b")).to.not.equal(translateToolCallId("a:b"));
  });

  it("follows a provider type's own rule: OpenAI keeps functions.write:0 but not a 41-character id", () => {
    const openai = DECLARED_FORMATS.openai;
    expect(translateToolCallId("functions.write:0", openai)).to.equal("functions.write:0");
    expect(translateToolCallId("y".repeat(41), openai)).to.have.length.at.most(40);
    const anthropic = DECLARED_FORMATS.anthropic;
    expect(translateToolCallId("call_x|fc_y", anthropic)).to.match(/^[a-zA-Z0-9_-]+$/);
    expect(translateToolCallId("z".repeat(200), anthropic)).to.equal("z".repeat(200));
  });

  it("mints ids within a short limit and from letters and digits only when a rule asks for it", () => {
    const nine = mintToolCallId("functions.write:0", { charset: "alphanumeric", maxLength: 9 });
    expect(nine).to.match(/^[a-f0-9]{9}$/);
    const twelve = mintToolCallId("functions.write:0", { charset: "word", maxLength: 12 });
    expect(twelve).to.match(/^[A-Za-z0-9_-]{12}$/);
    const long = mintToolCallId("functions.write:0", { charset: "alphanumeric", maxLength: 64 });
    expect(long).to.match(/^call[a-f0-9]{32}$/);
  });

  it("never accepts the empty id", () => {
    expect(isValidToolCallId("", DECLARED_FORMATS.google)).to.equal(false);
    expect(isValidToolCallId("", PORTABLE_TOOL_CALL_ID_RULE)).to.equal(false);
  });

  it("gives repeated uses of one id distinct, stable ids, the first use keeping the plain translation", () => {
    const ids = [0, 1, 2].map((occurrence) => translateRepeatedToolCallId("call_1", occurrence));
    expect(ids[0]).to.equal("call_1");
    expect(new Set(ids).size).to.equal(3);
    expect(translateRepeatedToolCallId("call_1", 2)).to.equal(ids[2]);
    for (const id of ids) expect(id).to.match(PORTABLE);
  });

  it("mints the same ids from a seed seen before, after many others, and from a long seed", () => {
    const expected = (seed: string) => `call_${hash("sha256", seed, "base64url").slice(0, 24)}`;
    const alphanumeric = { charset: "alphanumeric" as const, maxLength: 40 };
    const expectedHex = (seed: string) => `call${hash("sha256", seed, "hex").slice(0, 32)}`;
    const seeds = ["functions.Bash:0", "z".repeat(500)];
    for (let round = 0; round < 2; round++) {
      for (const seed of seeds) {
        expect(mintToolCallId(seed)).to.equal(expected(seed));
        expect(mintToolCallId(seed, alphanumeric)).to.equal(expectedHex(seed));
      }
      // More distinct seeds than any cache of recent ones holds, before the second round.
      for (let index = 0; index < 3000; index++) mintToolCallId(`functions.other:${index}`);
    }
  });
});
