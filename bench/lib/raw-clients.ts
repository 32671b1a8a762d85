/**
 * The raw side of every comparison: each provider's SDK called directly, built the way the provider
 * plugins build theirs (SDK retries off, logging off), and sent the very body the runtime put on
 * the wire for the same request, so the difference is the runtime's own work.
 */
import type { ProviderName } from "./canned-replies.js";
import { API_KEYS } from "./runtime-config.js";

export interface RawClient {
  generate(body: unknown): Promise<unknown>;
  /** The same call with an AbortSignal, as any caller that can cancel must pass one. */
  generateWithSignal(body: unknown, signal: AbortSignal): Promise<unknown>;
  /** The SDK's own stream of chunks (the body must ask for a stream where the API needs it). */
  stream(body: unknown): Promise<AsyncIterable<unknown>>;
  streamWithSignal(body: unknown, signal: AbortSignal): Promise<AsyncIterable<unknown>>;
}

type Body = Record<string, unknown>;

async function rawOpenAI(baseURL: string): Promise<RawClient> {
  const { default: OpenAI } = await import("openai");
  const sdk = new OpenAI({
    apiKey: API_KEYS.openai,
    baseURL,
    organization: null,
    project: null,
    maxRetries: 0,
    logLevel: "off",
  });
  return {
    generate: (body) => sdk.chat.completions.create(body as never),
    generateWithSignal: (body, signal) => sdk.chat.completions.create(body as never, { signal }),
    stream: async (body) =>
      (await sdk.chat.completions.create(body as never)) as unknown as AsyncIterable<unknown>,
    streamWithSignal: async (body, signal) =>
      (await sdk.chat.completions.create(body as never, { signal })) as unknown as AsyncIterable<unknown>,
  };
}

async function rawAnthropic(baseURL: string): Promise<RawClient> {
  const { default: Anthropic } = await import("@anthropic-ai/sdk");
  const sdk = new Anthropic({
    apiKey: API_KEYS.anthropic,
    authToken: null,
    baseURL,
    maxRetries: 0,
    logLevel: "off",
  });
  return {
    generate: (body) => sdk.messages.create(body as never),
    generateWithSignal: (body, signal) => sdk.messages.create(body as never, { signal }),
    stream: async (body) => (await sdk.messages.create(body as never)) as unknown as AsyncIterable<unknown>,
    streamWithSignal: async (body, signal) =>
      (await sdk.messages.create(body as never, { signal })) as unknown as AsyncIterable<unknown>,
  };
}

/** @google/genai takes the signal inside the parameters' config. */
function withAbortSignal(body: unknown, signal: AbortSignal): Body {
  const { config, ...rest } = body as Body;
  return { ...rest, config: { ...(config as Body), abortSignal: signal } };
}

async function rawGoogle(baseUrl: string): Promise<RawClient> {
  const { GoogleGenAI } = await import("@google/genai");
  const sdk = new GoogleGenAI({
    apiKey: API_KEYS.google,
    apiVersion: "v1beta",
    vertexai: false,
    httpOptions: { baseUrl, apiVersion: "v1beta" },
  });
  return {
    generate: (body) => sdk.models.generateContent(body as never),
    generateWithSignal: (body, signal) => {
      const { config, ...rest } = body as Body;
      return sdk.models.generateContent({
        ...rest,
        config: { ...(config as Body), abortSignal: signal },
      } as never);
    },
    stream: (body) => sdk.models.generateContentStream(body as never),
    streamWithSignal: (body, signal) =>
      sdk.models.generateContentStream(withAbortSignal(body, signal) as never),
  };
}

export function createRawClient(provider: ProviderName, baseURL: string): Promise<RawClient> {
  if (provider === "openai") return rawOpenAI(baseURL);
  if (provider === "anthropic") return rawAnthropic(baseURL);
  return rawGoogle(baseURL);
}

/**
 * What to hand the raw SDK so that it sends `wireBody`: the body itself for openai and anthropic;
 * for @google/genai, its parameter shape (`{ model, contents, config }`), which the SDK turns back
 * into the REST body.
 */
export function sdkBodyFromWire(provider: ProviderName, wireBody: Body, model: string): Body {
  if (provider !== "google") return wireBody;
  const { contents, generationConfig, ...topLevel } = wireBody;
  const config: Body = { ...(generationConfig as Body | undefined) };
  for (const [key, value] of Object.entries(topLevel)) if (value !== undefined) config[key] = value;
  return { model, contents, config };
}
