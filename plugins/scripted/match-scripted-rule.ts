import type { ChatMessage } from "../../src/index.js";
import type { ScriptedMatch, ScriptedRule } from "./scripted-rule.js";

/** The text of a message, whatever its content shape. */
export function messageText(message: ChatMessage | undefined): string {
  if (!message || message.content === null || message.content === undefined) return "";
  if (typeof message.content === "string") return message.content;
  return message.content.map((part) => (part.type === "text" ? part.text : "")).join("");
}

/** A rule compiled once: its regular expression built at load time, its remaining uses counted. */
export interface CompiledRule {
  rule: ScriptedRule;
  pattern?: RegExp;
  remaining: number;
}

export function compileRule(rule: ScriptedRule): CompiledRule {
  return {
    rule,
    pattern: rule.match?.matches === undefined ? undefined : new RegExp(rule.match.matches),
    remaining: rule.times ?? Number.POSITIVE_INFINITY,
  };
}

function holds(
  match: ScriptedMatch | undefined,
  pattern: RegExp | undefined,
  messages: ChatMessage[],
  model: string,
) {
  if (!match) return true;
  const last = messages[messages.length - 1];
  const text = messageText(last);
  if (match.contains !== undefined && !text.includes(match.contains)) return false;
  if (pattern && !pattern.test(text)) return false;
  if (match.role !== undefined && last?.role !== match.role) return false;
  if (match.hasToolResult !== undefined && (last?.role === "tool") !== match.hasToolResult) return false;
  if (match.model !== undefined && model !== match.model) return false;
  return true;
}

/** The first rule, in order, that matches and is not used up; it is counted as used. */
export function takeMatchingRule(
  rules: CompiledRule[],
  messages: ChatMessage[],
  model: string,
): ScriptedRule | undefined {
  for (const compiled of rules) {
    if (compiled.remaining > 0 && holds(compiled.rule.match, compiled.pattern, messages, model)) {
      compiled.remaining -= 1;
      return compiled.rule;
    }
  }
  return undefined;
}
