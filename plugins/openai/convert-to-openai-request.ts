import type { LLMRequest } from "../../src/index.js";
import { convertToOpenAIMessages } from "./convert-to-openai-messages.js";
import { planOpenAIParams } from "./openai-params.js";

export { isOpenAIReasoningModel } from "./openai-params.js";

export interface ConvertedOpenAIRequest {
  body: Record<string, unknown> & { model: string; messages: unknown[] };
  /** Shared params left out for this model (see `planOpenAIParams`). */
  droppedParams: string[];
}

/**
 * The body of `POST /chat/completions` for one request: the messages (see
 * `convertToOpenAIMessages`), the tools and tool choice as given, and the params as
 * `planOpenAIParams` sends them for the model.
 */
export function convertToOpenAIRequest(request: LLMRequest): ConvertedOpenAIRequest {
  const { fields, dropped } = planOpenAIParams(request.params, request.model, request.providerParams);
  const body: ConvertedOpenAIRequest["body"] = {
    ...fields,
    model: request.model,
    messages: convertToOpenAIMessages(request.messages),
  };
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools;
    if (request.toolChoice !== undefined) body.tool_choice = request.toolChoice;
  } else {
    // `parallel_tool_calls` without tools is a 400 on OpenAI.
    delete body.parallel_tool_calls;
  }
  return { body, droppedParams: dropped };
}
