import { type DestinationStream, type Logger, pino } from "pino";
import { redactSecretKeys } from "./redact-secret-keys.js";
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
 * The runtime's own pino logger. Credentials are removed twice: by key (apiKey and the credential
 * headers, any spelling, any depth, in logged objects: "[REDACTED]") and by
 * value (every configured secret, scrubbed from each serialized line in pino's streamWrite hook,
 * so a key echoed in an error message or stack, or put in a child's bindings, is caught too).
 */
export function createRootLogger(options: RootLoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: undefined,
      formatters: { log: redactSecretKeys },
      hooks: { streamWrite: followSecrets(options.secrets) },
    },
    options.destination ?? pino.destination({ dest: 2, sync: true }),
  );
}
