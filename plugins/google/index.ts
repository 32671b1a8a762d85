import { definePlugin } from "../../src/index.js";
import { createGoogleProviderFactory } from "./google-client.js";
import { googleInstanceSchema } from "./google-instance-schema.js";
import { GOOGLE_PROVIDER_TYPE } from "./google-thought-signatures.js";
import { GOOGLE_TOOL_CALL_IDS } from "./google-tool-call-id.js";
import { GOOGLE_NATIVE_PARAMS } from "./map-google-params.js";

export { googleInstanceSchema } from "./google-instance-schema.js";
export { GOOGLE_TOOL_CALL_IDS } from "./google-tool-call-id.js";

/** The Google Gemini provider, type `google`, through @google/genai (imported only when an instance is built). */
export default definePlugin({
  name: "google",
  apiVersion: 2,
  optionsSchema: { type: "object", properties: {}, additionalProperties: false },
  setup(context) {
    context.registerProvider(GOOGLE_PROVIDER_TYPE, createGoogleProviderFactory(), {
      instanceSchema: googleInstanceSchema,
      apiKeyEnv: ["GEMINI_API_KEY", "GOOGLE_API_KEY"],
      nativeParams: GOOGLE_NATIVE_PARAMS,
      toolCallIds: GOOGLE_TOOL_CALL_IDS,
    });
  },
});
