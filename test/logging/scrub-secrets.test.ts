import { inspect } from "node:util";
import { expect } from "chai";
import { LLMError } from "../../src/errors/index.js";
import { createSecretScrubber, followSecrets, scrubErrorInPlace } from "../../src/logging/scrub-secrets.js";

const CANARY = "sk-canary-scrub-0123456789abcdef";

/** Every text an error shows: message, stack, each cause's, JSON and util.inspect. */
function textsOf(error: Error): string[] {
  const texts = [JSON.stringify(error), inspect(error, { depth: 10 })];
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    texts.push(current.message, current.stack ?? "");
  }
  return texts;
}

describe("createSecretScrubber", () => {
  it("replaces every occurrence of each secret", () => {
    const scrub = createSecretScrubber([CANARY, "other-secret-value"]);
    expect(scrub(`a ${CANARY} b ${CANARY} c other-secret-value`)).to.equal(
      "a [REDACTED] b [REDACTED] c [REDACTED]",
    );
  });

  it("removes a longer secret whole before a shorter one it contains", () => {
    const scrub = createSecretScrubber(["abcdefgh", "abcdefgh-ijklmnop"]);
    expect(scrub("key abcdefgh-ijklmnop")).to.equal("key [REDACTED]");
  });

  it("ignores secrets shorter than 4 characters, and matches those under 8 as whole tokens only", () => {
    const scrub = createSecretScrubber(["Zq7xW2", "sk"]);
    expect(scrub("key Zq7xW2. at sk.example")).to.equal("key [REDACTED]. at sk.example");
    expect(scrub("xZq7xW2 Zq7xW2y Zq7xW2-z")).to.equal("xZq7xW2 Zq7xW2y Zq7xW2-z");
  });

  it("scrubs credential shapes whatever their value: bearer tokens, sk- and AIza keys, key= queries", () => {
    const scrub = createSecretScrubber([]);
    expect(scrub("Authorization: Bearer abc123def")).to.equal("Authorization: Bearer [REDACTED]");
    expect(scrub("url?key=anything&x=1 sk-proj-abcdefgh AIzaSyA1234567890")).to.equal(
      "url?key=[REDACTED]&x=1 [REDACTED] [REDACTED]",
    );
    expect(scrub("Basic usage of the task-force")).to.equal("Basic usage of the task-force");
  });

  it("is the identity when there is nothing to scrub", () => {
    const text = "nothing here";
    expect(createSecretScrubber([])(text)).to.equal(text);
  });

  it("matches a secret's JSON-escaped form, as it appears in a serialized log line", () => {
    const secret = 'quote"and\\backslash';
    const scrub = createSecretScrubber([secret]);
    expect(scrub(JSON.stringify({ message: `bad key ${secret}` }))).to.equal(
      '{"message":"bad key [REDACTED]"}',
    );
  });

  it("treats regular-expression characters in a secret literally", () => {
    const scrub = createSecretScrubber(["a.b*c+d?(e)"]);
    expect(scrub("a.b*c+d?(e) aXbbbc+d")).to.equal("[REDACTED] aXbbbc+d");
  });
});

describe("followSecrets", () => {
  it("scrubs secrets added to the list after it was made", () => {
    const secrets: string[] = [];
    const scrub = followSecrets(secrets);
    expect(scrub("canary-scrub-0123456789")).to.equal("canary-scrub-0123456789");
    secrets.push(CANARY);
    expect(scrub(`x ${CANARY}`)).to.equal("x [REDACTED]");
  });
});

describe("scrubErrorInPlace", () => {
  const scrub = createSecretScrubber([CANARY]);

  it("leaves no secret in message, stack, any cause, JSON.stringify or util.inspect", () => {
    const root = new Error(`socket for ${CANARY} closed`);
    const middle = new TypeError(`Incorrect API key provided: ${CANARY}`, { cause: root });
    const error = new LLMError("authentication", `provider said ${CANARY}`, { cause: middle });
    Object.assign(middle, { body: { error: { message: `key ${CANARY}` } }, list: [CANARY] });
    expect(textsOf(error).some((text) => text.includes(CANARY))).to.equal(true);
    scrubErrorInPlace(error, scrub);
    for (const text of textsOf(error)) expect(text).not.to.include(CANARY);
    expect(middle.message).to.equal("Incorrect API key provided: [REDACTED]");
  });

  it("scrubs a plain error's own enumerable properties, which JSON.stringify shows", () => {
    const error = Object.assign(new Error("failed"), {
      request: { headers: { authorization: `Bearer ${CANARY}` } },
      url: `https://example.test/v1?key=${CANARY}`,
    });
    scrubErrorInPlace(error, scrub);
    expect(JSON.stringify(error)).to.equal(
      '{"request":{"headers":{"authorization":"Bearer [REDACTED]"}},"url":"https://example.test/v1?key=[REDACTED]"}',
    );
  });

  it("scrubs an AggregateError's errors and a string cause", () => {
    const error = new AggregateError([new Error(`a ${CANARY}`)], "all failed", { cause: `raw ${CANARY}` });
    scrubErrorInPlace(error, scrub);
    expect(inspect(error, { depth: 10 })).not.to.include(CANARY);
  });

  it("survives cycles in the cause chain and in properties", () => {
    const error = new Error(`one ${CANARY}`) as Error & { self?: unknown };
    const other = new Error(`two ${CANARY}`, { cause: error });
    Object.defineProperty(error, "cause", { value: other, configurable: true, writable: true });
    error.self = { back: error };
    scrubErrorInPlace(error, scrub);
    expect(error.message).to.equal("one [REDACTED]");
    expect(other.message).to.equal("two [REDACTED]");
  });

  it("scrubs Headers values (a server echoing the key), a new object since a Response's are immutable", () => {
    const headers = new Headers({ "x-echo": `key ${CANARY}`, "content-type": "application/json" });
    const error = Object.assign(new Error("x"), { headers });
    scrubErrorInPlace(error, scrub);
    expect(inspect(error)).not.to.include(CANARY);
    expect((error.headers as Headers).get("content-type")).to.equal("application/json");
  });

  it("stops at depth 32 and does not enter objects of other classes", () => {
    let nested: Record<string, unknown> = { value: CANARY };
    for (let depth = 0; depth < 40; depth++) nested = { nested };
    const headers = new Map([["authorization", CANARY]]);
    const error = Object.assign(new Error("x"), { nested, headers });
    scrubErrorInPlace(error, scrub);
    expect(JSON.stringify(error)).to.include(CANARY);
    expect(headers.get("authorization")).to.equal(CANARY);
  });

  it("leaves a frozen error as it is rather than throwing", () => {
    const error = Object.freeze(new Error(`frozen ${CANARY}`));
    expect(() => scrubErrorInPlace(error, scrub)).not.to.throw();
  });

  it("ignores values that are not objects", () => {
    expect(() => scrubErrorInPlace(`text ${CANARY}`, scrub)).not.to.throw();
    expect(() => scrubErrorInPlace(undefined, scrub)).not.to.throw();
  });
});
