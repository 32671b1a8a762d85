import {
  AbortError,
  InvalidRequestError,
  type LLMOutput,
  type LLMRequest,
  type ProviderClient,
  type ProviderInstanceConfig,
  type RequestContext,
  type StreamEvent,
} from "../../src/index.js";
import { buildScriptedError, buildScriptedOutput } from "./build-scripted-output.js";
import { type CompiledRule, compileRule, messageText, takeMatchingRule } from "./match-scripted-rule.js";
import type { ScriptedRule } from "./scripted-rule.js";

/** A request as the scripted provider received it, after every beforeRequest tap. */
export interface ScriptedRequestRecord {
  request: LLMRequest;
  requestId: string;
  attempt: number;
  /** For a stream: whether it ran to its end, or the consumer stopped reading first. */
  stream?: "open" | "completed" | "closed-early";
}

function wait(ms: number, signal: AbortSignal, request: LLMRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      const { provider, model } = request;
      reject(
        new AbortError("aborted while the scripted provider waited", {
          provider,
          model,
          cause: signal.reason,
        }),
      );
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * A provider that answers by rules instead of a network: for the kernel's tests, examples and the
 * users' own tests. Rules come from the config or from `addRule`; every request is recorded.
 */
export class ScriptedProviderClient implements ProviderClient {
  /** Every request received, in order. */
  readonly requests: ScriptedRequestRecord[] = [];
  private readonly rules: CompiledRule[];
  private callCount = 0;

  constructor(readonly instance: ProviderInstanceConfig) {
    this.rules = ((instance.rules as ScriptedRule[] | undefined) ?? []).map(compileRule);
  }

  /** Adds a rule after those already present (first match wins). */
  addRule(rule: ScriptedRule): this {
    this.rules.push(compileRule(rule));
    return this;
  }

  async generate(request: LLMRequest, context: RequestContext): Promise<LLMOutput> {
    this.requests.push({ request, requestId: context.requestId, attempt: context.attempt });
    const rule = await this.ruleFor(request, context);
    if (rule.error) throw buildScriptedError(rule.error, request);
    return buildScriptedOutput(rule.reply ?? {}, request, () => `call_scripted_${++this.callCount}`);
  }

  /**
   * Streams the rule's reply: its text as `chunks` (or one delta), then its tool calls, then the
   * final output. With `errorAfterChunks`, fails after that many text chunks.
   */
  async *stream(request: LLMRequest, context: RequestContext): AsyncGenerator<StreamEvent> {
    const record: ScriptedRequestRecord = {
      request,
      requestId: context.requestId,
      attempt: context.attempt,
      stream: "open",
    };
    this.requests.push(record);
    try {
      const rule = await this.ruleFor(request, context);
      if (rule.error && (rule.errorAfterChunks === undefined || !rule.reply))
        throw buildScriptedError(rule.error, request);
      const output = buildScriptedOutput(
        rule.reply ?? {},
        request,
        () => `call_scripted_${++this.callCount}`,
      );
      const chunks = rule.reply?.chunks ?? (output.content ? [output.content] : []);
      for (const [index, delta] of chunks.entries()) {
        if (rule.error && index === rule.errorAfterChunks) throw buildScriptedError(rule.error, request);
        if (index > 0 && rule.chunkDelayMs) await wait(rule.chunkDelayMs, context.signal, request);
        yield { type: "text-delta", delta };
      }
      if (rule.error) throw buildScriptedError(rule.error, request);
      for (const [index, call] of (output.toolCalls ?? []).entries()) {
        yield { type: "tool-call-start", index, id: call.id, name: call.function.name };
        yield { type: "tool-call-delta", index, argumentsDelta: call.function.arguments };
      }
      record.stream = "completed";
      yield { type: "finish", output };
    } finally {
      if (record.stream === "open") record.stream = "closed-early";
    }
  }

  private async ruleFor(request: LLMRequest, context: RequestContext): Promise<ScriptedRule> {
    const rule = takeMatchingRule(this.rules, request.messages, request.model);
    if (!rule) {
      const last = messageText(request.messages[request.messages.length - 1]).slice(0, 80);
      throw new InvalidRequestError(`no scripted rule matched the last message ${JSON.stringify(last)}`, {
        provider: request.provider,
        model: request.model,
        fix: `add a rule to provider "${this.instance.name}" (a rule without "match" answers everything)`,
      });
    }
    if (rule.delayMs) await wait(rule.delayMs, context.signal, request);
    return rule;
  }
}
