import { type DestinationStream, type Logger, pino } from "pino";
import { REDACT_PATHS, REDACTED } from "./redact-paths.js";
import { followSecrets } from "./scrub-secrets.js";

export interface RootLoggerOptions {
  /** pino level name: fatal, error, warn, info, debug, trace or silent. */
  level: string;
  /** Where JSON lines go: any `{ write(line) }` or writable stream (default: stderr, synchronously). */
  destination?: DestinationStream;
  /**
   * Secret values to remove from every line. The list is read again when it grows, so keys added
   * after the logger is made are scrubbed too.
   */
  secrets: readonly string[];
}

/**
 * The runtime's own pino logger. Credentials are removed twice: by path (apiKey and credential
 * headers, "[REDACTED]") and by value (every configured secret, scrubbed from each serialized
 * line in pino's streamWrite hook, so a key echoed in an error message is caught too).
 */
export function createRootLogger(options: RootLoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: undefined,
      redact: { paths: [...REDACT_PATHS], censor: REDACTED },
      hooks: { streamWrite: followSecrets(options.secrets) },
    },
    options.destination ?? pino.destination({ dest: 2, sync: true }),
  );
}
