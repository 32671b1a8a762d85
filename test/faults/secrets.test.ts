/**
 * Fault class H of docs/reliability.md: secrets and prompts kept out of every sink. H1 is the harness's scan
 * after every test of the fault suite (each provider's canary key, and any 8-character run of it,
 * in every log line at trace level, every error's message, stack, causes, JSON and inspect form,
 * and every debug-dump file). The rows below add faults whose only point is to push a secret at a
 * sink. H8 is listed in NOT-COVERED.md.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { main } from "../../src/cli/main.js";
import {
  anthropicSseReply,
  anthropicStreamErrorEvent,
  type FakeReply,
  googleSseReply,
  googleStreamErrorData,
  openAISseReply,
  openAIStreamErrorEvent,
} from "../../src/testing/index.js";
import { PROMPT, useFaultHarness } from "./support/fault-harness.js";
import { FAULT_PROVIDERS, type FaultProvider, type ProviderName } from "./support/fault-providers.js";
import { faultFixture } from "./support/fixture-path.js";
import { settle } from "./support/settle.js";

const PII = { email: "alice.canary@example.com", card: "4111 1111 1111 1111" };
const PII_PROMPT = [
  { role: "user" as const, content: `Charge ${PII.card} and mail the receipt to ${PII.email}.` },
];

/** An error event inside a 200 stream whose message quotes `text`. */
const streamErrorEchoing: Record<ProviderName, (text: string) => FakeReply> = {
  openai: (text) => openAISseReply([openAIStreamErrorEvent({ message: text })]),
  anthropic: (text) => anthropicSseReply([anthropicStreamErrorEvent({ message: text })]),
  google: (text) => googleSseReply([googleStreamErrorData(503, text)]),
};

