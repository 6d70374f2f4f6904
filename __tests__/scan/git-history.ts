import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const NAME = "golive-test";
const EMAIL = "golive-test@example.com";

/** Runs git in `dir` as the test identity; throws with git's stderr when it fails. */
export function git(dir: string, ...args: string[]): string {
  const run = spawnSync("git", ["-c", `user.name=${NAME}`, "-c", `user.email=${EMAIL}`, "-c", "commit.gpgsign=false", ...args], {
    cwd: dir,
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`git ${args.join(" ")}: ${run.stderr}`);
  return run.stdout.trim();
}

/** One commit of a history written by `importHistory`. */
export interface HistoryCommit {
  /** The commit's message, and the name `parents` and the returned ids know it by (unique in one call). */
  readonly name: string;
  /** @default "main" */
  readonly branch?: string;
  /**
   * Names of earlier commits of the same call, or ids of commits already in the repository, first
   * parent first. A commit starts from its first parent's tree: a merge lists what it brings.
   * @default the previous commit of the call on the same branch; none: a root commit
   */
  readonly parents?: readonly string[];
  /** Files the commit adds or changes, by path. */
  readonly files?: Readonly<Record<string, string | Buffer>>;
  /** Paths the commit deletes. */
  readonly deletes?: readonly string[];
}

/**
 * Writes `commits` into the repository at `dir` with one `git fast-import` (built with git add, commit
 * and merge, one history took 40 git processes, each about 15 ms of CPU) and checks out HEAD (`reset
 * --hard`: files not in it are left as they are). Dates are fixed, so the ids are the same on each run.
 * Returns the id of a commit by its name.
 */
export function importHistory(dir: string, commits: readonly HistoryCommit[]): (name: string) => string {
  const marks = new Map<string, number>();
  const tips = new Map<string, string>();
  const chunks: Buffer[] = [];
  const line = (text: string) => chunks.push(Buffer.from(`${text}\n`));
  const data = (content: string | Buffer) => {
    const bytes = Buffer.from(content);
    line(`data ${bytes.length}`);
    chunks.push(bytes, Buffer.from("\n"));
  };
  const commitRef = (parent: string) => {
    const mark = marks.get(parent);
    if (mark !== undefined) return `:${mark}`;
    if (/^[0-9a-f]{40}$/.test(parent)) return parent;
    throw new Error(`importHistory: parent ${parent} is neither an earlier commit of this history nor a commit id`);
  };
  // fast-import reads a path up to the end of its line, unquoted unless it starts with a double quote.
  const path = (name: string) => {
    if (name.includes("\n") || name.startsWith('"')) throw new Error(`importHistory: path ${JSON.stringify(name)} needs quoting`);
    return name;
  };
  commits.forEach((commit, i) => {
    if (marks.has(commit.name)) throw new Error(`importHistory: two commits named ${commit.name}`);
    const branch = commit.branch ?? "main";
    const previous = tips.get(branch);
    const parents = (commit.parents ?? (previous === undefined ? [] : [previous])).map(commitRef);
    const when = `${1_700_000_000 + i * 60} +0000`;
    marks.set(commit.name, i + 1);
    tips.set(branch, commit.name);
    line(`commit refs/heads/${branch}`);
    line(`mark :${i + 1}`);
    line(`author ${NAME} <${EMAIL}> ${when}`);
    line(`committer ${NAME} <${EMAIL}> ${when}`);
    data(commit.name);
    const [first, ...merged] = parents;
    if (first !== undefined) line(`from ${first}`);
    for (const parent of merged) line(`merge ${parent}`);
    for (const [name, content] of Object.entries(commit.files ?? {})) {
      line(`M 100644 inline ${path(name)}`);
      data(content);
    }
    for (const name of commit.deletes ?? []) line(`D ${path(name)}`);
  });
  const marksFile = join(dir, ".git", "golive-import-marks");
  const run = spawnSync("git", ["fast-import", "--quiet", `--export-marks=${marksFile}`], { cwd: dir, input: Buffer.concat(chunks) });
  if (run.status !== 0) throw new Error(`git fast-import: ${run.stderr}`);
  const ids = new Map(
    readFileSync(marksFile, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((entry) => [entry.slice(1, entry.indexOf(" ")), entry.slice(entry.indexOf(" ") + 1)]),
  );
  git(dir, "reset", "-q", "--hard");
  return (name) => {
    const id = ids.get(String(marks.get(name)));
    if (id === undefined) throw new Error(`importHistory: no commit named ${name}`);
    return id;
  };
}
