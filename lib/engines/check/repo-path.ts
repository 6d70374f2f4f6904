import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, relative, sep } from "node:path";

/** `path` relative to `root` with "/" separators, or undefined when it is not inside root. */
function within(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel === "") return ".";
  return isAbsolute(rel) || rel.split(sep)[0] === ".." ? undefined : rel.split(sep).join("/");
}

/** The nearest folder at or above `path` that holds `.git`: the root of the checkout it is in. */
function checkoutRoot(path: string): string | undefined {
  for (let dir = path; ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * A folder as a repository finding names it (GL-REL-003's runbooks): relative to the repository, as
 * GL-SEC-009 names CODEOWNERS relative to --repo-dir, so the name (and the SARIF fingerprint built from
 * it) is the same wherever check runs, and code scanning can match it to a committed path. GitHub reads
 * an artifactLocation.uri best as "a relative path from the root of the GitHub repository" (SARIF support
 * for code scanning). The root is `repoDir` when the folder is inside it, else the checkout holding the
 * folder (CI's review passes the pull request's runbooks from its own checkout beside the default
 * branch's); a folder in no repository is named relative to the working directory, never absolutely.
 */
export function repositoryPath(path: string, repoDir: string, cwd: string): string {
  const root = checkoutRoot(path);
  return (
    within(repoDir, path) ?? (root === undefined ? undefined : within(root, path)) ?? (relative(cwd, path).split(sep).join("/") || ".")
  );
}
