import { isAbsolute, relative, resolve, sep } from "node:path";
import { AttachmentError } from "../errors/loading-errors.js";
import type { AttachmentFileSystem } from "./attachment-file-system.js";

const PATH_FIX = "pass a filesystem path to an existing file";

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
 * opened, when it is malformed, missing, or outside every allowed root (roots are real-pathed too,
 * so a symlink inside a root that points outside it is refused).
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
  if (allowedRoots.length === 0) return real;
  const roots = await Promise.all(
    allowedRoots.map((root) => fileSystem.realpath(resolve(root)).catch(() => resolve(root))),
  );
  if (roots.some((root) => isWithin(root, real))) return real;
  throw new AttachmentError(filePath, `the file is outside the allowed roots (${allowedRoots.join(", ")})`, {
    fix: "move the file into one of the allowed roots, or add its folder to files.allowedRoots in the config",
  });
}
