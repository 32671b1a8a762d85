import { type Logger, pino } from "pino";

/** A pino logger at the default level (warn) writing nowhere: log calls cost what they cost, no I/O. */
export function silentSinkLogger(level = "warn"): Logger {
  return pino({ level }, { write: () => undefined });
}
