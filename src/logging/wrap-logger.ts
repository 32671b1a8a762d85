import { type Logger, pino } from "pino";
import { REDACT_PATHS, REDACTED } from "./redact-paths.js";
import { followSecrets } from "./scrub-secrets.js";

type StreamWrite = (line: string) => string;
type Hooks = { streamWrite?: StreamWrite } & Record<string, unknown>;

function hasOwnRedaction(logger: Logger): boolean {
  const stringifiers = (logger as unknown as Record<symbol, Record<symbol, unknown> | undefined>)[
    pino.symbols.stringifiersSym
  ];
  return stringifiers?.[pino.symbols.redactFmtSym] !== undefined;
}

/**
 * Adds the value scrub to a child by giving it its own copy of pino's hooks with a streamWrite
 * that scrubs, then calls the user's streamWrite if there is one. pino reads the hooks from the
 * logger at each write, and the child's own children inherit them.
 */
function installValueScrub(child: Logger, secrets: readonly string[]): void {
  const key = pino.symbols.hooksSym;
  const target = child as unknown as Record<symbol, Hooks | undefined>;
  const inherited = target[key];
  if (!inherited) return;
  const scrub = followSecrets(secrets);
  const userWrite = inherited.streamWrite;
  const streamWrite: StreamWrite = userWrite ? (line) => scrub(userWrite(line)) : scrub;
  Object.defineProperty(child, key, {
    value: { ...inherited, streamWrite },
    configurable: true,
    writable: true,
  });
}

/**
 * A child of an application's own pino logger for the runtime to log through. Its lines have
 * every configured secret scrubbed by value (as the root logger's do). Path redaction is added
 * only when the application's logger has none: a pino child's `redact` replaces its parent's
 * paths, and the application's own rules must not be lost. Lines the application logs through
 * its own logger are not touched.
 */
export function adoptLogger(userLogger: Logger, secrets: readonly string[]): Logger {
  const redact = hasOwnRedaction(userLogger)
    ? {}
    : { redact: { paths: [...REDACT_PATHS], censor: REDACTED } };
  const child = userLogger.child({}, redact);
  installValueScrub(child, secrets);
  return child;
}
