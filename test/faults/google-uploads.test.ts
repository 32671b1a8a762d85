/**
 * A Gemini Files API upload that never answers, through createRuntime: it ends with the request's
 * deadline or its caller's abort, and an upload every waiting request left is never shared with a
 * later request for the same file.
 */
import { expect } from "chai";
import type { ChatMessage } from "../../src/index.js";
import {
  type FakeServer,
  GoogleFakeFilesApi,
  googleGenerateContentResponse,
  googleJsonReply,
  startFakeServer,
  validateGoogleRequest,
} from "../../src/testing/index.js";
import { useFaultHarness } from "./support/fault-harness.js";

/** Unique bytes per test: the upload cache is shared by the process. */
function pdfMessage(): ChatMessage {
  const bytes = Buffer.from(`%PDF-1.7 ${Math.random()} ${"report ".repeat(20)}`);
  return {
    role: "user",
    content: [
      { type: "text", text: "Summarise." },
      {
        type: "file",
        file: {
          filename: "report.pdf",
          file_data: `data:application/pdf;base64,${bytes.toString("base64")}`,
        },
      },
    ],
  };
}

describe("faults: Gemini file uploads", function () {
  this.timeout(20_000);
  const harness = useFaultHarness();
  let server: FakeServer;
  let files: GoogleFakeFilesApi;
  let hangUploads = true;

  beforeEach(async () => {
    hangUploads = true;
    files = new GoogleFakeFilesApi();
    server = await startFakeServer({
      validate: (request) => {
        if (request.path.startsWith("/upload/"))
          return hangUploads ? { kind: "hang" } : files.handle(request);
        return validateGoogleRequest(request, files);
      },
    });
  });
  afterEach(() => server.close());

  async function openClient(timeoutMs = 30_000) {
    const runtime = await harness.createRuntime({
      config: {
        plugins: ["google"],
        providers: {
          gemini: {
            type: "google",
            apiKey: harness.canaries.google,
            baseURL: server.url,
            inlineMaxBytes: 16,
          },
        },
        clients: { default: { provider: "gemini", model: "gemini-2.5-flash", timeoutMs } },
      },
    });
    return runtime.client();
  }

  harness.test("a hung upload ends at the request's deadline with a TimeoutError", async () => {
    const client = await openClient(1_000);
    const started = performance.now();
    const error = await harness.failure(client.generateResponse([pdfMessage()]));
    expect(error.name).to.equal("TimeoutError");
    expect(performance.now() - started).to.be.below(4_000);
  });

  harness.test("a hung upload ends at the caller's abort, streaming too", async () => {
    const client = await openClient();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const { error } = await harness.stream(
      client.streamResponse([pdfMessage()], undefined, undefined, { signal: controller.signal }),
    );
    expect(error?.name).to.equal("AbortError");
  });

  harness.test(
    "an abandoned upload is not shared: the next request for the file uploads afresh",
    async () => {
      const client = await openClient();
      const message = pdfMessage();
      const controller = new AbortController();
      const first = harness.failure(
        client.generateResponse([message], undefined, undefined, { signal: controller.signal }),
      );
      await server.waitForRequests(1);
      controller.abort();
      expect((await first).name).to.equal("AbortError");
      const hung = server.requests.find((request) => request.path.startsWith("/upload/"));
      await waitUntil(() => hung?.clientDisconnected === true);

      hangUploads = false;
      server.enqueue(googleJsonReply(googleGenerateContentResponse({ text: "A report." })));
      const output = await client.generateResponse([message]);
      expect(output.content).to.equal("A report.");
      expect(files.files).to.have.length(1);
    },
  );

  harness.test(
    "a request that joins a pending upload and leaves does not stop it for the others",
    async () => {
      const client = await openClient();
      const message = pdfMessage();
      const leaving = new AbortController();
      const staying = client.generateResponse([message]);
      const left = harness.failure(
        client.generateResponse([message], undefined, undefined, { signal: leaving.signal }),
      );
      await server.waitForRequests(1);
      leaving.abort();
      expect((await left).name).to.equal("AbortError");
      const hung = server.requests.find((request) => request.path.startsWith("/upload/"));
      expect(hung?.clientDisconnected, "the upload the other request waits on goes on").to.equal(false);
      // Let the staying request end: the server closes the hung upload, the upload fails.
      await server.close();
      await harness.failure(staying);
    },
  );
});

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 5_000) throw new Error("condition not met in 5 s");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
