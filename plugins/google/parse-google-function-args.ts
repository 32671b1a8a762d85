import { InvalidRequestError, quoteUntrusted, type ToolCall } from "../../src/index.js";

interface Target {
  provider: string;
  model: string;
}

/**
 * The `args` parsed from each history tool call, by the call's `function` object. A tool loop
 * sends its whole history again on every request, and each call in it is the same object as the
 * time before (the kernel's per-attempt copy and the id-translation plugin keep `function`), so
 * the arguments of a call are parsed once, not once per request: JSON.parse was the largest part
 * of this plugin's cost on long conversations. The text is kept beside the args, so arguments
 * replaced in place are parsed again. The args are shared by every request that sends the call:
 * nothing between here and the wire may change them (the SDK copies the reference into its body).
 */
const parsedArgs = new WeakMap<object, { text: string; args: Record<string, unknown> }>();

/** Gemini takes arguments as an object; OpenAI-compatible servers send "" for none. */
export function parseGoogleFunctionArgs(call: ToolCall, target: Target): Record<string, unknown> {
  const holder = call.function;
  const text = holder.arguments;
  const parsed = parsedArgs.get(holder);
  if (parsed !== undefined && parsed.text === text) return parsed.args;
  const args = parseObject(call, text, target);
  parsedArgs.set(holder, { text, args });
  return args;
}

function parseObject(call: ToolCall, text: string, target: Target): Record<string, unknown> {
  if (text.trim() === "") return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // Reported below, with the call it concerns.
  }
  throw new InvalidRequestError(
    `history: the arguments of tool call ${quoteUntrusted(call.id)} are not a JSON object`,
    {
      provider: target.provider,
      model: target.model,
      fix: `repair tool_calls[].function.arguments of call ${quoteUntrusted(call.id)} in the history (a JSON object text)`,
    },
  );
}
