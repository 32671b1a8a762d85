import { escapePointerToken, type SchemaProblem } from "./describe-schema-errors.js";

export interface ShapeProblem extends SchemaProblem {
  fix: string;
}

/**
 * Keys that could reach an object's prototype when copied (prototype pollution): a config that
 * holds one at any depth is refused.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** Deepest nesting accepted; the schema's own shapes are at most 5 levels deep. */
export const MAX_CONFIG_DEPTH = 32;

/** Most objects and arrays accepted in one config (bounds YAML alias expansion too). */
export const MAX_CONFIG_NODES = 100_000;

/** A plain object (or null-prototype object) or an array: the values a config is made of. */
export function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Walks plain objects and arrays without recursion (a 10,000-deep config cannot overflow the
 * stack) and reports the first reserved key at any depth, nesting that is too deep (or circular),
 * or a config too large. Free-form parts (params, plugin options) are checked here too.
 */
export function findShapeProblem(config: unknown): ShapeProblem | undefined {
  const pending: Array<[value: unknown, pointer: string, depth: number]> = [[config, "", 0]];
  let nodes = 0;
  while (pending.length > 0) {
    const [value, pointer, depth] = pending.pop()!;
    if (!isContainer(value)) continue;
    nodes += 1;
    if (nodes > MAX_CONFIG_NODES) {
      const message = `holds more than ${MAX_CONFIG_NODES} objects and arrays`;
      return { pointer: "", message, fix: "a config holds settings, not data: make it smaller" };
    }
    if (depth >= MAX_CONFIG_DEPTH) {
      const message = `is nested more than ${MAX_CONFIG_DEPTH} levels deep (or refers to itself)`;
      return { pointer, message, fix: "flatten it; no setting needs that depth" };
    }
    for (const key of Object.keys(value)) {
      const child = `${pointer}/${escapePointerToken(key)}`;
      if (!Array.isArray(value) && RESERVED_KEYS.has(key)) {
        const message = `key "${key}" is reserved (__proto__, constructor, prototype)`;
        return { pointer: child, message, fix: "rename or remove that key" };
      }
      pending.push([(value as Record<string, unknown>)[key], child, depth + 1]);
    }
  }
  return undefined;
}
