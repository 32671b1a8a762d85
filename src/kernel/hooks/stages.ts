/**
 * Named stages order hook taps, whatever the order of the config file's `plugins` list:
 * translation and redaction shape a request before anything else sees it; retry decides before
 * fallback; observers run last and see the final value.
 */
export const HOOK_STAGES = {
  translate: -200,
  redact: -100,
  default: 0,
  retry: 100,
  fallback: 200,
  observe: 1000,
} as const;

export type HookStageName = keyof typeof HOOK_STAGES;
