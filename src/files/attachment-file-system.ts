import { constants, promises as fs } from "node:fs";

/**
 * The filesystem calls an attachment read makes, injectable so tests can prove what was (and was
 * not) opened. Only `open` touches file contents; `realpath` and `stat` read metadata.
 */
export interface AttachmentFileSystem {
  realpath(path: string): Promise<string>;
  stat(path: string): Promise<{ isFile(): boolean; size: number; dev: number; ino: number }>;
  /** Opens for reading without following a final symlink and without blocking on a FIFO. */
  open(path: string): Promise<fs.FileHandle>;
}

export const nodeAttachmentFileSystem: AttachmentFileSystem = {
  realpath: (path) => fs.realpath(path),
  stat: (path) => fs.stat(path),
  open: (path) => fs.open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK),
};
