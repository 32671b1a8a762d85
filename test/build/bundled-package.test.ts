import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { expect } from "chai";
import { bundleDist, REPOSITORY_ROOT } from "../../scripts/build-dist/bundle-dist.js";

/** The bundle under test, built fresh by this test; inside the repository so node_modules resolves. */
const OUT = join(REPOSITORY_ROOT, "node_modules", ".cache", "llm-runtime-bundle-test");

type RuntimeModule = typeof import("../../src/index.js");

/** Every package a bundled file imports, following its relative imports (the shared chunks). */
function packagesImportedFrom(file: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>();
  if (seen.has(file)) return packages;
  seen.add(file);
  for (const [, specifier] of readFileSync(file, "utf8").matchAll(
    /\bfrom\s*"([^"]+)"|\bimport\("([^"]+)"\)/g,
  )) {
    if (specifier === undefined) continue;
    if (specifier.startsWith(".")) {
      for (const name of packagesImportedFrom(join(dirname(file), specifier), seen)) packages.add(name);
    } else {
      packages.add(specifier);
    }
  }
  return packages;
}

const config = {
  plugins: ["scripted", "retry", "fallback", "id-translation", "debug-dump"],
  providers: {
    mock: {
      type: "scripted",
      rules: [
        { match: { contains: "flaky" }, error: { kind: "rate_limit", retryAfterMs: 1 }, times: 1 },
        { match: { contains: "broken" }, error: { kind: "invalid_request", message: "bad input" } },
        { reply: { text: "hello from the bundle" } },
      ],
    },
  },
  clients: { default: { provider: "mock", model: "scripted-model" } },
  // debug-dump logs each failed request at error level; this test only needs the failure.
  logging: { level: "silent" },
};

describe("the bundled package (what npm run build writes to dist/)", function () {
  this.timeout(60_000);
  let bundled: RuntimeModule;

  before(async () => {
    await bundleDist(OUT);
    bundled = await import(pathToFileURL(join(OUT, "src", "index.js")).href);
  });

  it("has one JavaScript file per entry point plus shared chunks, not one per module", () => {
    const files = (folder: string) => readdirSync(join(OUT, folder)).filter((name) => name.endsWith(".js"));
    // The package's entries at the top of src/: the main one and llm-runtime/provider-utils.
    expect(files("src")).to.deep.equal(["index.js", "provider-utils.js"]);
    const plugins = readdirSync(join(OUT, "plugins"));
    expect(plugins).to.include.members(["openai", "google", "anthropic", "scripted", "retry"]);
    for (const plugin of plugins) expect(files(join("plugins", plugin))).to.deep.equal(["index.js"]);
  });

  it("publishes llm-runtime/provider-utils as its own entry, with only real signals in it", async () => {
    const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(manifest.exports["./provider-utils"]).to.deep.equal({
      types: "./dist/src/provider-utils.d.ts",
      import: "./dist/src/provider-utils.js",
    });
    const utils = await import(pathToFileURL(join(OUT, "src", "provider-utils.js")).href);
    expect(Object.keys(utils).sort()).to.deep.equal([
      "CallStop",
      "SseDecoder",
      "callForJson",
      "hashToolCallId",
      "limitAttempt",
      "mimeTypeOfExtension",
      "parseRetryAfterMs",
      "readJsonBody",
    ]);
    const callStop = new utils.CallStop(new AbortController().signal);
    expect(callStop.signal).to.be.instanceOf(AbortSignal);
    callStop.release();
    expect(Object.keys(bundled)).to.not.include.members(["sdkSignalOf", "StopController", "limitAttempt"]);
  });

  it("loads built-in plugins from their bundled files and runs a request through retry", async () => {
    const runtime = await bundled.createRuntime({ config, env: {} });
    try {
      const output = await runtime.client().generateResponse([{ role: "user", content: "flaky, please" }]);
      expect(output.content).to.equal("hello from the bundle");
      expect(output.attempts.map((attempt) => attempt.outcome)).to.deep.equal(["error", "success"]);
    } finally {
      await runtime.close();
    }
  });

  it("shares one copy of the error classes between the library and its plugins", async () => {
    const runtime = await bundled.createRuntime({ config, env: {} });
    try {
      const failure = await runtime
        .client()
        .generateResponse([{ role: "user", content: "broken" }])
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(failure).to.be.instanceOf(bundled.InvalidRequestError);
      expect(failure).to.be.instanceOf(bundled.LLMProviderError);
      expect(bundled.isLLMError(failure)).to.equal(true);
    } finally {
      await runtime.close();
    }
  });

  it("names the built-in plugins when a config names one that does not exist", async () => {
    const failure = await bundled
      .createRuntime({ config: { ...config, plugins: ["scripted", "retri"] }, env: {} })
      .then(
        () => undefined,
        (error: unknown) => error as Error,
      );
    expect(failure?.name).to.equal("PluginError");
    expect(failure?.message).to.include("retri");
    expect(failure?.message).to.include("retry");
  });

  it("logs through its bundled pino to stderr, with the API key scrubbed", async () => {
    const entry = pathToFileURL(join(OUT, "src", "index.js")).href;
    const script = `
      const { createRuntime } = await import(${JSON.stringify(entry)});
      const config = ${JSON.stringify({ ...config, logging: { level: "error" } })};
      // A configured key is a secret the runtime scrubs by value from every line it writes.
      config.plugins.push("openai");
      config.providers.spare = { type: "openai", apiKey: "sk-bundle-canary-7f3e9a" };
      config.providers.mock.rules[1].error.message = "bad input for sk-bundle-canary-7f3e9a";
      const runtime = await createRuntime({ config, env: {} });
      await runtime.client().generateResponse([{ role: "user", content: "broken" }]).catch(() => {});
      await runtime.close();
    `;
    const { stderr } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script]);
    const lines = stderr
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.msg)).to.include("request failed: debug dump");
    expect(stderr).to.include(`bad input for ${bundled.REDACTED}`);
    expect(stderr).to.not.include("sk-bundle-canary-7f3e9a");
  });

  it("keeps fastify and prom-client out of the main entry; llm-runtime/server brings them", () => {
    const main = packagesImportedFrom(join(OUT, "src", "index.js"));
    expect([...main]).to.not.include.members(["fastify"]);
    expect([...main]).to.not.include.members(["prom-client"]);
    const server = packagesImportedFrom(join(OUT, "src", "server", "index.js"));
    expect([...server]).to.include.members(["fastify", "prom-client"]);
  });

  it("serves a chat completion from the bundled server entry over the bundled runtime", async () => {
    const server = (await import(
      pathToFileURL(join(OUT, "src", "server", "index.js")).href
    )) as typeof import("../../src/server/index.js");
    const runtime = await bundled.createRuntime({ config, env: {} });
    const gateway = server.createServer(runtime);
    try {
      const url = await gateway.listen({ port: 0 });
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "default", messages: [{ role: "user", content: "hi" }] }),
      });
      const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };
      expect(body.choices[0].message.content).to.equal("hello from the bundle");
    } finally {
      await gateway.close();
      await runtime.close();
    }
  });
});
