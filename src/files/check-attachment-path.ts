import { isAbsolute, relative, resolve, sep } from "node:path";
import { AttachmentError } from "../errors/loading-errors.js";
import type { AttachmentFileSystem } from "./attachment-file-system.js";

const PATH_FIX = "pass a filesystem path to an existing file";

/**
 * Folders never read, whatever the allowed roots: process and kernel state (/proc/self/environ
 * holds every API key of the environment), and device files. Checked on the real path.
 */
const SYSTEM_FOLDERS = process.platform === "win32" ? [] : ["/proc", "/sys", "/dev"];

/** Whether `candidate` is `root` itself or lies below it (both already real paths). */
function isWithin(root: string, candidate: string): boolean {
  const path = relative(root, candidate);
  return path === "" || (!path.startsWith(`..${sep}`) && path !== ".." && !isAbsolute(path));
}

function refuseMalformed(filePath: string): void {
  if (filePath.length === 0) throw new AttachmentError(filePath, "the path is empty", { fix: PATH_FIX });
  if (filePath.includes("\0"))
    throw new AttachmentError(filePath, "the path holds a NUL byte", { fix: PATH_FIX });
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(filePath)) {
    throw new AttachmentError(filePath, "the path is a URL, not a filesystem path", { fix: PATH_FIX });
  }
}

/**
 * Resolves `filePath` to its real path (symlinks followed) and refuses it, before anything is
 * opened, when it is malformed, missing, under /proc, /sys or /dev, or outside every allowed root
 * (the working folder when none is given; roots are real-pathed too, so a symlink inside a root
 * that points outside it is refused).
 */
export async function resolveAttachmentPath(
  filePath: string,
  allowedRoots: readonly string[],
  fileSystem: AttachmentFileSystem,
): Promise<string> {
  refuseMalformed(filePath);
  let real: string;
  try {
    real = await fileSystem.realpath(resolve(filePath));
  } catch (cause) {
    throw new AttachmentError(filePath, "the file does not exist or cannot be reached", {
      fix: PATH_FIX,
      cause,
    });
  }
  const system = SYSTEM_FOLDERS.find((folder) => isWithin(folder, real));
  if (system !== undefined) {
    throw new AttachmentError(filePath, `the file is under ${system}, which is never attached`, {
      fix: "copy what you mean to attach into a regular file inside the allowed roots",
    });
  }
  const named = allowedRoots.length > 0 ? allowedRoots : [process.cwd()];
  const roots = await Promise.all(
    named.map((root) => fileSystem.realpath(resolve(root)).catch(() => resolve(root))),
  );
  if (roots.some((root) => isWithin(root, real))) return real;
  throw new AttachmentError(filePath, `the file is outside the allowed roots (${named.join(", ")})`, {
    fix: "move the file into one of the allowed roots, or add its folder to files.allowedRoots in the config (by default only the working folder is allowed)",
  });
}
