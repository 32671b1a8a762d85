import { type Logger, pino } from "pino";
import { redactSecretKeys } from "./redact-secret-keys.js";
import { followSecrets } from "./scrub-secrets.js";

type Formatters = { log?: (object: object) => object };
type Hooks = { streamWrite?: (line: string) => string } & Record<string, unknown>;

/** pino keeps a logger's formatters and hooks under these (exported) symbols. */
function internals(logger: Logger): Record<symbol, unknown> {
  return logger as unknown as Record<symbol, unknown>;
}

/**
 * Gives the child its own copy of pino's hooks, whose streamWrite scrubs after the application's
 * own streamWrite (if any). pino reads the hooks from the logger at each write, and the child's
 * own children inherit them.
 */
function installValueScrub(child: Logger, secrets: readonly string[]): void {
  const key = pino.symbols.hooksSym;
  const inherited = internals(child)[key] as Hooks | undefined;
  if (!inherited) return;
  const scrub = followSecrets(secrets);
  const userWrite = inherited.streamWrite;
  const streamWrite = userWrite ? (line: string) => scrub(userWrite(line)) : scrub;
  Object.defineProperty(child, key, {
    value: { ...inherited, streamWrite },
    configurable: true,
    writable: true,
  });
}

/**
 * A child of the application's own pino logger for the runtime to log through. Its lines get
 * the root logger's protections: credential keys redacted in logged objects (before the
 * application's own `formatters.log`, which still runs), and every configured secret scrubbed by
 * value from the serialized line. The application's redact paths, serializers and destination are
 * kept; pino's child `redact` option is not used because it would replace the application's paths.
 * Lines the application writes through its own logger are not touched.
 */
export function adoptLogger(userLogger: Logger, secrets: readonly string[]): Logger {
  const userLog = (internals(userLogger)[pino.symbols.formattersSym] as Formatters | undefined)?.log;
  const log = (object: object) => (userLog ? userLog(redactSecretKeys(object)) : redactSecretKeys(object));
  const child = userLogger.child({}, { formatters: { log } });
  installValueScrub(child, secrets);
  return child;
}
