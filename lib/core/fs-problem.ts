/** What a file-system error code means, in words a message can carry instead of the raw code. */
const WORDS: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "not permitted",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exceeded",
  ENAMETOOLONG: "a name in the path is too long",
  ENOTDIR: "a part of the path is a file, not a folder",
  ENOENT: "a folder of the path does not exist",
  EEXIST: "a file of that name is in the way",
  EISDIR: "it is a folder",
  ELOOP: "too many symbolic links",
  EXDEV: "it is on another file system",
  EBUSY: "it is busy",
};

/** `permission denied` for an EACCES error, and so on; the error's own message (without its code) otherwise. */
export function fsProblem(err: unknown): string {
  const code = err instanceof Error && "code" in err && typeof err.code === "string" ? err.code : undefined;
  if (code !== undefined && code in WORDS) return WORDS[code] as string;
  const message = err instanceof Error ? err.message : String(err);
  // Node's messages read `EXYZ: what, syscall 'path'`: the path is named by the caller already.
  return message.replace(/^[A-Z]+: /, "").replace(/, \w+ '.*'$/, "");
}
