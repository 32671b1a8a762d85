// biome-ignore-all lint/suspicious/noTemplateCurlyInString: configs hold ${VAR} references as plain strings
import { expect } from "chai";
import { loadConfig } from "../../src/config/load-config.js";
import { MAX_CONFIG_BYTES } from "../../src/config/parse-config-text.js";
import { CANARY, expectConfigError, makeTempDir, removeTempDirs, writeFiles } from "./config-test-helpers.js";

const env = { OPENAI_API_KEY: CANARY, ANTHROPIC_API_KEY: `${CANARY}-ant` };

const providers = {
  openai: { type: "openai", apiKey: CANARY },
  anthropic: { type: "anthropic", apiKey: "${ANTHROPIC_API_KEY}" },
};

async function loadFile(name: string, content: string | object) {
  const cwd = await makeTempDir();
  await writeFiles(cwd, { [name]: content });
  return loadConfig({ cwd, env });
}

describe("loadConfig errors", () => {
  afterEach(removeTempDirs);

  it("reports a file that is not JSON with its line and column, without JSON.parse's quote of the text", async () => {
    const text = `{\n  "providers": {\n    "openai": { "type": "openai", "apiKey": ${CANARY} }\n  }\n}`;
    expect(() => JSON.parse(text)).to.throw(/sk-canary-/);
    const error = await expectConfigError(loadFile("llm.config.json", text));
    expect(error.message).to.equal(
      "llm.config.json: not valid JSON at line 3, column 45: expected a value (a string in double quotes, number, " +
        "true, false, null, { or [) (fix: correct the JSON syntax there (keys and strings in double quotes, no " +
        "trailing commas, no comments))",
    );
    expect(error.file).to.equal("llm.config.json");
  });

  it("reports a trailing comma at the line and column of the closing brace", async () => {
    const error = await expectConfigError(loadFile("llm.config.json", '{\n  "clients": {},\n}\n'));
    expect(error.message).to.match(/^llm\.config\.json: not valid JSON at line 3, column 1: expected a key/);
  });

  it("reports a YAML .llmrc's syntax error by line and column, without quoting its lines", async () => {
    const yaml = `providers:\n  openai:\n    type: openai\n     apiKey: ${CANARY}\n`;
    const error = await expectConfigError(loadFile(".llmrc", yaml));
    expect(error.message).to.match(/^\.llmrc: not valid YAML at line 4, column 12: bad indentation/);
  });

  it("names the pointer and the missing key when a required field is missing", async () => {
    const config = { providers, clients: { default: { params: { temperature: 1 } } } };
    const error = await expectConfigError(loadFile("llm.config.json", config));
    expect(error.pointer).to.equal("/clients/default");
    expect(error.message).to.match(
      /^llm\.config\.json at \/clients\/default: missing required key "model" \(fix: /,
    );
  });

  it("names an unknown key, the closest allowed key and every allowed key", async () => {
    const config = {
      providers,
      clients: { default: { model: "gpt-4o", fallback: [{ model: "claude-3" }] } },
    };
    const error = await expectConfigError(loadFile("llm.config.json", config));
    expect(error.pointer).to.equal("/clients/default/fallback");
    expect(error.message).to.include(
      'unknown key "fallback" (did you mean "fallbacks"? allowed: provider, model, params, providerParams, fallbacks, timeoutMs, idleTimeoutMs)',
    );
  });

  it("says which provider is missing when a model's provider cannot be inferred", async () => {
    const config = { providers, clients: { default: { model: "llama3.1" } } };
    const error = await expectConfigError(loadFile("llm.config.json", config));
    expect(error.pointer).to.equal("/clients/default/model");
    expect(error.message).to.equal(
      'llm.config.json at /clients/default/model: cannot tell which provider serves model "llama3.1" (fix: add ' +
        '"provider" with one of "openai", "anthropic", or write the model as "<provider>/llama3.1")',
    );
  });

  it("names a fallback's unknown provider, suggests the closest and lists the defined ones", async () => {
    const fallbacks = [{ model: "gpt-4o-mini" }, { provider: "antropic", model: "claude-sonnet-4-5" }];
    const config = { providers, clients: { default: { model: "gpt-4o", fallbacks } } };
    const error = await expectConfigError(loadFile("llm.config.json", config));
    expect(error.pointer).to.equal("/clients/default/fallbacks/1/provider");
    expect(error.message).to.equal(
      'llm.config.json at /clients/default/fallbacks/1/provider: unknown provider "antropic" (fix: did you mean ' +
        '"anthropic"? use one of the providers defined under "providers": openai, anthropic)',
    );
  });

  it("names the variable and the pointer when an environment variable is not set", async () => {
    const cwd = await makeTempDir();
    await writeFiles(cwd, { "llm.config.json": { providers } });
    const error = await expectConfigError(loadConfig({ cwd, env: { OPENAI_API_KEY: CANARY } }));
    expect(error.pointer).to.equal("/providers/anthropic/apiKey");
    expect(error.message).to.include("environment variable ANTHROPIC_API_KEY is not set");
  });

  it("never echoes what stands between ${ and } when it is not a variable name", async () => {
    const config = { providers: { openai: { type: "openai", apiKey: `\${${CANARY}}` } } };
    const error = await expectConfigError(loadConfig({ config, env }));
    expect(error.pointer).to.equal("/providers/openai/apiKey");
  });

  it("rejects an integer written as a string, a zero timeout and a duration with a unit, listing all three", async () => {
    const clients = {
      a: { model: "gpt-4o", timeoutMs: "3" },
      b: { model: "gpt-4o", timeoutMs: 0 },
      c: { model: "gpt-4o", timeoutMs: "10s" },
    };
    const error = await expectConfigError(loadConfig({ config: { providers, clients }, env }));
    expect(error.message).to.include("3 problems:");
    expect(error.message).to.include("/clients/a/timeoutMs: must be an integer (got string)");
    expect(error.message).to.include("/clients/b/timeoutMs: must be >= 1");
    expect(error.message).to.include("/clients/c/timeoutMs: must be an integer (got string)");
  });

  it("lists at most 20 problems and counts the others", async () => {
    const extra = Object.fromEntries(Array.from({ length: 25 }, (_, index) => [`key${index}`, CANARY]));
    const error = await expectConfigError(loadConfig({ config: { providers, ...extra }, env }));
    expect(error.message).to.include("25 problems:");
    expect(error.message).to.include("...and 5 more problems");
  });

  it("rejects __proto__ in a map and leaves Object.prototype unchanged", async () => {
    const text = `{"providers": {"__proto__": {"type": "openai", "polluted": "${CANARY}"}}}`;
    const error = await expectConfigError(loadFile("llm.config.json", text));
    expect(error.pointer).to.equal("/providers/__proto__");
    expect(error.message).to.include('key "__proto__" is reserved');
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(Object.prototype).not.to.have.property("type");
  });

  it("rejects constructor.prototype nested in free-form params", async () => {
    const config = JSON.parse(
      '{"clients": {"default": {"model": "gpt-4o", "params": {"constructor": {"prototype": {"x": 1}}}}}}',
    );
    const error = await expectConfigError(loadConfig({ config: { ...config, providers }, env }));
    expect(error.pointer).to.equal("/clients/default/params/constructor");
    expect(({} as Record<string, unknown>).x).to.equal(undefined);
  });

  it("rejects a config file over 1 MiB before parsing it", async () => {
    const huge = `{"clients": {}, "x": "${"a".repeat(MAX_CONFIG_BYTES)}" this is not JSON`;
    const error = await expectConfigError(loadFile("llm.config.json", huge));
    expect(error.message).to.match(/a config may be at most 1048576 bytes/);
    const explicit = await makeTempDir();
    await writeFiles(explicit, { "big.json": huge });
    const again = await expectConfigError(loadConfig({ cwd: explicit, configPath: "big.json", env }));
    expect(again.message).to.match(/a config may be at most 1048576 bytes/);
  });

  it("rejects 10,000-deep nesting quickly, without a stack overflow", async () => {
    let deep: unknown = {};
    for (let level = 0; level < 10_000; level++) deep = { inner: deep };
    const started = Date.now();
    const error = await expectConfigError(
      loadConfig({ config: { providers, clients: { default: { model: "gpt-4o", params: deep } } }, env }),
    );
    expect(error.message).to.include("is nested more than 32 levels deep");
    expect(Date.now() - started).to.be.below(1000);
  });

  it("rejects a config object that refers to itself", async () => {
    const params: Record<string, unknown> = {};
    params.self = params;
    const error = await expectConfigError(
      loadConfig({ config: { providers, clients: { default: { model: "gpt-4o", params } } }, env }),
    );
    expect(error.message).to.include("(or refers to itself)");
  });

  it("reports an empty config file instead of skipping it", async () => {
    const error = await expectConfigError(loadFile("llm.config.json", "  \n"));
    expect(error.message).to.match(/^llm\.config\.json: the file is empty/);
    const rc = await expectConfigError(loadFile(".llmrc", ""));
    expect(rc.message).to.match(/^\.llmrc: the file is empty/);
  });

  it("reports an explicit path that does not exist, an unsupported extension, and both sources at once", async () => {
    const cwd = await makeTempDir();
    const missing = await expectConfigError(loadConfig({ cwd, configPath: "nope.json", env }));
    expect(missing.message).to.match(/^nope\.json: the config file does not exist/);
    const toml = await expectConfigError(loadConfig({ cwd, configPath: "llm.toml", env }));
    expect(toml.message).to.include('the extension ".toml" are not supported');
    const both = await expectConfigError(loadConfig({ cwd, config: {}, configPath: "x.json", env }));
    expect(both.message).to.include("both config and configPath were given");
  });

  it("refuses a baseURL that is not a URL without quoting it", async () => {
    const config = { providers: { local: { type: "openai", baseURL: `localhost?key=${CANARY}` } } };
    const error = await expectConfigError(loadConfig({ config, env }));
    expect(error.pointer).to.equal("/providers/local/baseURL");
  });

  it("refuses an apiKey whose variable is set to an empty string", async () => {
    const config = { providers: { openai: { type: "openai", apiKey: "${EMPTY_KEY}" } } };
    const error = await expectConfigError(loadConfig({ config, env: { EMPTY_KEY: "" } }));
    expect(error.pointer).to.equal("/providers/openai/apiKey");
    expect(error.message).to.include("apiKey is empty");
  });

  it("names package.json and the pointer under its llm key", async () => {
    const cwd = await makeTempDir();
    await writeFiles(cwd, {
      "package.json": { name: "app", llm: { clients: { default: { model: "mystery" } } } },
    });
    const error = await expectConfigError(loadConfig({ cwd, env }));
    expect(error.file).to.equal("package.json");
    expect(error.pointer).to.equal("/llm/clients/default/model");
  });
});
