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
