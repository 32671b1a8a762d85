import type { AttemptRecord, LLMOutput } from "../../contract/output.js";

/** One turn of the demo's tool loop: the attempts the runtime made and what came of them. */
export interface DemoTurn {
  turn: number;
  attempts: AttemptRecord[];
  answeredBy: { provider: string; model: string };
  toolCalls: Array<{ id: string; name: string; arguments: string; result: string }>;
  content: string | null;
}

export interface DemoStyle {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
}

const plain: DemoStyle = { bold: String, dim: String, green: String, red: String, yellow: String };

/** ANSI colours, used only when stdout is a terminal. */
export function demoStyle(colour: boolean): DemoStyle {
  if (!colour) return plain;
  const wrap = (code: number) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;
  return { bold: wrap(1), dim: wrap(2), green: wrap(32), red: wrap(31), yellow: wrap(33) };
}

function describeDecision(record: AttemptRecord, style: DemoStyle): string {
  if (record.outcome === "success") return style.green("answered");
  const failure = `${record.errorClass}${record.status ? ` (HTTP ${record.status})` : ""}`;
  if (record.decision === "retry")
    return `${style.red(failure)} -> ${style.yellow(`retry in ${record.delayMs} ms`)}`;
  if (record.decision === "fallback")
    return `${style.red(failure)} -> ${style.yellow("fall back to the next provider")}`;
  return `${style.red(failure)} -> fail`;
}

export function formatAttempt(record: AttemptRecord, style: DemoStyle): string {
  const target = `${record.provider} ${record.model}`.padEnd(30);
  return `  ${style.dim(`#${record.attempt}`)} ${target} ${describeDecision(record, style)} ${style.dim(`${record.durationMs} ms`)}`;
}

export function formatTurn(turn: DemoTurn, style: DemoStyle): string {
  const lines = [
    style.bold(`turn ${turn.turn}`),
    ...turn.attempts.map((record) => formatAttempt(record, style)),
  ];
  if (turn.content && turn.toolCalls.length > 0) lines.push(`  ${style.dim("model says:")} ${turn.content}`);
  for (const call of turn.toolCalls) {
    lines.push(
      `  tool ${call.name}(${call.arguments}) = ${style.bold(call.result)} ${style.dim(`[${call.id}]`)}`,
    );
  }
  return lines.join("\n");
}

export function summarizeOutput(output: LLMOutput): Pick<DemoTurn, "answeredBy" | "content"> {
  return { answeredBy: { provider: output.provider, model: output.model }, content: output.content };
}
