/**
 * The parts of a `chat.completion` body this plugin reads. Tolerant on purpose: every field may be
 * missing or null, because OpenAI-compatible servers (Ollama, vLLM, Groq...) leave many out.
 */
export interface OpenAICompletion {
  id?: string;
  model?: string;
  choices?: Array<{
    index?: number;
    message?: {
      role?: string;
      content?: string | null;
      refusal?: string | null;
      tool_calls?: Array<{
        id?: string;
        type?: string;
        function?: { name?: string; arguments?: string };
      }> | null;
      /** Reasoning text some compatible servers return (DeepSeek, vLLM: `reasoning_content`; OpenRouter: `reasoning`). */
      reasoning_content?: string | null;
      reasoning?: string | null;
    };
    finish_reason?: string | null;
  }>;
  usage?: {
    prompt_tokens?: number;
    completion_tokens?: number;
    total_tokens?: number;
    prompt_tokens_details?: { cached_tokens?: number } | null;
    completion_tokens_details?: { reasoning_tokens?: number } | null;
  } | null;
}

/** One tool-call piece of a streamed delta; compatible servers may leave out `index` or `id`. */
export interface OpenAIToolCallDelta {
  index?: number;
  id?: string | null;
  type?: string;
  function?: { name?: string | null; arguments?: string | null };
}

/**
 * The parts of a `chat.completion.chunk` this plugin reads, as tolerant as `OpenAICompletion`. The
 * last chunk of a stream with `stream_options.include_usage` has `choices: []` and the `usage`.
 */
export interface OpenAIChunk {
  choices?: Array<{
    index?: number;
    delta?: {
      content?: string | null;
      refusal?: string | null;
      tool_calls?: OpenAIToolCallDelta[] | null;
      reasoning_content?: string | null;
      reasoning?: string | null;
    } | null;
    finish_reason?: string | null;
  }> | null;
  usage?: OpenAICompletion["usage"];
}
