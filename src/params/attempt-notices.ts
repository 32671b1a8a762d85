import type { AttemptRecord } from "../contract/output.js";
import type { RequestContext } from "../contract/request.js";

/** Distinct warn lines kept per provider client; past this, each new one is still recorded, not logged. */
const MAX_WARNED = 1000;

/**
 * What a provider plugin tells about an attempt it changed to make the target accept it: the
 * shared params it left out, and anything else it altered (a note). Both go on the attempt record
 * in progress; the warn line goes out once per client, target and param (or note), so a chain that
 * drops `seed` on every call logs it once, not once per call.
 */
export interface AttemptNotices {
  /** Lists `names` in the attempt's `droppedParams` and warns once for each. */
  dropped(context: RequestContext, names: readonly string[]): void;
  /** Adds `note` to the attempt's `notes` and warns once for it. */
  note(context: RequestContext, note: string): void;
}

/** The record of the attempt in progress: the kernel pushes it before calling the provider. */
function currentRecord(context: RequestContext): AttemptRecord | undefined {
  return context.attempts[context.attempts.length - 1];
}

/** One per provider client: it remembers which warn lines that client has logged. */
export function createAttemptNotices(): AttemptNotices {
  const warned = new Set<string>();
  const firstTime = (context: RequestContext, what: string): boolean => {
    const key = `${context.client}\u0000${context.target.provider}\u0000${context.target.model}\u0000${what}`;
    if (warned.has(key) || warned.size >= MAX_WARNED) return false;
    warned.add(key);
    return true;
  };
  return {
    dropped(context, names) {
      if (names.length === 0) return;
      const record = currentRecord(context);
      if (record) record.droppedParams = [...new Set([...(record.droppedParams ?? []), ...names])];
      const { provider, model } = context.target;
      for (const param of names) {
        if (!firstTime(context, `param:${param}`)) continue;
        context.logger.warn(
          { client: context.client, provider, model, param },
          `param "${param}" is not supported by ${provider} ${model}: left out of its requests (see docs/params.md)`,
        );
      }
    },
    note(context, note) {
      const record = currentRecord(context);
      if (record) record.notes = [...(record.notes ?? []), note];
      if (!firstTime(context, `note:${note}`)) return;
      const { provider, model } = context.target;
      context.logger.warn({ client: context.client, provider, model }, note);
    },
  };
}
