import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, type Stats, statSync } from "node:fs";
import { isSameOrAncestor } from "./path-safety";

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
export function readBoundedBytes(file: string, maxBytes: number, options: { readonly noFollow?: boolean } = {}): Buffer {
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
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (options.noFollow ? (constants.O_NOFOLLOW ?? 0) : 0));
  } catch (err) {
    if (options.noFollow && err instanceof Error && "code" in err && err.code === "ELOOP") throw symlinkRefused();
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

/** What the synth-output reader reads inside its folder: the default of readBoundedTextWithin's `reads`. */
const SYNTH_FILES = "the files a synth wrote";

function symlinkRefused(reads = SYNTH_FILES): BoundedReadError {
  return new BoundedReadError(`is a symbolic link; golive reads only ${reads}, never where a link leads`);
}

/**
 * readBoundedText for a file of a folder (`root`: a synth output, the runbooks folder, the repository
 * holding CODEOWNERS): refused, naming why, when the file is a symbolic link or its real path (links in
 * the folders on the way followed) lies outside root's, so a planted link can never make golive read,
 * and quote, a file elsewhere (/etc/passwd). `reads` names what the caller reads there, for those
 * refusals ("golive reads only <reads> …").
 */
export function readBoundedTextWithin(file: string, root: string, maxBytes: number, reads: string = SYNTH_FILES): string {
  let real: string;
  try {
    if (lstatSync(file).isSymbolicLink()) throw symlinkRefused(reads);
    real = realpathSync(file);
  } catch (err) {
    if (err instanceof BoundedReadError) throw err;
    throw new BoundedReadError("cannot read the file (does it exist?)");
  }
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    throw new BoundedReadError("cannot read the file (its folder does not exist)");
  }
  if (real === realRoot || !isSameOrAncestor(realRoot, real))
    throw new BoundedReadError(`leads to ${real}, outside the folder ${realRoot}; golive reads only ${reads} there`);
  return new TextDecoder("utf-8").decode(readBoundedBytes(file, maxBytes, { noFollow: true }));
}
