/**
 * The loopback benchmark's provider servers, run as their own process: the fake servers of
 * `src/testing` for openai, google and anthropic, each answering every request with the canned
 * text reply. Prints one JSON line with their URLs; exits when its stdin closes.
 */
import { googleJsonReply, openAIJsonReply, startOpenAIFakeServer } from "../../src/testing/index.js";
import {
  anthropicJsonReply,
  startAnthropicFakeServer,
} from "../../src/testing/protocols/anthropic-protocol.js";
import { startGoogleFakeServer } from "../../src/testing/protocols/google-protocol.js";
import { cannedReplies } from "../lib/canned-replies.js";

const body = (provider: "openai" | "google" | "anthropic") => JSON.parse(cannedReplies(provider).text.text);

const servers = {
  openai: await startOpenAIFakeServer({ defaultReply: openAIJsonReply(body("openai")) }),
  google: await startGoogleFakeServer({ defaultReply: googleJsonReply(body("google")) }),
  anthropic: await startAnthropicFakeServer({ defaultReply: anthropicJsonReply(body("anthropic")) }),
};

// The fake servers record every request for tests' assertions; a benchmark sends tens of thousands.
const forget = setInterval(() => {
  for (const server of Object.values(servers)) (server.requests as unknown[]).length = 0;
}, 200);

process.stdout.write(
  `${JSON.stringify({
    openai: servers.openai.url,
    google: servers.google.url,
    anthropic: servers.anthropic.url,
  })}\n`,
);

process.stdin.resume();
process.stdin.on("end", async () => {
  clearInterval(forget);
  await Promise.all(Object.values(servers).map((server) => server.close()));
  process.exit(0);
});
