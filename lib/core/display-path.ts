import { isAbsolute, relative, sep } from "node:path";

/**
 * A path as messages print it: relative to the working directory when inside it (as `git status`
 * does), absolute otherwise, so the same file reads the same in every command's output.
 */
export function displayPath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  if (rel === "") return ".";
  if (isAbsolute(rel) || rel.split(sep)[0] === "..") return file;
  return rel.split(sep).join("/");
}

/**
 * An error about one file whose message names it: `message` with the path as given, describe(cwd) with
 * it as messages show paths (displayPath), which the CLI prints.
 */
export class PathError extends Error {
  /** `say` words the problem around the file's name. */
  constructor(
    readonly file: string,
    readonly say: (file: string) => string,
  ) {
    super(say(file));
    this.name = "PathError";
  }

  /** The message with the file relative to the working directory `cwd` when inside it. */
  describe(cwd: string): string {
    return this.say(displayPath(cwd, this.file));
  }
}
