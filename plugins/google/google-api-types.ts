/**
 * The Gemini API (`generateContent`) shapes this plugin builds and reads. Request types are strict
 * (only what the converters produce); response types are tolerant (every field optional, unknown
 * part kinds allowed), because a newer API may add fields and part kinds at any time.
 */

export interface GoogleFunctionCall {
  name: string;
  args: Record<string, unknown>;
  /** Only ids Gemini itself returned are sent back; id-less calls are paired by order. */
  id?: string;
}

export interface GoogleFunctionResponse {
  name: string;
  response: Record<string, unknown>;
  id?: string;
}

export interface GoogleRequestPart {
  text?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { fileUri: string; mimeType?: string };
  functionCall?: GoogleFunctionCall;
  functionResponse?: GoogleFunctionResponse;
  thoughtSignature?: string;
}

export interface GoogleContent {
  role: "user" | "model";
  parts: GoogleRequestPart[];
}

export interface GoogleFunctionDeclaration {
  name: string;
  description?: string;
  /** JSON Schema, accepted by v1beta as it is. Mutually exclusive with `parameters`. */
  parametersJsonSchema?: Record<string, unknown>;
  /** Gemini's OpenAPI-3.0 subset (`nullable`, no `$ref`, no `additionalProperties`). */
  parameters?: Record<string, unknown>;
}

export interface GoogleToolConfig {
  functionCallingConfig: { mode: "AUTO" | "ANY" | "NONE"; allowedFunctionNames?: string[] };
}

/** One part of a response candidate, as received. */
export interface GoogleResponsePart {
  text?: string;
  /** True on thought-summary parts (their text is reasoning, not the answer). */
  thought?: boolean;
  thoughtSignature?: string;
  functionCall?: { name?: string; args?: Record<string, unknown> | null; id?: string };
  [field: string]: unknown;
}

export interface GoogleCandidate {
  content?: { role?: string; parts?: GoogleResponsePart[] | null } | null;
  finishReason?: string | null;
  finishMessage?: string | null;
  index?: number;
  [field: string]: unknown;
}

export interface GoogleUsageMetadata {
  promptTokenCount?: number | null;
  candidatesTokenCount?: number | null;
  totalTokenCount?: number | null;
  thoughtsTokenCount?: number | null;
  cachedContentTokenCount?: number | null;
  toolUsePromptTokenCount?: number | null;
  [field: string]: unknown;
}

/** A `GenerateContentResponse` body, as received. */
export interface GoogleResponse {
  candidates?: GoogleCandidate[] | null;
  promptFeedback?: { blockReason?: string | null; blockReasonMessage?: string | null } | null;
  usageMetadata?: GoogleUsageMetadata | null;
  modelVersion?: string | null;
  responseId?: string | null;
  [field: string]: unknown;
}
