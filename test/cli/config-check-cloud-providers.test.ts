import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect } from "chai";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSX = import.meta.resolve("tsx");
const AZURE_KEY = "azure-canary-cli-8e2d4f6a0b";

describe("llm-runtime config check with Azure OpenAI and Gemini on Vertex AI", function () {
  this.timeout(60_000);

  it("validates both, builds them offline, and prints where each goes and how it authenticates", async () => {
    const dir = await mkdtemp(join(tmpdir(), "llm-runtime-cloud-"));
    await writeFile(
      join(dir, "llm.config.json"),
      JSON.stringify({
        plugins: ["azure-openai", "google-vertex", "fallback"],
        providers: {
          azure: {
            type: "azure-openai",
            endpoint: "https://acme.openai.azure.com/",
            apiVersion: "2024-10-21",
            deployment: "gpt-4o-prod",
            // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's ${VAR} syntax
            apiKey: "${AZURE_OPENAI_API_KEY}",
          },
          vertex: { type: "google-vertex", project: "acme-prod", location: "europe-west4" },
        },
        clients: {
          default: {
            provider: "azure",
            model: "gpt-4o",
            fallbacks: [{ provider: "vertex", model: "gemini-2.5-flash" }],
          },
        },
      }),
    );
    const { stdout } = await run(
      process.execPath,
      ["--import", TSX, join(ROOT, "src/cli/bin.ts"), "config", "check"],
      {
        cwd: dir,
        env: { PATH: process.env.PATH ?? "", AZURE_OPENAI_API_KEY: AZURE_KEY },
      },
    );
    expect(stdout).to.include(
      "azure: type azure-openai at https://acme.openai.azure.com/, deployment gpt-4o-prod, api-version 2024-10-21, apiKey ****",
    );
    expect(stdout).to.include(
      "vertex: type google-vertex project acme-prod, location europe-west4, Google Application Default Credentials",
    );
    expect(stdout).to.include("fallback 1  vertex gemini-2.5-flash");
    expect(stdout).to.include("config is valid");
    expect(stdout).to.not.include(AZURE_KEY);
  });
});
