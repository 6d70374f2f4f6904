import { closeSync, constants, fstatSync, openSync, readSync, type Stats, statSync } from "node:fs";

/** Why a file could not be read within its bounds: one line, naming what was found. */
export class BoundedReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BoundedReadError";
  }
}

function fileKind(stat: Stats): string {
  if (stat.isDirectory()) return "a directory";
  if (stat.isFIFO()) return "a FIFO (named pipe)";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * The bytes of a file, read so that no file can hang or flood the reader: only a regular file (stat
 * first, so a FIFO or device is refused without being opened for reading), at most `maxBytes`, opened
 * non-blocking and checked again on the open descriptor (a file swapped for a FIFO in between is still
 * refused).
 */
export function readBoundedBytes(file: string, maxBytes: number): Buffer {
  const notRegular = (stat: Stats) => new BoundedReadError(`is ${fileKind(stat)}, not a regular file`);
  const tooBig = (size: string) => new BoundedReadError(`is ${size}; allowed: at most ${maxBytes} bytes`);
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch {
    throw new BoundedReadError("cannot read the file (does it exist?)");
  }
  if (!stat.isFile()) throw notRegular(stat);
  if (stat.size > maxBytes) throw tooBig(`${stat.size} bytes`);
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    throw new BoundedReadError("cannot read the file (permissions?)");
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) throw notRegular(opened);
    // Sized to the file, not to the bound (a 100 MB bound cost 100 MB of zeroed memory per read); a file
    // that grew since fstat is read on, up to one byte past the bound.
    let buffer = Buffer.allocUnsafe(Math.min(opened.size, maxBytes) + 1);
    let length = 0;
    for (let n = 1; n > 0 && length <= maxBytes; length += n) {
      if (length === buffer.length) buffer = Buffer.concat([buffer], Math.min(maxBytes + 1, buffer.length * 2));
      n = readSync(fd, buffer, length, buffer.length - length, length);
    }
    if (length > maxBytes) throw tooBig("larger than that");
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** readBoundedBytes as text. Bytes that are not UTF-8 become U+FFFD; callers that care refuse those. */
export function readBoundedText(file: string, maxBytes: number): string {
  return new TextDecoder("utf-8").decode(readBoundedBytes(file, maxBytes));
}
