import { type Logger, pino } from "pino";
import type { CliIo } from "./cli-io.js";

const LEVEL_NAMES: Record<number, string> = {
  10: "trace",
  20: "debug",
  30: "info",
  40: "warning",
  50: "error",
  60: "fatal",
};

/** Fields that say when and where a line was logged, not what happened: left out of the CLI's line. */
const BOOKKEEPING = new Set(["level", "time", "pid", "hostname", "msg", "plugin", "requestId"]);

function formatValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * One JSON log line as a person reads it:
 * `warning [fallback]: falling back to the next target (provider a, model m1, errorCode ..., ...)`.
 */
export function formatLogLine(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line);
  } catch {
    return line.endsWith("\n") ? line : `${line}\n`;
  }
  const level = LEVEL_NAMES[record.level as number] ?? String(record.level ?? "log");
  const source = typeof record.plugin === "string" ? ` [${record.plugin}]` : "";
  const fields = Object.entries(record)
    .filter(([key, value]) => !BOOKKEEPING.has(key) && value !== undefined)
    .map(([key, value]) => `${key} ${formatValue(value)}`);
  const details = fields.length ? ` (${fields.join(", ")})` : "";
  return `${level}${source}: ${formatValue(record.msg ?? "")}${details}\n`;
}

/**
 * The logger the CLI hands the runtime: the runtime's own lines (a fallback's warning, ...) reach
 * stderr as readable lines instead of JSON. The runtime still redacts and scrubs secrets in them
 * before they get here.
 */
export function createCliLogger(level: string, io: CliIo): Logger {
  return pino(
    { level, base: undefined, timestamp: false },
    { write: (line: string) => io.stderr.write(formatLogLine(line)) },
  );
}
