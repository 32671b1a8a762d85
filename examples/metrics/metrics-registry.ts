import type { MetricsCollector, MetricsSnapshot } from "./metrics-collector.js";

interface Entry {
  collector: MetricsCollector;
  live: boolean;
}

/**
 * Collectors by name, module-level so the application reads what the plugin the kernel loaded
 * collects: both import this module by the same file URL, so they share one copy of this map.
 */
const collectors = new Map<string, Entry>();

/** Called by the plugin's setup; refuses a name a runtime that is still open already uses. */
export function registerCollector(name: string, collector: MetricsCollector): () => void {
  if (collectors.get(name)?.live) {
    throw new Error(
      `metrics "${name}" is already collected by a runtime that is still open: close it first, or give this runtime's metrics plugin another "name" option`,
    );
  }
  const entry = { collector, live: true };
  collectors.set(name, entry);
  return () => {
    entry.live = false;
  };
}

/**
 * The numbers collected under `name` (the plugin's `name` option, default "default"), or
 * undefined when no runtime has loaded the plugin with that name. After `runtime.close()` the
 * last numbers stay readable until a new runtime registers the same name.
 */
export function getMetricsSnapshot(name = "default"): MetricsSnapshot | undefined {
  return collectors.get(name)?.collector.snapshot();
}
