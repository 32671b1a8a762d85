import { expect } from "chai";
import { HEALTH_OPTIONS_SCHEMA } from "../../../plugins/health/health-options.js";
import { createRuntime } from "../../../src/index.js";
import { expectDocumentedOptions, expectSchemaFileMatches } from "../../resilience/check-options-schema.js";
import { expectError, rejection } from "../../resilience/expect-failure.js";

describe("the health plugin's options schema", () => {
  it("is the one written to schemas/health.options.schema.json", () => {
    expectSchemaFileMatches(
      HEALTH_OPTIONS_SCHEMA,
      new URL("../../../schemas/health.options.schema.json", import.meta.url),
    );
  });

  it("gives every option a description and a default, and closes the object", () => {
    expectDocumentedOptions(HEALTH_OPTIONS_SCHEMA);
    expect(HEALTH_OPTIONS_SCHEMA.additionalProperties).to.equal(false);
  });

  it("defaults to 5 failures in a row or 50 % of 20 calls in 30 s, 30 s cooldowns doubling up to 5 min, a 20 % retry budget, memory store", () => {
    const { properties } = HEALTH_OPTIONS_SCHEMA;
    expect([
      properties.consecutiveFailures.default,
      properties.failureRateThreshold.default,
      properties.minCallsInWindow.default,
      properties.failureWindowMs.default,
      properties.cooldownMs.default,
      properties.cooldownBackoffFactor.default,
      properties.maxCooldownMs.default,
      properties.retryBudgetRatio.default,
      properties.retryBudgetMinRetries.default,
      properties.store.default,
    ]).to.deep.equal([5, 0.5, 20, 30_000, 30_000, 2, 300_000, 0.2, 3, "memory"]);
  });

  it("refuses a typo or a bad value at startup, naming the option", async () => {
    for (const options of [{ cooldownMS: 1000 }, { store: "postgres" }, { redisUrl: "http://redis" }]) {
      const error = await rejection(
        createRuntime({
          config: {
            plugins: ["scripted", { use: "health", options }],
            providers: { mock: { type: "scripted", rules: [] } },
            clients: { default: { provider: "mock", model: "m" } },
          },
          env: {},
        }),
      );
      expectError(error, "PluginError");
      expect(error.message).to.match(/cooldownMS|store|redisUrl/);
    }
  });
});
