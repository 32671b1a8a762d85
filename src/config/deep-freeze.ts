import { isContainer } from "./check-config-shape.js";

/**
 * Freezes plain objects and arrays at every depth, so that no plugin can change the config
 * another plugin (or the kernel) reads after loading. Other objects, which only a JS config can
 * hold, are left alone.
 */
export function deepFreeze<T>(value: T): T {
  if (!isContainer(value) || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const item of Object.values(value)) deepFreeze(item);
  return value;
}
