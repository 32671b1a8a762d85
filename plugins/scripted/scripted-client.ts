import {
  AbortError,
  InvalidRequestError,
  type LLMOutput,
  type LLMRequest,
  type ProviderClient,
  type ProviderInstanceConfig,
  type RequestContext,
} from "../../src/index.js";
import { buildScriptedError, buildScriptedOutput } from "./build-scripted-output.js";
import { type CompiledRule, compileRule, messageText, takeMatchingRule } from "./match-scripted-rule.js";
import type { ScriptedRule } from "./scripted-rule.js";

/** A request as the scripted provider received it, after every beforeRequest tap. */
export interface ScriptedRequestRecord {
  request: LLMRequest;
  requestId: string;
  attempt: number;
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
    if (rule.error) throw buildScriptedError(rule.error, request);
    return buildScriptedOutput(rule.reply ?? {}, request, () => `call_scripted_${++this.callCount}`);
  }
}
