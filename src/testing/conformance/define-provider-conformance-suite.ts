import type { ConformanceAdapter } from "./conformance-adapter.js";
import { type ConformanceContext, globalTestApi, type TestApi } from "./conformance-context.js";
import { declareErrorCases } from "./declare-error-cases.js";
import { declareOutputCases } from "./declare-output-cases.js";
import { declareStreamCases } from "./declare-stream-cases.js";
import {
  type ConformanceHarness,
  createCanaryKey,
  openConformanceHarness,
} from "./open-conformance-harness.js";

export interface ConformanceSuiteOptions {
  /** describe/it/beforeEach/afterEach to declare the cases with (default: the runner's globals). */
  testApi?: TestApi;
}

/**
 * Declares the provider conformance suite for one provider plugin: every case goes through
 * `createRuntime` and the plugin's real SDK to the provider's fake server, and checks both the
 * `LLMOutput` (or the typed error) and what reached the wire. Call it at the top level of a test file.
 */
export function defineProviderConformanceSuite(
  adapter: ConformanceAdapter,
  options: ConformanceSuiteOptions = {},
): void {
  const testApi = options.testApi ?? globalTestApi();
  const canary = createCanaryKey();
  let current: ConformanceHarness | undefined;
  let extras: ConformanceHarness[] = [];
  const context: ConformanceContext = {
    adapter,
    canary,
    testApi,
    harness: () => {
      if (!current) throw new Error("the conformance harness is open only inside a case");
      return current;
    },
    openHarness: async (harnessOptions) => {
      const harness = await openConformanceHarness(adapter, canary, harnessOptions);
      extras.push(harness);
      return harness;
    },
  };
  testApi.describe(`provider conformance: ${adapter.name}`, () => {
    testApi.beforeEach(async () => {
      current = await openConformanceHarness(adapter, canary);
    });
    testApi.afterEach(async () => {
      const open = [...extras, ...(current ? [current] : [])];
      extras = [];
      current = undefined;
      await Promise.all(open.map((harness) => harness.close()));
    });
    declareOutputCases(context);
    declareErrorCases(context);
    declareStreamCases(context);
  });
}
