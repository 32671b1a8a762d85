/**
 * Fault class J of docs/reliability.md: hostile attachment paths and files, through the public
 * `client.formatUserMessageWithFile` of a runtime whose config sets `files.allowedRoots` and
 * `files.maxBytes`. AttachmentAccessError and AttachmentTooLargeError are AttachmentError (code
 * `attachment`, src/errors). "Before any open" is shown with a FIFO: opening one blocks until a
 * writer comes, so a path that reached `open` would hang the test instead of failing fast.
 * The check-then-swap race (J2) and a file growing while read (J4) need an injected file system
 * and are tested in test/files/; J5 is listed in NOT-COVERED.md.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import type { LLMClient } from "../../src/index.js";
import { useFaultHarness } from "./support/fault-harness.js";

const MAX_BYTES = 4096;
const FAST_MS = 1000;

describe("faults J: file attachments", function () {
  this.timeout(20_000);
  const harness = useFaultHarness();
  let folder = "";
  let root = "";
  let outside = "";

  beforeEach(async () => {
    folder = await mkdtemp(path.join(tmpdir(), "llm-faults-files-"));
    root = path.join(folder, "root");
    outside = path.join(folder, "outside");
    await mkdir(root);
    await mkdir(outside);
    await writeFile(path.join(root, "notes.txt"), "inside the root");
    await writeFile(path.join(outside, "secret.txt"), "outside the root");
    execFileSync("mkfifo", [path.join(outside, "secret.fifo")]);
    execFileSync("mkfifo", [path.join(root, "pipe.fifo")]);
    await symlink(path.join(outside, "secret.fifo"), path.join(root, "escape-link"));
    await mkdir(path.join(root, "folder"));
    await writeFile(path.join(root, "big.txt"), "x".repeat(MAX_BYTES + 1));
    await writeFile(path.join(root, "fake.png"), "not a png at all");
    await writeFile(path.join(root, "evil\nname\u0007.txt"), "ordinary text");
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function clientWithRoots(allowedRoots: string[]): Promise<LLMClient> {
    const runtime = await harness.createRuntime({
      config: {
        plugins: ["openai"],
        providers: {
          openai: { type: "openai", apiKey: harness.canaries.openai, baseURL: "http://127.0.0.1:9/v1" },
        },
        clients: { default: { provider: "openai", model: "gpt-4o" } },
        files: { allowedRoots, maxBytes: MAX_BYTES },
      },
    });
    return runtime.client();
  }

  /** The attachment error for `filePath`, reached fast (a hang means the file was opened). */
  async function refusal(client: LLMClient, filePath: string, mimeType = "text/plain") {
    const startedAt = performance.now();
    const error = await harness.failure(
      client.formatUserMessageWithFile("read this", filePath, mimeType, 1000),
    );
    expect(performance.now() - startedAt, "refused without reading").to.be.below(FAST_MS);
    expect(error.code).to.equal("attachment");
    return error;
  }

  const outsidePaths: Array<[string, () => string]> = [
    ["../ out of the root", () => path.join(root, "..", "outside", "secret.fifo")],
    ["an absolute path outside the root", () => path.join(outside, "secret.fifo")],
    ["/etc/passwd", () => "/etc/passwd"],
    ["~/.ssh/id_rsa", () => "~/.ssh/id_rsa"],
    ["%2e%2e%2f (never URL-decoded)", () => path.join(root, "%2e%2e%2foutside%2fsecret.txt")],
    ["a NUL byte", () => `${path.join(root, "notes.txt")}\0.png`],
    ["C:\\ (a Windows path)", () => "C:\\Windows\\win.ini"],
    ["a UNC path", () => "\\\\host\\share\\secret.txt"],
    ["a file:// URL", () => `file://${path.join(outside, "secret.txt")}`],
    ["/proc/self/environ", () => "/proc/self/environ"],
    ["a symlink inside the root pointing outside (J2)", () => path.join(root, "escape-link")],
  ];
  for (const [fault, filePath] of outsidePaths) {
    harness.test(`J1 ${fault} is refused before anything is opened`, async () => {
      await refusal(await clientWithRoots([root]), filePath());
    });
  }

  const notRegular: Array<[string, () => string]> = [
    ["a directory", () => path.join(root, "folder")],
    ["a FIFO", () => path.join(root, "pipe.fifo")],
  ];
  for (const [fault, filePath] of notRegular) {
    harness.test(`J3 ${fault} is refused by its file type, never read`, async () => {
      const error = await refusal(await clientWithRoots([root]), filePath());
      expect(error.message).to.include("not a regular file");
    });
  }

  for (const device of ["/dev/zero", "/dev/random", "/proc/self/environ", "/sys/kernel/notes"]) {
    harness.test(`J3 ${device} is refused even when the allowed roots hold it ("/")`, async () => {
      const error = await refusal(await clientWithRoots(["/"]), device);
      expect(error.message).to.match(/is under \/(dev|proc|sys), which is never attached/);
    });
  }

  harness.test(
    "J1 with no allowedRoots, only the working folder is readable, never /proc/self/environ",
    async () => {
      const runtime = await harness.createRuntime({
        cwd: root,
        env: { OPENAI_API_KEY: harness.canaries.openai },
        config: {
          plugins: ["openai"],
          providers: { openai: { type: "openai", baseURL: "http://127.0.0.1:9/v1" } },
          clients: { default: { provider: "openai", model: "gpt-4o" } },
        },
      });
      const client = runtime.client();
      const inside = await client.formatUserMessageWithFile(
        "read",
        path.join(root, "notes.txt"),
        "text/plain",
        100,
      );
      expect(JSON.stringify(inside.content)).to.include("inside the root");
      const environ = await refusal(client, "/proc/self/environ");
      expect(environ.message).to.not.include(harness.canaries.openai);
      const elsewhere = await refusal(client, path.join(outside, "secret.txt"));
      expect(elsewhere.message).to.include("outside the allowed roots");
    },
  );

  for (const maxTextLength of [Number.NaN, -1, 2.5, "10"]) {
    harness.test(`maxTextLength ${String(maxTextLength)} is refused with a typed error`, async () => {
      const client = await clientWithRoots([root]);
      const error = await harness.failure(
        client.formatUserMessageWithFile(
          "read",
          path.join(root, "notes.txt"),
          "text/plain",
          maxTextLength as number,
        ),
      );
      expect(error.code).to.equal("attachment");
      expect(error.message).to.include("maxTextLength");
    });
  }

  harness.test("without a MIME type, the extension decides; an unknown one is a typed error", async () => {
    const client = await clientWithRoots([root]);
    const text = await client.formatUserMessageWithFile("read", path.join(root, "notes.txt"), undefined, 100);
    expect(JSON.stringify(text.content)).to.include("(text/plain)");
    const fake = await refusal(client, path.join(root, "fake.png"), "");
    expect(fake.message).to.include("not image/png");
    await writeFile(path.join(root, "data.xyz"), "bytes");
    const unknown = await harness.failure(
      client.formatUserMessageWithFile("read", path.join(root, "data.xyz"), undefined, 100),
    );
    expect(unknown).to.include({ code: "attachment" });
    expect(unknown.message).to.include("no MIME type was given");
  });

  harness.test("J4 a file over files.maxBytes is refused from its size, before reading", async () => {
    const error = await refusal(await clientWithRoots([root]), path.join(root, "big.txt"));
    expect(error.message).to.include(`over the limit of ${MAX_BYTES} bytes`);
  });

  harness.test(
    "J6 contents that do not match the declared type, or a type no provider takes, are refused",
    async () => {
      const client = await clientWithRoots([root]);
      const mismatch = await refusal(client, path.join(root, "fake.png"), "image/png");
      expect(mismatch.message).to.include("not image/png");
      const unsupported = await refusal(client, path.join(root, "notes.txt"), "application/x-msdownload");
      expect(unsupported.message).to.include("cannot be attached");
    },
  );

  harness.test(
    "J7 a file name with a newline and control characters is escaped in the prompt and in errors",
    async () => {
      const client = await clientWithRoots([root]);
      const file = path.join(root, "evil\nname\u0007.txt");
      const message = await client.formatUserMessageWithFile("read this", file, "text/plain", 1000);
      const parts = Array.isArray(message.content) ? message.content : [];
      const attached = parts.map((part) => ("text" in part ? part.text : "")).join("\n");
      expect(attached).to.include("File evil\\nname\\u0007.txt (text/plain):\nordinary text");
      const error = await refusal(client, file, "image/png");
      expect(error.message).to.include("evil\\nname\\u0007.txt");
      expect(error.message).to.not.include("\u0007");
    },
  );
});
