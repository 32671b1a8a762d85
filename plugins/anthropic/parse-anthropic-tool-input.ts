import { InvalidRequestError, quoteUntrusted, type ToolCall } from "../../src/index.js";
import type { ConversionTarget } from "./convert-anthropic-user-content.js";

/**
 * The `input` parsed from each history tool call, by the call's `function` object. A tool loop
 * sends its whole history again on every request, and each call in it is the same object as the
 * time before (the kernel's per-attempt copy and the id-translation plugin keep `function`), so
 * the arguments of a call are parsed once, not once per request: JSON.parse was most of this
 * plugin's cost on long conversations. The text is kept beside the input, so arguments replaced
 * in place are parsed again. The input is shared by every request that sends the call: nothing
 * between here and the wire may change it (the SDK only serializes the body).
 */
const parsedInputs = new WeakMap<object, { text: string; input: Record<string, unknown> }>();

/** A tool call's `arguments` JSON string as Anthropic's `input` object; anything else is refused. */
export function parseAnthropicToolInput(call: ToolCall, target: ConversionTarget): Record<string, unknown> {
  const holder = call.function;
  const text = holder.arguments;
  const parsed = parsedInputs.get(holder);
  if (parsed !== undefined && parsed.text === text) return parsed.input;
  const input = parseObject(call, text, target);
  parsedInputs.set(holder, { text, input });
  return input;
}

function parseObject(call: ToolCall, text: string, target: ConversionTarget): Record<string, unknown> {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    // V8's SyntaxError quotes the text it failed on; the arguments may hold user data, so no cause.
    throw badArguments(call, "is not valid JSON", target);
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw badArguments(call, "is not a JSON object", target);
  }
  return input as Record<string, unknown>;
}

function badArguments(call: ToolCall, problem: string, target: ConversionTarget): InvalidRequestError {
  return new InvalidRequestError(
    `the arguments of tool call ${quoteUntrusted(call.id)} (${quoteUntrusted(call.function.name)}) in the history ${problem}`,
    {
      provider: target.provider,
      model: target.model,
      fix: "store each tool call's arguments as the JSON object string the model produced",
    },
  );
}
