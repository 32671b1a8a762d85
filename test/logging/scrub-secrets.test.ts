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

  it("ignores secrets shorter than 8 characters, so short words are not mangled", () => {
    const scrub = createSecretScrubber(["ollama", "sk"]);
    expect(scrub("the ollama server at sk.example")).to.equal("the ollama server at sk.example");
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
    expect(scrub(CANARY)).to.equal(CANARY);
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

  it("stops at depth 5 and does not enter objects of other classes", () => {
    let nested: Record<string, unknown> = { value: CANARY };
    for (let depth = 0; depth < 8; depth++) nested = { nested };
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
