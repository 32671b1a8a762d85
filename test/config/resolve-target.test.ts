import { expect } from "chai";
import { resolveTarget, type TargetSpec } from "../../src/config/resolve-target.js";
import { ConfigError } from "../../src/errors/index.js";
import type { ProviderInstanceConfig } from "../../src/index.js";

function instances(entries: Record<string, string>): Record<string, ProviderInstanceConfig> {
  return Object.fromEntries(Object.entries(entries).map(([name, type]) => [name, { name, type }]));
}

const standard = instances({ openai: "openai", google: "google", anthropic: "anthropic", ollama: "openai" });
const location = { label: "llm.config.json", pointerPrefix: "" };

function resolve(spec: Partial<TargetSpec> & { model: string }, providers = standard) {
  return resolveTarget({ params: {}, pointer: "/clients/default", ...spec }, providers, location);
}

function failure(spec: Partial<TargetSpec> & { model: string }, providers = standard): ConfigError {
  try {
    resolve(spec, providers);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("resolveTarget (provider inference)", () => {
  it("uses an explicit provider and keeps the model as written, slashes included", () => {
    const target = resolve({ provider: "ollama", model: "meta-llama/llama-3" });
    expect(target).to.deep.include({
      provider: "ollama",
      providerType: "openai",
      model: "meta-llama/llama-3",
    });
  });

  it("splits provider/model at the first slash when the prefix is a configured instance", () => {
    expect(resolve({ model: "ollama/llama3.1" })).to.deep.include({ provider: "ollama", model: "llama3.1" });
    const openRouter = instances({ openrouter: "openai" });
    expect(resolve({ model: "openrouter/meta-llama/llama-3" }, openRouter)).to.deep.include({
      provider: "openrouter",
      model: "meta-llama/llama-3",
    });
  });

  it("treats an OpenRouter-style id as a model, not an instance, when no instance has that name", () => {
    const error = failure({ model: "meta-llama/llama-3" });
    expect(error.pointer).to.equal("/clients/default/model");
    expect(error.message).to.include('cannot tell which provider serves model "meta-llama/llama-3"');
  });

  for (const [model, type] of [
    ["gpt-4o", "openai"],
    ["o1-preview", "openai"],
    ["o3-mini", "openai"],
    ["o4-mini", "openai"],
    ["o3", "openai"],
    ["gemini-2.5-flash", "google"],
    ["claude-sonnet-4-5", "anthropic"],
  ] as const) {
    it(`infers type ${type} from the model name ${model}`, () => {
      expect(resolve({ model })).to.deep.include({ provider: type, providerType: type, model });
    });
  }

  it("does not take a prefix that only looks similar (o2-, gpt4o, claude without a dash)", () => {
    for (const model of ["o2-mini", "gpt4o", "claude3"])
      expect(() => resolve({ model })).to.throw(ConfigError);
  });

  it("prefers the instance named as the type over other instances of that type", () => {
    expect(resolve({ model: "gpt-4o" }).provider).to.equal("openai");
  });

  it("uses the only instance of the type when none is named as the type", () => {
    const providers = instances({ work: "openai", gemini: "google" });
    expect(resolve({ model: "gpt-4o" }, providers).provider).to.equal("work");
    expect(resolve({ model: "gemini-2.5-pro" }, providers).provider).to.equal("gemini");
  });

  it("refuses an ambiguous prefix, naming the candidates and the fix", () => {
    const error = failure({ model: "gpt-4o" }, instances({ work: "openai", personal: "openai" }));
    expect(error.message).to.equal(
      'llm.config.json at /clients/default/model: model "gpt-4o" could be served by several "openai" providers ' +
        '("work", "personal") (fix: add "provider": "work" (or another of them) next to the model)',
    );
  });

  it("refuses a prefix whose type has no instance, saying what to add", () => {
    const error = failure({ model: "claude-sonnet-4-5" }, instances({ openai: "openai" }));
    expect(error.message).to.include('model "claude-sonnet-4-5" needs a provider of type "anthropic"');
    expect(error.message).to.include('add "anthropic": { "type": "anthropic" } under "providers"');
  });

  it("refuses an explicit provider that is not defined, at the provider key's pointer", () => {
    const error = failure({ provider: "olama", model: "llama3.1" });
    expect(error.pointer).to.equal("/clients/default/provider");
    expect(error.message).to.include('did you mean "ollama"?');
  });

  it("refuses an instance prefix with nothing after the slash", () => {
    expect(failure({ model: "ollama/" }).message).to.include('no model after "ollama/"');
  });

  it("does not take a provider from Object.prototype", () => {
    const error = failure({ provider: "toString", model: "gpt-4o" });
    expect(error.message).to.include('unknown provider "toString"');
    expect(failure({ model: "constructor/gpt-4o" }).message).to.include("cannot tell which provider");
  });
});
