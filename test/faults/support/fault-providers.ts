import { openAIConformanceAdapter } from "../../../src/testing/conformance/openai-conformance-adapter.js";
import {
  ANTHROPIC_CONFORMANCE_MODEL,
  anthropicConformanceAdapter,
  anthropicErrorReply,
  type ConformanceAdapter,
  type FakeReply,
  type FakeServer,
  googleConformanceAdapter,
  googleErrorReply,
  openAIErrorReply,
  type SseReply,
} from "../../../src/testing/index.js";

export type ProviderName = "openai" | "anthropic" | "google";

/** An error reply in the provider's own shape, with the headers a fault row needs. */
export interface ErrorReplySpec {
  status: number;
  message?: string;
  /** OpenAI `error.type`/`code`, Anthropic `error.type`, Google `error.status`. */
  type?: string;
  headers?: Record<string, string>;
}

/**
 * One provider as the fault suite drives it: the conformance adapter (servers, replies, wire
 * readers, real-shaped errors) plus what the suite adds: a generic error reply and the provider
 * entry of a config pointing at a fake server.
 */
export interface FaultProvider {
  readonly name: ProviderName;
  readonly adapter: ConformanceAdapter;
  /** A model id of the provider type (no deprecation warnings, no thought signatures needed). */
  readonly model: string;
  /** Whether the provider's SDK exposes response headers to the plugin (Gemini's does not). */
  readonly readsHeaders: boolean;
  startServer(): Promise<FakeServer>;
  /** The `providers.<name>` entry for a fake server, with `apiKey` and any extra keys. */
  instance(server: FakeServer, apiKey: string, extra?: Record<string, unknown>): Record<string, unknown>;
  errorReply(spec: ErrorReplySpec): FakeReply;
  text(text: string): FakeReply;
  streamText(pieces: string[]): SseReply;
}

function instanceOf(
  adapter: ConformanceAdapter,
  server: FakeServer,
  apiKey: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const config = adapter.createConfig(server, { apiKey }) as {
    providers: Record<string, Record<string, unknown>>;
  };
  return { ...Object.values(config.providers)[0], ...extra };
}

function describeProvider(
  name: ProviderName,
  adapter: ConformanceAdapter,
  model: string,
  readsHeaders: boolean,
  errorReply: (spec: ErrorReplySpec) => FakeReply,
): FaultProvider {
  const stream = adapter.stream;
  if (!stream) throw new Error(`the ${name} conformance adapter has no stream replies`);
  return {
    name,
    adapter,
    model,
    readsHeaders,
    startServer: () => adapter.startServer(),
    instance: (server, apiKey, extra) => instanceOf(adapter, server, apiKey, extra),
    errorReply,
    text: (text) => adapter.textReply(text, { promptTokens: 3, completionTokens: 2 }),
    streamText: (pieces) => stream.textReply(pieces, { promptTokens: 3, completionTokens: 2 }),
  };
}

export const OPENAI = describeProvider("openai", openAIConformanceAdapter, "gpt-4o", true, (spec) =>
  openAIErrorReply({ status: spec.status, message: spec.message, type: spec.type, headers: spec.headers }),
);

export const ANTHROPIC = describeProvider(
  "anthropic",
  anthropicConformanceAdapter,
  ANTHROPIC_CONFORMANCE_MODEL,
  true,
  (spec) =>
    anthropicErrorReply({
      status: spec.status,
      message: spec.message,
      type: spec.type,
      headers: spec.headers,
    }),
);

export const GOOGLE = describeProvider(
  "google",
  googleConformanceAdapter,
  "gemini-2.5-flash",
  false,
  (spec) =>
    googleErrorReply({
      status: spec.status,
      message: spec.message,
      statusName: spec.type,
      headers: spec.headers,
    }),
);

/** Every provider, in the order the tables run them. */
export const FAULT_PROVIDERS: readonly FaultProvider[] = [OPENAI, ANTHROPIC, GOOGLE];

export function faultProvider(name: ProviderName): FaultProvider {
  const provider = FAULT_PROVIDERS.find((candidate) => candidate.name === name);
  if (!provider) throw new Error(`no fault provider ${name}`);
  return provider;
}
