/**
 * Gemini on Vertex AI: registers provider type `google-vertex`, served by @google/genai with
 * `vertexai: true` (`POST <endpoint>/v1beta1/projects/<project>/locations/<location>/publishers/
 * google/models/<model>:generateContent`), authenticated by Application Default Credentials or a
 * credentials file. Conversion is the google plugin's; Vertex has no Files API, so files go inline
 * or as gs:// URIs.
 */
import { definePlugin } from "../../src/index.js";
import { createVertexProviderClient } from "./vertex-client.js";
import { VERTEX_INSTANCE_SCHEMA, type VertexInstanceConfig } from "./vertex-instance-config.js";

export default definePlugin({
  name: "google-vertex",
  apiVersion: 2,
  optionsSchema: { type: "object", properties: {}, additionalProperties: false },
  setup(context) {
    context.registerProvider(
      "google-vertex",
      (instance, environment) =>
        createVertexProviderClient(instance as VertexInstanceConfig, {
          baseDir: context.baseDir,
          fetch: environment?.fetch,
        }),
      // OAuth access tokens from Google credentials, never an API key.
      { instanceSchema: VERTEX_INSTANCE_SCHEMA, requiresApiKey: false },
    );
  },
});
