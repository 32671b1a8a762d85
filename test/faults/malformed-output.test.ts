/**
 * A provider plugin (here a third-party one) whose client returns an output breaking the LLMOutput
 * contract: a typed provider_error, never an empty success, from generateResponse and from a stream.
 */
import { expect } from "chai";
import { PROMPT, useFaultHarness } from "./support/fault-harness.js";
import { faultFixture } from "./support/fixture-path.js";

const MALFORMED = ["undefined", "empty", "content-42", "no-usage", "bad-finish", "bad-call"];

describe("faults: a provider plugin returning a malformed output", function () {
  this.timeout(20_000);
  const harness = useFaultHarness();

  for (const model of MALFORMED) {
    harness.test(`an output "${model}" is a typed provider_error, streaming or not`, async () => {
      const runtime = await harness.createRuntime({
        config: {
          plugins: [{ use: faultFixture("malformed-output-plugin.mjs") }],
          providers: { odd: { type: "malformed", apiKey: "not-a-real-key-0000" } },
          clients: { default: { provider: "odd", model } },
        },
      });
      const client = runtime.client();
      const error = await harness.failure(client.generateResponse(PROMPT));
      expect(error).to.include({ code: "provider_error", providerCode: "malformed_output" });
      expect(error.message).to.include("malformed output");
      const streamed = await harness.stream(client.streamResponse(PROMPT));
      expect(streamed.error).to.include({ code: "provider_error", providerCode: "malformed_output" });
    });
  }
});
