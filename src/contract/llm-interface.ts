import type { ChatMessage, UserMessage } from "./messages.js";
import type { LLMOutput } from "./output.js";
import type { CallOptions } from "./request.js";
import type { StreamEvent } from "./stream.js";
import type { ToolChoice, ToolDefinition } from "./tools.js";

/** The one interface the application calls, whatever the provider. */
export interface LLMInterface {
  generateResponse(
    messages: ChatMessage[],
    tools?: ToolDefinition[],
    toolChoice?: ToolChoice,
    options?: CallOptions,
  ): Promise<LLMOutput>;

  streamResponse(
    messages: ChatMessage[],
    tools?: ToolDefinition[],
    toolChoice?: ToolChoice,
    options?: CallOptions,
  ): AsyncIterable<StreamEvent>;

  /**
   * Reads one file into an OpenAI-format user message: images as `image_url` data URLs, PDFs as
   * `file` parts, text inline, truncated at `maxTextLength` characters with a visible marker.
   * Without `mimeType` (undefined or ""), it is inferred from the file's extension. Only files
   * inside `files.allowedRoots` (default: the working folder) are read, never /proc, /sys or /dev.
   */
  formatUserMessageWithFile(
    promptText: string,
    filePath: string,
    mimeType: string | undefined,
    maxTextLength: number,
  ): Promise<UserMessage>;
}
