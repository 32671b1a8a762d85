/**
 * Error replies as the Gemini API sends them: `{"error":{code,message,status,details}}` with the
 * canonical status name and google.rpc detail objects (RetryInfo, QuotaFailure, ErrorInfo).
 */
import type { FakeReply } from "../fake-server-types.js";

const STATUS_NAMES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ABORTED",
  429: "RESOURCE_EXHAUSTED",
  499: "CANCELLED",
  500: "INTERNAL",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

export interface GoogleErrorSpec {
  status: number;
  message?: string;
  /** The canonical status name; default by HTTP status (`INVALID_ARGUMENT` for 400, ...). */
  statusName?: string;
  details?: Record<string, unknown>[];
  headers?: Record<string, string>;
}

/** An error reply in Google's shape. */
export function googleErrorReply(spec: GoogleErrorSpec): FakeReply {
  const error = {
    code: spec.status,
    message: spec.message ?? `fake Gemini error ${spec.status}`,
    status:
      spec.statusName ??
      STATUS_NAMES[spec.status] ??
      (spec.status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION"),
    ...(spec.details ? { details: spec.details } : {}),
  };
  return { kind: "json", status: spec.status, headers: { ...spec.headers }, body: { error } };
}

const QUOTA_MESSAGE =
  "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.";

function quotaFailure(quotaId: string, quotaValue: string, model: string) {
  return {
    "@type": "type.googleapis.com/google.rpc.QuotaFailure",
    violations: [
      {
        quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests",
        quotaId,
        quotaDimensions: { location: "global", model },
        quotaValue,
      },
    ],
  };
}

/** Real-shaped Gemini errors for the cases the runtime's taxonomy distinguishes. */
export const GOOGLE_ERRORS = {
  /** 429 for a per-minute quota, with the wait in `RetryInfo.retryDelay` (the only place Gemini says it). */
  rateLimit: (retryDelay = "37s", model = "gemini-2.5-flash"): FakeReply =>
    googleErrorReply({
      status: 429,
      message: QUOTA_MESSAGE,
      details: [
        quotaFailure("GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "10", model),
        {
          "@type": "type.googleapis.com/google.rpc.Help",
          links: [{ description: "Learn more", url: "https://ai.google.dev/gemini-api/docs/rate-limits" }],
        },
        { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay },
      ],
    }),
  /** 429 for a spent per-day quota: waiting seconds does not help. */
  dailyQuota: (model = "gemini-2.5-flash"): FakeReply =>
    googleErrorReply({
      status: 429,
      message: QUOTA_MESSAGE,
      details: [
        quotaFailure("GenerateRequestsPerDayPerProjectPerModel-FreeTier", "250", model),
        { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "14s" },
      ],
    }),
  /** Gemini answers a wrong key with 400, not 401. */
  invalidKey: (): FakeReply =>
    googleErrorReply({
      status: 400,
      message: "API key not valid. Please pass a valid API key.",
      details: [
        {
          "@type": "type.googleapis.com/google.rpc.ErrorInfo",
          reason: "API_KEY_INVALID",
          domain: "googleapis.com",
          metadata: { service: "generativelanguage.googleapis.com" },
        },
      ],
    }),
  contextLength: (): FakeReply =>
    googleErrorReply({
      status: 400,
      message: "The input token count (1234567) exceeds the maximum number of tokens allowed (1048576).",
    }),
  invalidArgument: (message = "Request contains an invalid argument."): FakeReply =>
    googleErrorReply({ status: 400, message }),
  modelNotFound: (model: string): FakeReply =>
    googleErrorReply({
      status: 404,
      message: `models/${model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`,
    }),
  unavailable: (): FakeReply =>
    googleErrorReply({ status: 503, message: "The model is overloaded. Please try again later." }),
  internal: (): FakeReply =>
    googleErrorReply({
      status: 500,
      message:
        "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting",
    }),
} as const;
