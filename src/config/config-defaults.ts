/** A client's overall deadline per request when the config sets none (the SDKs' own default). */
export const DEFAULT_CLIENT_TIMEOUT_MS = 600_000;

/**
 * Longest silence inside a stream before it ends with TimeoutError: a minute without a byte is a
 * hung stream, not a slow model (a client's `idleTimeoutMs` changes it).
 */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/** Largest attachment accepted when the config sets none: 20 MiB. */
export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

/** The log level when the config sets none: a library stays quiet on stderr unless asked. */
export const DEFAULT_LOG_LEVEL = "warn";
