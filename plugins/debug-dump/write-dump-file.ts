import * as fs from "node:fs/promises";
import * as path from "node:path";

/** The file operations the dump writer needs; injected so tests can make them fail. */
export interface DumpFileSystem {
  mkdir(directory: string, options: { recursive: true; mode: number }): Promise<unknown>;
  /** Creates `file` exclusively (`wx`) with `mode` and writes `text`. */
  createFile(file: string, text: string, mode: number): Promise<void>;
  readdir(directory: string): Promise<string[]>;
  unlink(file: string): Promise<void>;
}

export const NODE_DUMP_FILE_SYSTEM: DumpFileSystem = {
  mkdir: (directory, options) => fs.mkdir(directory, options),
  async createFile(file, text, mode) {
    // `wx` fails if anything exists at the path, a planted symlink included, so nothing outside
    // the directory is ever written through it.
    const handle = await fs.open(file, "wx", mode);
    try {
      // The umask may only have removed bits from `mode`; set it exactly anyway.
      await handle.chmod(mode);
      await handle.writeFile(text, "utf8");
    } finally {
      await handle.close();
    }
  },
  readdir: (directory) => fs.readdir(directory),
  unlink: (file) => fs.unlink(file),
};

/** Names this plugin gives its files; only such files are ever deleted when pruning. */
const DUMP_FILE_NAME = /^llm-dump-\d{8}T\d{9}Z-[A-Za-z0-9-]{1,64}\.json$/;

/**
 * `llm-dump-<UTC time to the millisecond>-<request id>.json`: made from the clock and the
 * kernel's request id only (never from input), kept to safe characters, and sorting by time.
 */
export function dumpFileName(requestId: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:.]/g, "");
  const id = requestId.replace(/[^A-Za-z0-9-]/g, "").slice(0, 64) || "request";
  return `llm-dump-${stamp}-${id}.json`;
}

export interface DumpFileRequest {
  /** Absolute folder, already resolved against the config's folder. */
  directory: string;
  text: string;
  requestId: string;
  now: number;
  maxFiles: number;
}

/**
 * Writes one dump file (mode 0600; the folder is created with mode 0700 when missing), then
 * deletes this plugin's oldest files beyond `maxFiles`. Returns the file's path.
 */
export async function writeDumpFile(request: DumpFileRequest, fileSystem: DumpFileSystem): Promise<string> {
  await fileSystem.mkdir(request.directory, { recursive: true, mode: 0o700 });
  const file = path.join(request.directory, dumpFileName(request.requestId, request.now));
  await fileSystem.createFile(file, request.text, 0o600);
  await pruneDumpFiles(request.directory, request.maxFiles, fileSystem);
  return file;
}

/** Deletes the oldest dump files (by name, which sorts by time) beyond `maxFiles`. */
export async function pruneDumpFiles(
  directory: string,
  maxFiles: number,
  fileSystem: DumpFileSystem,
): Promise<void> {
  const names = (await fileSystem.readdir(directory)).filter((name) => DUMP_FILE_NAME.test(name)).sort();
  for (const name of names.slice(0, Math.max(0, names.length - maxFiles))) {
    // Another process pruning the same folder may have deleted it first.
    await fileSystem.unlink(path.join(directory, name)).catch(() => undefined);
  }
}
