import { AttachmentError } from "../errors/loading-errors.js";
import type { AttachmentFileSystem } from "./attachment-file-system.js";

const CHUNK_BYTES = 64 * 1024;

function tooLarge(filePath: string, size: string, maxBytes: number): AttachmentError {
  return new AttachmentError(filePath, `the file is ${size} bytes, over the limit of ${maxBytes} bytes`, {
    fix: "attach a smaller file, or raise files.maxBytes in the config",
  });
}

/**
 * Reads a file already resolved inside the allowed roots. It is refused before opening when `stat`
 * says it is not a regular file (directory, FIFO, device) or is over `maxBytes`; after opening, when
 * it is no longer the file that was checked; and while reading, when it grows past `maxBytes`.
 */
export async function readAttachmentBytes(
  filePath: string,
  realPath: string,
  maxBytes: number,
  fileSystem: AttachmentFileSystem,
): Promise<Buffer> {
  const checked = await fileSystem.stat(realPath);
  if (!checked.isFile()) {
    throw new AttachmentError(filePath, "not a regular file (a directory, device or pipe)", {
      fix: "attach a regular file",
    });
  }
  if (checked.size > maxBytes) throw tooLarge(filePath, String(checked.size), maxBytes);
  let handle: Awaited<ReturnType<AttachmentFileSystem["open"]>>;
  try {
    handle = await fileSystem.open(realPath);
  } catch (cause) {
    throw new AttachmentError(filePath, "the file could not be opened", {
      fix: "check the file's permissions",
      cause,
    });
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || opened.ino !== checked.ino || opened.dev !== checked.dev) {
      throw new AttachmentError(filePath, "the file changed between the check and the read", {
        fix: "attach the file again once nothing is replacing it",
      });
    }
    return await readCapped(handle, filePath, maxBytes);
  } finally {
    await handle.close();
  }
}

/** Reads at most `maxBytes + 1` bytes, so a file that grew after `stat` is caught, not read whole. */
async function readCapped(
  handle: Awaited<ReturnType<AttachmentFileSystem["open"]>>,
  filePath: string,
  maxBytes: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buffer = Buffer.alloc(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    chunks.push(buffer.subarray(0, bytesRead));
    total += bytesRead;
    if (total > maxBytes) throw tooLarge(filePath, `more than ${maxBytes}`, maxBytes);
  }
}