describe("faults H: secrets and PII", function () {
  this.timeout(20_000);
  const harness = useFaultHarness();

  for (const provider of FAULT_PROVIDERS) {
    describe(provider.name, () => {
      harness.test("H2 a key carried in the base URL's query is in no error, log line or dump", async () => {
        const { client } = await harness.open({
          chain: [provider.name],
          instances: {
            [provider.name]: { baseURL: `http://127.0.0.1:1/v1?key=${harness.canaries[provider.name]}` },
          },
        });
        const error = await harness.failure(client.generateResponse(PROMPT));
        expect(error.name).to.equal("ConnectionError");
      });

      for (const status of [400, 401, 429, 503]) {
        harness.test(`H3 a ${status} whose message echoes the key is scrubbed by value`, async () => {
          const { client } = await harness.open({ chain: [provider.name] });
          const key = harness.canaries[provider.name];
          harness.servers[provider.name].enqueue(
            provider.errorReply({
              status,
              message: `Incorrect API key provided: ${key}. Header was: Bearer ${key}`,
            }),
          );
          await harness.failure(client.generateResponse(PROMPT));
        });
      }

      harness.test("H3 an in-stream error event that echoes the key is scrubbed by value", async () => {
        const { client } = await harness.open({ chain: [provider.name] });
        const key = harness.canaries[provider.name];
        harness.servers[provider.name].enqueue(streamErrorEchoing[provider.name](`bad key ${key}`));
        const { error } = await harness.stream(client.streamResponse(PROMPT));
        expect(error, "the stream failed").to.not.equal(undefined);
      });

      harness.test(
        "H4 secret values of configured headers, under every spelling, are in no sink",
        async () => {
          const headers = {
            Authorization: `Bearer ${harness.addSecret(secretValue("authorization"))}`,
            "x-api-key": harness.addSecret(secretValue("xapikey")),
            "X-Goog-Api-Key": harness.addSecret(secretValue("googkey")),
            "api-key": harness.addSecret(secretValue("azurekey")),
            Cookie: `session=${harness.addSecret(secretValue("cookie"))}`,
          };
          const { client } = await harness.open({
            chain: [provider.name],
            instances: { [provider.name]: { headers } },
          });
          const echo = Object.values(headers).join(" | ");
          harness.servers[provider.name].enqueue(
            provider.errorReply({ status: 401, message: `rejected: ${echo}` }),
          );
          await harness.failure(client.generateResponse(PROMPT));
        },
      );

      harness.test(
        "H5 a debug dump is written 0600 into a 0700 folder, named by request id, without keys or prompts",
        async () => {
          const directory = path.join(harness.dumpDirectory, "dumps");
          const { client } = await harness.open({ chain: [provider.name], dump: { directory } });
          harness.addSecret(PII.email);
          harness.addSecret(PII.card);
          harness.servers[provider.name].setDefaultReply(provider.errorReply({ status: 400, message: "no" }));
          await harness.failure(client.generateResponse(PII_PROMPT));
          const names = await readdir(directory);
          expect(names).to.have.length(1);
          expect(names[0]).to.match(/^llm-dump-\d{8}T\d{9}Z-[A-Za-z0-9_-]+\.json$/);
          expect((await stat(directory)).mode & 0o777).to.equal(0o700);
          expect((await stat(path.join(directory, names[0]))).mode & 0o777).to.equal(0o600);
          expect(await readdir(harness.dumpDirectory), "nothing outside the configured folder").to.deep.equal(
            ["dumps"],
          );
          const dump = await readFile(path.join(directory, names[0]), "utf8");
          expect(dump).to.include(provider.model);
          // The universal scan reads every file of the dump folder for the key and the PII.
        },
      );

      harness.test(
        "H5 dumps are bounded in size and count, and prompts appear only with dumpPrompts",
        async () => {
          const directory = path.join(harness.dumpDirectory, "dumps");
          const { client } = await harness.open({
            chain: [provider.name],
            dump: { directory, dumpPrompts: true, maxFiles: 2, maxBytes: 4096 },
          });
          harness.servers[provider.name].setDefaultReply(provider.errorReply({ status: 400, message: "no" }));
          const longPrompt = [
            { role: "user" as const, content: `prompt-marker ${"lorem ipsum ".repeat(2000)}` },
          ];
          await harness.failure(client.generateResponse([{ role: "user", content: "prompt-marker short" }]));
          for (let index = 0; index < 2; index++) await harness.failure(client.generateResponse(longPrompt));
          await new Promise((resolve) => setTimeout(resolve, 20));
          const names = await readdir(directory);
          expect(names, "maxFiles").to.have.length(2);
          for (const name of names) expect((await stat(path.join(directory, name))).size).to.be.at.most(4096);
          await rm(path.join(directory, names[0]));
          await harness.failure(client.generateResponse([{ role: "user", content: "prompt-marker short" }]));
          const texts = await Promise.all(
            (await readdir(directory)).map((name) => readFile(path.join(directory, name), "utf8")),
          );
          expect(
            texts.some((text) => text.includes("prompt-marker short")),
            "prompts dumped when asked",
          ).to.equal(true);
        },
      );

      harness.test(
        "H6 PII in a prompt reaches no log line, error or dump, on success and on failure",
        async () => {
          harness.addSecret(PII.email);
          harness.addSecret(PII.card);
          const { client } = await harness.open({ chain: [provider.name] });
          harness.servers[provider.name].enqueue(
            provider.text("done"),
            provider.errorReply({ status: 500, message: "oops" }),
          );
          await client.generateResponse(PII_PROMPT);
          const settled = await settle(harness, client.generateResponse(PII_PROMPT));
          expect(settled.error?.name).to.equal("ProviderUnavailableError");
          expect(
            harness.logLines.some((line) => line.includes('"provider call finished"')),
            "metadata was logged",
          ).to.equal(true);
        },
      );
    });
  }

  harness.test(
    "H4 credential headers a plugin logs, under every spelling and nesting, are redacted by name",
    async () => {
      const { client } = await harness.open({
        chain: ["openai"],
        plugins: [{ use: faultFixture("header-logging-plugin.mjs") }],
      });
      harness.servers.openai.enqueue(FAULT_PROVIDERS[0].text("ok"));
      const secret = harness.addSecret(secretValue("logged"));
      await client.generateResponse([{ role: "user", content: secret }]);
      const logged = harness.logLines.filter((line) => line.includes("outgoing headers"));
      expect(logged).to.have.length(1);
      expect(logged[0]).to.include("[REDACTED]");
    },
  );

  harness.test(
    "H7 llm-runtime config check prints the resolved config with every secret masked",
    async () => {
      const folder = await mkdtemp(path.join(tmpdir(), "llm-faults-config-"));
      try {
        const file = path.join(folder, "llm.config.json");
        const providers = Object.fromEntries(
          FAULT_PROVIDERS.map((provider) => [provider.name, configEntry(provider, harness)]),
        );
        await writeFile(
          file,
          JSON.stringify({
            plugins: FAULT_PROVIDERS.map((provider) => provider.name),
            providers,
            clients: { default: { provider: "openai", model: "gpt-4o" } },
          }),
        );
        const written: string[] = [];
        const io = {
          stdout: { write: (text: string) => written.push(text) },
          stderr: { write: (text: string) => written.push(text) },
          env: {},
          cwd: folder,
        };
        expect(await main(["config", "check", "--config", file], io)).to.equal(0);
        expect(written.join("")).to.include("apiKey ****");
        for (const text of written) harness.scanText(text);
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
  );
});

/** A secret that is random per run, so no fixture text holds it by chance. */
function secretValue(label: string): string {
  return `${label}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

/** A provider entry with the key inline, a secret header and a key in the base URL's query. */
function configEntry(provider: FaultProvider, harness: ReturnType<typeof useFaultHarness>) {
  const key = harness.canaries[provider.name];
  return {
    type: provider.name,
    apiKey: key,
    baseURL: `http://127.0.0.1:9/v1?key=${key}`,
    headers: { "X-Custom-Auth": harness.addSecret(secretValue("header")) },
  };
}
