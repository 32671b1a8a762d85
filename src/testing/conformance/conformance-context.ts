import type { ConformanceAdapter } from "./conformance-adapter.js";
import type { CanaryKey, ConformanceHarness, HarnessOptions } from "./open-conformance-harness.js";

/**
 * The BDD functions the suite declares its cases with. They default to the runner's globals
 * (mocha's, or any runner with the same names), so the package does not depend on a test runner.
 */
export interface TestApi {
  describe(title: string, body: () => void): void;
  it(title: string, body?: () => Promise<void>): void;
  beforeEach(body: () => Promise<void>): void;
  afterEach(body: () => Promise<void>): void;
}

/** What each group of cases shares: the adapter, the canary key and the current harness. */
export interface ConformanceContext {
  readonly adapter: ConformanceAdapter;
  readonly canary: CanaryKey;
  readonly testApi: TestApi;
  /** The harness opened for the running case. */
  harness(): ConformanceHarness;
  /** Opens an extra harness (a short timeout, more plugins); the suite closes it after the case. */
  openHarness(options: HarnessOptions): Promise<ConformanceHarness>;
}

export function globalTestApi(): TestApi {
  const globals = globalThis as unknown as Partial<TestApi>;
  const { describe, it, beforeEach, afterEach } = globals;
  if (!describe || !it || !beforeEach || !afterEach) {
    throw new TypeError(
      "defineProviderConformanceSuite needs describe/it/beforeEach/afterEach: run it under mocha, or pass options.testApi",
    );
  }
  return { describe, it, beforeEach, afterEach };
}
