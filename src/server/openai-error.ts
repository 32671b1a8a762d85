/**
 * The gateway's answer to a failed request, in OpenAI's error shape
 * (`{"error":{"message","type","param","code"}}`), with the HTTP status and headers that go with it.
 */
export interface OpenAIErrorInit {
  status: number;
  message: string;
  /** OpenAI's `type`: `invalid_request_error`, `authentication_error`, `rate_limit_error`, ... */
  type: string;
  code: string | null;
  /** Where in the request the problem is: a JSON pointer (`/messages/0/role`), or null. */
  param?: string | null;
  headers?: Record<string, string>;
}

export class OpenAIHttpError extends Error {
  readonly status: number;
  readonly type: string;
  readonly code: string | null;
  readonly param: string | null;
  readonly headers: Record<string, string>;

  constructor(init: OpenAIErrorInit) {
    super(init.message);
    this.name = "OpenAIHttpError";
    this.status = init.status;
    this.type = init.type;
    this.code = init.code;
    this.param = init.param ?? null;
    this.headers = init.headers ?? {};
  }

  /** The JSON body OpenAI's SDKs parse into an `APIError`. */
  toBody(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/** A 400 for a value in the request, naming its JSON pointer. */
export function invalidRequest(pointer: string, problem: string, fix: string): OpenAIHttpError {
  const where = pointer === "" ? "the request body" : pointer;
  return new OpenAIHttpError({
    status: 400,
    type: "invalid_request_error",
    code: "invalid_value",
    param: pointer,
    message: `${where}: ${problem} (fix: ${fix})`,
  });
}
