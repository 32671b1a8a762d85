import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { ChatMessage } from "../../contract/messages.js";
import type { LLMOutput } from "../../contract/output.js";
import { readRecordedChunks, readRecordedJson, recordedFixturesDirectory } from "../recorded-fixtures.js";
import type { ConformanceRecordedStreams } from "./conformance-adapter.js";
import type { ConformanceContext } from "./conformance-context.js";
import {
  collectStream,
  eventsOfType,
  finishOutput,
  STREAM_CASE_TITLES,
  streamedText,
  withoutAttempts,
} from "./stream-case-helpers.js";

const PROMPT: ChatMessage[] = [{ role: "user", content: "Replay the recorded reply." }];
const TITLE = STREAM_CASE_TITLES[11];

/** Names of the provider's recorded streams (`openai-text` for `openai-text.chunks.txt`). */
function recordedStreamNames(fixtures: string, folder: string): string[] {
  const directory = join(fixtures, folder);
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((file) => file.endsWith(".chunks.txt"))
    .map((file) => file.slice(0, -".chunks.txt".length))
    .sort();
}

/**
 * One case per recorded `.chunks.txt` of the provider: served as the SSE stream it was, it must
 * end in a finish equal to `generateResponse` on the same reply (the adapter's `collapse`), and
 * agree with the recorded `.json` of the same name where there is one. Skipped, saying why, when
 * `../shared/fixtures/recorded` is absent (the fixtures are never copied into the repository).
 */
export function declareRecordedStreamCases(context: ConformanceContext): void {
  const { it } = context.testApi;
  const recorded = context.adapter.stream?.recorded;
  if (!recorded) {
    it(`${TITLE} (the adapter declares no recorded streams)`);
    return;
  }
  const fixtures = recordedFixturesDirectory();
  if (fixtures === undefined) {
    // A test without a body is reported as pending, its title saying why.
    it(`${TITLE} (skipped: ../shared/fixtures/recorded is absent beside the repository)`);
    return;
  }
  const names = recordedStreamNames(fixtures, recorded.folder);
  if (names.length === 0) it(`${TITLE} (no recorded streams in ${recorded.folder}/)`);
  for (const name of names) {
    it(`${TITLE}: ${recorded.folder}/${name}.chunks.txt`, () => checkRecordedStream(context, recorded, name));
  }
}

async function checkRecordedStream(
  context: ConformanceContext,
  recorded: ConformanceRecordedStreams,
  name: string,
): Promise<void> {
  const payloads = (readRecordedChunks(recorded.folder, name) ?? []).map((event) => event.data);
  const { server, client } = context.harness();
  server.enqueue(recorded.streamReply(payloads), recorded.jsonReply(recorded.collapse(payloads)));
  const { events, error } = await collectStream(client.streamResponse(PROMPT));
  assert.equal(error, undefined, `the recorded stream finishes cleanly (${error?.message})`);
  const output = finishOutput(events);
  if (output.content !== null) assert.equal(streamedText(events), output.content, "deltas add up to content");
  for (const end of eventsOfType(events, "tool-call-end")) JSON.parse(end.arguments);
  assert.deepEqual(eventsOfType(events, "usage")[0]?.usage, output.usage, "the usage event is the output's");
  const generated = await client.generateResponse(PROMPT);
  assert.deepEqual(
    withoutAttempts(output),
    withoutAttempts(generated),
    "equals generateResponse on the same reply",
  );
  const json = readRecordedJson(recorded.folder, name) as { error?: unknown } | undefined;
  if (json !== undefined && json.error === undefined) {
    server.enqueue(recorded.jsonReply(json));
    const sameReply = recorded.isSameReply?.(payloads, json) ?? false;
    compareWithRecordedJson(output, await client.generateResponse(PROMPT), sameReply);
  }
}

/**
 * The recorded `.json` of the same name may be another reply to the same prompt (recorded in a
 * separate call): what any reply shares is compared always; text, calls and usage only when the
 * adapter says it is the same reply (the same response id).
 */
function compareWithRecordedJson(streamed: LLMOutput, fromJson: LLMOutput, sameReply: boolean): void {
  assert.equal(streamed.finishReason, fromJson.finishReason, "same finish reason as the recorded .json");
  const names = (output: LLMOutput) => (output.toolCalls ?? []).map((call) => call.function.name);
  assert.deepEqual(names(streamed), names(fromJson), "same tool calls as the recorded .json");
  assert.equal(streamed.content === null, fromJson.content === null, "content present in both or neither");
  if (sameReply) {
    const { content, toolCalls, usage } = fromJson;
    assert.deepEqual(
      { content: streamed.content, toolCalls: streamed.toolCalls, usage: streamed.usage },
      { content, toolCalls, usage },
      "the same reply",
    );
    return;
  }
  // Otherwise the .json records another call than the .chunks.txt: the shape above is all the two
  // have in common (text and usage differ between calls).
}
