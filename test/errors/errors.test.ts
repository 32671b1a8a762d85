import { inspect } from "node:util";
import { expect } from "chai";
import {
  ConfigError,
  isLLMError,
  isLLMProviderError,
  LLMProviderError,
  RateLimitError,
  TimeoutError,
} from "../../src/index.js";

describe("the error taxonomy", () => {
  it("recognises errors from a second copy of the package by their brand, where instanceof fails", async () => {
    // A query string makes the loader evaluate the module again: a second copy, as with two installs.
    const copy = await import(`../../src/errors/provider-errors.js?copy=${Date.now()}`);
    const foreign = new copy.RateLimitError("slow down", { provider: "openai", model: "gpt-4o" });
    expect(foreign instanceof RateLimitError).to.equal(false);
    expect(isLLMError(foreign)).to.equal(true);
    expect(isLLMError(foreign, "rate_limit")).to.equal(true);
    expect(isLLMError(foreign, "timeout")).to.equal(false);
    expect(isLLMError(new Error("plain"))).to.equal(false);
    expect(isLLMError(null)).to.equal(false);
  });

  it("narrows provider failures from any copy with isLLMProviderError, and nothing else", async () => {
    const copy = await import(`../../src/errors/provider-errors.js?copy=${Date.now()}`);
    const foreign = new copy.TimeoutError("slow", { provider: "p", model: "m", phase: "total" });
    expect(isLLMProviderError(foreign)).to.equal(true);
    expect(isLLMProviderError(foreign, "timeout")).to.equal(true);
    expect(isLLMProviderError(foreign, "rate_limit")).to.equal(false);
    expect(isLLMProviderError(new ConfigError("x", { fix: "y" }))).to.equal(false);
    expect(isLLMProviderError({ code: "timeout" })).to.equal(false);
  });

  it("says where, what and how to fix it in every message", () => {
    const error = new RateLimitError("rate limited", { provider: "openai", model: "gpt-4o", status: 429 });
    expect(error.message).to.equal(
      "[openai gpt-4o] rate limited (HTTP 429) (fix: wait and retry, or add a fallback provider)",
    );
    expect(error).to.include({ name: "RateLimitError", code: "rate_limit", retryable: true });
  });

  it("lets the server's hint override the default retryability", () => {
    const error = new LLMProviderError("provider_unavailable", "busy", {
      provider: "p",
      model: "m",
      retryable: false,
    });
    expect(error.retryable).to.equal(false);
  });

  it("keeps the cause out of JSON and names the timeout phase", () => {
    const cause = new Error("raw provider text");
    const error = new TimeoutError("too slow", { provider: "p", model: "m", phase: "total", cause });
    expect(JSON.stringify(error)).not.to.include("raw provider text");
    expect(error.phase).to.equal("total");
    expect(error.cause).to.equal(cause);
    expect(inspect(error)).to.include("TimeoutError");
  });

  it("names the file and the JSON pointer in a ConfigError", () => {
    const error = new ConfigError("unknown key", {
      file: "llm.config.json",
      pointer: "/clients/x",
      fix: "remove it",
    });
    expect(error.message).to.equal("llm.config.json at /clients/x: unknown key (fix: remove it)");
  });
});
