/**
 * One case of the in-process benchmark (a provider and a request size) and the five ways of making
 * the same call, from the bare SDK to the runtime with every default plugin, so the overhead can be
 * attributed layer by layer.
 */
import { isDeepStrictEqual } from "node:util";
import { translateHistory } from "../../plugins/id-translation/index.js";
import type {
  ChatMessage,
  LLMRequest,
  ProviderClient,
  Runtime,
  Target,
  ToolDefinition,
} from "../../src/index.js";
import { silentSinkLogger } from "./bench-logger.js";
import { captureSentBodies, jsonResponse, setResponder } from "./canned-fetch.js";
import { type CannedBody, cannedReplies, type ProviderName } from "./canned-replies.js";
import { fiftyMessages, TOOLS, twoMessages } from "./conversations.js";
import { directContext } from "./direct-context.js";
import { createRawClient, type RawClient, sdkBodyFromWire } from "./raw-clients.js";
import { DEFAULT_BASE_URLS, MODELS } from "./runtime-config.js";
import { scaled } from "./section-io.js";

export type RequestSize = "2 messages" | "50 messages";

export { SIDE_NAMES } from "./side-names.js";

export interface InProcessCase {
  provider: ProviderName;
  size: RequestSize;
  messages: ChatMessage[];
  tools?: ToolDefinition[];
  reply: CannedBody;
  calls: number;
  /** Whether the raw SDK put the same JSON body on the wire as the runtime did. */
  sameWireBody: boolean;
  sides: Array<() => Promise<unknown>>;
}

/** The body the runtime sends for this request, and the raw SDK's body for the same wire bytes. */
async function captureBodies(
  runtime: Runtime,
  raw: RawClient,
  item: Pick<InProcessCase, "provider" | "messages" | "tools" | "reply">,
) {
  const answer = () => jsonResponse(item.reply.text);
  const client = runtime.client(item.provider);
  const [sent] = await captureSentBodies(() => client.generateResponse(item.messages, item.tools), answer);
  const rawBody = sdkBodyFromWire(item.provider, sent as Record<string, unknown>, MODELS[item.provider]);
  const [rawSent] = await captureSentBodies(() => raw.generate(rawBody), answer);
  setResponder(answer);
  return { rawBody, sameWireBody: isDeepStrictEqual(sent, rawSent) };
}

function directCall(provider: ProviderClient, request: LLMRequest, target: Target) {
  const logger = silentSinkLogger();
  return () => provider.generate(request, directContext(target, logger, false));
}

export async function buildInProcessCase(
  runtimes: { bare: Runtime; full: Runtime },
  provider: ProviderName,
  size: RequestSize,
): Promise<InProcessCase> {
  const raw = await createRawClient(provider, DEFAULT_BASE_URLS[provider]);
  const replies = cannedReplies(provider);
  const small = size === "2 messages";
  const item = {
    provider,
    size,
    messages: small ? twoMessages() : fiftyMessages(),
    tools: small ? undefined : TOOLS,
    reply: small ? replies.text : replies.toolCalls,
    calls: small ? scaled(1000, 50) : scaled(500, 50),
  };
  const { rawBody, sameWireBody } = await captureBodies(runtimes.full, raw, item);
  const target: Target = { provider, providerType: provider, model: MODELS[provider], params: {} };
  const request: LLMRequest = {
    provider,
    model: target.model,
    messages: translateHistory(item.messages, target),
    params: {},
    ...(item.tools ? { tools: item.tools } : {}),
  };
  const bare = runtimes.bare.client(provider);
  const full = runtimes.full.client(provider);
  const sides = [
    () => raw.generate(rawBody),
    () => raw.generateWithSignal(rawBody, new AbortController().signal),
    directCall(runtimes.full.providerClient(provider), request, target),
    // Already translated, as the id-translation plugin would: the two layers below it got the same.
    () => bare.generateResponse(request.messages, item.tools),
    () => full.generateResponse(item.messages, item.tools),
  ];
  return { ...item, sameWireBody, sides };
}
