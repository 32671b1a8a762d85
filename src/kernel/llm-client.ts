import type { LLMInterface } from "../contract/llm-interface.js";
import type { ChatMessage, UserMessage } from "../contract/messages.js";
import type { LLMOutput } from "../contract/output.js";
import type { FileReadOptions } from "../contract/provider.js";
import type { CallOptions } from "../contract/request.js";
import type { StreamEvent } from "../contract/stream.js";
import type { ToolChoice, ToolDefinition } from "../contract/tools.js";
import { formatUserMessageWithFile } from "../files/format-user-message-with-file.js";
import { checkCallOptions } from "./pipeline/check-call-options.js";
import { checkRequestInput } from "./pipeline/check-request-input.js";
import { type ClientPlan, type PipelineEngine, runRequest } from "./pipeline/run-request.js";
import { runStream } from "./pipeline/run-stream.js";

/** A client of the config: its chain of targets behind the one interface. */
export class LLMClient implements LLMInterface {
  constructor(
    private readonly engine: PipelineEngine,
    private readonly plan: ClientPlan,
    private readonly fileOptions: FileReadOptions,
  ) {}

  /** The client's name in the config. */
  get name(): string {
    return this.plan.name;
  }

  /** The models of the client's chain, primary first (a model may repeat across providers). */
  get models(): string[] {
    return this.plan.chain.map((target) => target.model);
  }

  /**
   * The same client with its chain cut to the first target serving `model`, written as the model
   * (`gpt-4o`) or as `<provider>/<model>` (`azure/gpt-4o`) (retries still apply,
   * fallbacks do not), or undefined when no target of the chain serves it: pinning never reaches a
   * model the config did not give this client.
   */
  pinned(model: string): LLMClient | undefined {
    const target = this.plan.chain.find(
      (candidate) => candidate.model === model || `${candidate.provider}/${candidate.model}` === model,
    );
    if (!target) return undefined;
    // One target and no fallback after it: no attempt gets the default per-attempt limit, which
    // exists to keep time for fallbacks (the full plan's limitedTargets index another chain).
    const plan = Object.freeze({
      ...this.plan,
      chain: Object.freeze([target]),
      limitedTargets: Object.freeze([false]),
    });
    return new LLMClient(this.engine, plan, this.fileOptions);
  }

  generateResponse(
    messages: ChatMessage[],
    tools?: ToolDefinition[],
    toolChoice?: ToolChoice,
    options?: CallOptions,
  ): Promise<LLMOutput> {
    // Not an async function: that would wrap runRequest's promise in one more, which costs every
    // call a promise and two microtask turns. A wrong argument still comes back as a rejection.
    try {
      checkRequestInput(messages, tools, toolChoice, this.plan.chain[0]);
      checkCallOptions(options, this.plan.chain[0]);
    } catch (error) {
      return Promise.reject(error);
    }
    return runRequest(this.engine, this.plan, { messages, tools, toolChoice }, options);
  }

  /**
   * Streams the reply as typed events, ending with `finish` and the same LLMOutput that
   * generateResponse returns. Retry and fallback act only until the first event reaches the caller;
   * a later failure ends the stream with a typed error carrying `partialOutput`. Breaking out of the
   * loop closes the provider's HTTP stream.
   */
  streamResponse(
    messages: ChatMessage[],
    tools?: ToolDefinition[],
    toolChoice?: ToolChoice,
    options?: CallOptions,
  ): AsyncIterable<StreamEvent> {
    return runStream(this.engine, this.plan, { messages, tools, toolChoice }, options);
  }

  formatUserMessageWithFile(
    promptText: string,
    filePath: string,
    mimeType: string | undefined,
    maxTextLength: number,
  ): Promise<UserMessage> {
    const provider = this.engine.providers.get(this.plan.chain[0].provider);
    if (provider?.formatUserMessageWithFile) {
      return provider.formatUserMessageWithFile(
        promptText,
        filePath,
        mimeType,
        maxTextLength,
        this.fileOptions,
      );
    }
    return formatUserMessageWithFile(promptText, filePath, mimeType, maxTextLength, this.fileOptions);
  }
}
