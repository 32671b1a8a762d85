import { mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { dumpFileName, NODE_DUMP_FILE_SYSTEM, writeDumpFile } from "../../../plugins/debug-dump/index.js";

const NOW = Date.UTC(2026, 10, 25, 16, 11, 33, 123);

describe("debug-dump: dump files", () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "llm-dump-test-"));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("names a file from the time and the request id only, in safe characters", () => {
    expect(dumpFileName("0f8e-42", NOW)).to.equal("llm-dump-20261125T161133123Z-0f8e-42.json");
    expect(dumpFileName("../../etc/passwd", NOW)).to.equal("llm-dump-20261125T161133123Z-etcpasswd.json");
    expect(dumpFileName("", NOW)).to.equal("llm-dump-20261125T161133123Z-request.json");
  });

  it("creates the folder (0700) and the file (0600) holding the text", async () => {
    const directory = path.join(root, "nested", "dumps");
    const file = await writeDumpFile(
      { directory, text: "{}\n", requestId: "r1", now: NOW, maxFiles: 5 },
      NODE_DUMP_FILE_SYSTEM,
    );
    expect(path.dirname(file)).to.equal(directory);
    expect(await readFile(file, "utf8")).to.equal("{}\n");
    expect((await stat(file)).mode & 0o777).to.equal(0o600);
    expect((await stat(directory)).mode & 0o777).to.equal(0o700);
  });

  it("keeps at most maxFiles dumps, deleting the oldest and never another file", async () => {
    await writeFile(path.join(root, "notes.txt"), "mine");
    for (let index = 0; index < 5; index++) {
      const request = { directory: root, text: "{}", requestId: `r${index}`, now: NOW + index, maxFiles: 3 };
      await writeDumpFile(request, NODE_DUMP_FILE_SYSTEM);
    }
    const names = (await readdir(root)).sort();
    expect(names).to.deep.equal([
      "llm-dump-20261125T161133125Z-r2.json",
      "llm-dump-20261125T161133126Z-r3.json",
      "llm-dump-20261125T161133127Z-r4.json",
      "notes.txt",
    ]);
  });

  it("refuses to write through a symlink planted at the file's name", async () => {
    const outside = path.join(root, "outside.txt");
    await writeFile(outside, "untouched");
    const dumps = path.join(root, "dumps");
    await writeDumpFile(
      { directory: dumps, text: "{}", requestId: "first", now: NOW, maxFiles: 5 },
      NODE_DUMP_FILE_SYSTEM,
    );
    await symlink(outside, path.join(dumps, dumpFileName("r1", NOW)));
    const attempt = writeDumpFile(
      { directory: dumps, text: "{}", requestId: "r1", now: NOW, maxFiles: 5 },
      NODE_DUMP_FILE_SYSTEM,
    );
    await attempt.then(
      () => expect.fail("expected the write to be refused"),
      (error: NodeJS.ErrnoException) => expect(error.code).to.equal("EEXIST"),
    );
    expect(await readFile(outside, "utf8")).to.equal("untouched");
  });
});
