/**
 * OpenAI's `reasoning_effort` as Anthropic thinking
 * (https://platform.claude.com/docs/en/build-with-claude/extended-thinking and /effort). Which
 * thinking types a model accepts depends on the model: Claude 4.6 and later think adaptively
 * (`thinking: { type: "adaptive" }`), steered by `output_config.effort`; earlier models take a
 * token budget (`thinking: { type: "enabled", budget_tokens }`, at least 1024 and below
 * `max_tokens`, which it counts toward). A model name this table cannot place is taken to be new.
 */

/** OpenAI's efforts and Anthropic's `output_config.effort` for each. */
const EFFORTS: Readonly<Record<string, string>> = {
  minimal: "low",
  low: "low",
  medium: "medium",
  high: "high",
  xhigh: "xhigh",
  max: "max",
};

/** Thinking budgets for models before adaptive thinking: this runtime's choice for each effort. */
const BUDGETS: Readonly<Record<string, number>> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16384,
  xhigh: 24576,
  max: 32768,
};

/** Anthropic's smallest thinking budget. */
const MIN_BUDGET = 1024;

export interface AnthropicEffort {
  thinking: Record<string, unknown>;
  /** `output_config.effort`, on models that think adaptively. */
  effort?: string;
}

/** Major and minor version of a Claude model name (`claude-sonnet-4-5-20250929`, `claude-3-7-sonnet`). */
function claudeVersion(model: string): [number, number] | undefined {
  const named = /^claude-[a-z]+-(\d+)(?:-(\d{1,2}))?(?:-|$)/.exec(model);
  const legacy = /^claude-(\d+)(?:-(\d))?-[a-z]+/.exec(model);
  const match = named ?? legacy;
  return match ? [Number(match[1]), Number(match[2] ?? 0)] : undefined;
}

function thinksAdaptively(model: string): boolean {
  const version = claudeVersion(model);
  return version === undefined || version[0] > 4 || (version[0] === 4 && version[1] >= 6);
}

/**
 * The thinking fields for an effort, or undefined when it cannot be honoured (an unknown effort, or
 * a budget model whose `max_tokens` leaves no room for the smallest budget beside an answer).
 * The budget is at most half of `max_tokens`, so thinking cannot use up the whole reply.
 */
export function mapAnthropicEffort(
  effort: string,
  model: string,
  maxTokens: number,
): AnthropicEffort | undefined {
  if (effort === "none") return { thinking: { type: "disabled" } };
  if (EFFORTS[effort] === undefined) return undefined;
  if (thinksAdaptively(model)) return { thinking: { type: "adaptive" }, effort: EFFORTS[effort] };
  const budget = Math.min(BUDGETS[effort], Math.floor(maxTokens / 2));
  return budget >= MIN_BUDGET ? { thinking: { type: "enabled", budget_tokens: budget } } : undefined;
}
