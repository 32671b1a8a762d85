/**
 * Reads the error body Gemini sends (`{"error":{code,message,status,details}}`, sometimes wrapped
 * in an array). @google/genai gives it only as the JSON text of `ApiError.message`, and wraps a
 * non-JSON body as `{"error":{"message":"<raw text>","code":503,"status":"Service Unavailable"}}`.
 */
export interface GoogleErrorBody {
  code?: number;
  message: string;
  /** The canonical status name (`RESOURCE_EXHAUSTED`, `INVALID_ARGUMENT`, ...). */
  status?: string;
  details: Record<string, unknown>[];
}

export function parseGoogleErrorBody(text: string): GoogleErrorBody {
  const parsed = parseJson(text);
  if (parsed === undefined) return { message: text, details: [] };
  const root = Array.isArray(parsed) ? parsed[0] : parsed;
  const error = asRecord(asRecord(root).error);
  return {
    code: typeof error.code === "number" ? error.code : undefined,
    message: typeof error.message === "string" ? error.message : text,
    status: typeof error.status === "string" ? error.status : undefined,
    details: Array.isArray(error.details) ? error.details.map(asRecord) : [],
  };
}

/**
 * The body's JSON. An error event inside a stream (`data: {"error":{...}}` after HTTP 200) reaches
 * the plugin as `got status: UNAVAILABLE. {"error":{...}}`: @google/genai prefixes the JSON text.
 */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const start = text.search(/[[{]/);
    if (start <= 0) return undefined;
    try {
      return JSON.parse(text.slice(start));
    } catch {
      return undefined;
    }
  }
}

function detailsOfType(body: GoogleErrorBody, type: string): Record<string, unknown>[] {
  return body.details.filter((detail) => String(detail["@type"] ?? "").endsWith(`google.rpc.${type}`));
}

/**
 * The wait Gemini asks for, from `RetryInfo.retryDelay`: a protobuf Duration, as JSON text
 * (`"37s"`, `"0.5s"`) or as `{seconds, nanos}`. Undefined when absent or unreadable.
 */
export function readRetryDelayMs(body: GoogleErrorBody): number | undefined {
  const delay = detailsOfType(body, "RetryInfo")[0]?.retryDelay;
  if (typeof delay === "string") {
    const seconds = /^(\d+(?:\.\d+)?)s$/.exec(delay.trim())?.[1];
    return seconds === undefined ? undefined : Math.ceil(Number(seconds) * 1000);
  }
  const duration = asRecord(delay);
  if (duration.seconds === undefined && duration.nanos === undefined) return undefined;
  const milliseconds = Number(duration.seconds ?? 0) * 1000 + Number(duration.nanos ?? 0) / 1e6;
  return Number.isFinite(milliseconds) ? Math.ceil(milliseconds) : undefined;
}

/**
 * Whether a 429 is a spent quota rather than a passing rate limit: a `QuotaFailure` violation of
 * a per-day quota (it resets tomorrow), or of a quota whose limit is 0 (a model the free tier does
 * not include). Per-minute quotas, free tier or not, clear within a minute: those are rate limits.
 */
export function isQuotaSpent(body: GoogleErrorBody): boolean {
  const violations = detailsOfType(body, "QuotaFailure").flatMap((detail) =>
    Array.isArray(detail.violations) ? detail.violations.map(asRecord) : [],
  );
  return violations.some((violation) => {
    const quota = `${violation.quotaId ?? ""} ${violation.quotaMetric ?? ""}`;
    return /per_?day|daily/i.test(quota) || String(violation.quotaValue ?? "") === "0";
  });
}

/** The `ErrorInfo.reason` of the body (`API_KEY_INVALID`, ...), if any. */
export function readErrorReason(body: GoogleErrorBody): string | undefined {
  const reason = detailsOfType(body, "ErrorInfo")[0]?.reason;
  return typeof reason === "string" ? reason : undefined;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
