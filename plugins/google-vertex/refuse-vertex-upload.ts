import { InvalidRequestError } from "../../src/index.js";
import type { GoogleFileUploader } from "../google/resolve-google-media.js";

/**
 * The uploader of a Vertex AI request: there is none. The Files API belongs to the Gemini API only
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/send-request-multimodal: Vertex
 * reads inline data, Cloud Storage gs:// URIs and https URLs), so a file that does not fit the
 * inline budget is refused before anything is sent, with the way out.
 */
export function refuseVertexUpload(
  target: { provider: string; model: string },
  inlineMaxBytes: number,
): GoogleFileUploader {
  return async ({ bytes, displayName }) => {
    const name = displayName ? `${displayName} ` : "";
    throw new InvalidRequestError(
      `the file ${name}(${bytes.length} bytes) does not fit the request's inline budget of ${inlineMaxBytes} bytes, and Vertex AI has no Files API`,
      {
        ...target,
        fix: 'upload the file to Cloud Storage and send its URI as a file part, {"type":"file","file":{"file_id":"gs://bucket/name.pdf"}}, or raise inlineMaxBytes within Vertex AI\'s request size limit',
      },
    );
  };
}
