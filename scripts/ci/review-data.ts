import { existsSync, lstatSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";

/** What pr.yml uploads (artifact golive-pr-review), at the top of the unpacked folder. */
export const DATA_ENTRIES = ["review-data", "plans", "config", "cdktf.out"] as const;
/** What `golive plan-report --failed-step` accepts (lib/cli/commands/plan-report-options.ts): it reaches the comment. */
const STEP_NAME = /^[A-Za-z0-9 ._()-]{1,60}$/;
/** More step names than pr.yml can fail is not pr.yml's list. */
const MAX_STEPS = 20;

/** What the review knows from GitHub itself (the workflow_run event and the API), never from the data. */
export interface Expected {
  /** The pr run's head commit (workflow_run.head_sha). */
  readonly commit: string;
  /** The pull request the API found for that head. */
  readonly pullRequest: string;
  /** The pr run's conclusion (success, failure, cancelled, ...). */
  readonly conclusion: string;
}

export interface ReviewData {
  /** Steps for `plan-report --failed-step`: the pr run's own, and what is wrong with its data. */
  readonly failedSteps: readonly string[];
  /** One line per thing removed or refused, for the job log. */
  readonly problems: readonly string[];
}

/** Removes, below `dir`, every symbolic link and anything neither a regular file nor a folder; returns what it removed. */
function removeOddEntries(dir: string, root: string): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isDirectory()) removed.push(...removeOddEntries(path, root));
    else if (!st.isFile()) {
      rmSync(path, { force: true });
      removed.push(`${relative(root, path)}: ${st.isSymbolicLink() ? "a symbolic link" : "not a regular file"} (removed)`);
    }
  }
  return removed;
}

/** Removes what pr.yml never uploads: unknown top-level entries, and anything in plans/ but `<stack>.json` files. */
function removeUnexpected(dir: string): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if ((DATA_ENTRIES as readonly string[]).includes(name)) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    removed.push(`${name}: not part of pr.yml's data (removed)`);
  }
  const plans = join(dir, "plans");
  if (existsSync(plans))
    for (const name of readdirSync(plans)) {
      if (name.endsWith(".json") && lstatSync(join(plans, name)).isFile()) continue;
      rmSync(join(plans, name), { recursive: true, force: true });
      removed.push(`plans/${name}: not a plan JSON file (removed)`);
    }
  return removed;
}

function readLine(dir: string, name: string): string | undefined {
  const file = join(dir, "review-data", name);
  return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
}

/** The pr run's failed steps, each a name plan-report accepts; anything else becomes one step that says so. */
function prFailedSteps(dir: string): string[] {
  const lines = (readLine(dir, "failed-steps") ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const valid = lines.filter((l) => STEP_NAME.test(l));
  const steps = [...new Set(valid)].slice(0, MAX_STEPS);
  return valid.length < lines.length || lines.length > MAX_STEPS ? [...steps, "pr step (unreadable name)"] : steps;
}

/**
 * Checks the pr run's unpacked data in `dir` (untrusted: the pull request's code made it) against what
 * GitHub says about the run, and leaves in `dir` only what the review may read: plans/<stack>.json,
 * cdktf.out/ and config/, regular files and folders only. Data of another commit or pull request is
 * removed whole, so nothing of it is reviewed or signed.
 */
export function checkReviewData(dir: string, expected: Expected): ReviewData {
  const conclusion = /^[a-z_]{1,30}$/.test(expected.conclusion) ? expected.conclusion : "unknown";
  const runFailed = conclusion === "success" ? [] : [`pr workflow (${conclusion})`];
  if (!existsSync(dir) || readdirSync(dir).length === 0)
    return {
      failedSteps: ["pr data (missing)", ...runFailed],
      problems: ["no data from the pr run: its artifact golive-pr-review is missing, expired or could not be read"],
    };
  const problems = [...removeOddEntries(dir, dir), ...removeUnexpected(dir)];
  const invalid = problems.length > 0 ? ["pr data (invalid)"] : [];
  const commit = readLine(dir, "head-sha");
  const pullRequest = readLine(dir, "pull-request");
  const foreign =
    commit !== expected.commit
      ? `head-sha says ${JSON.stringify(commit ?? null)}, the run's head is ${expected.commit}`
      : pullRequest !== expected.pullRequest
        ? `pull-request says ${JSON.stringify(pullRequest ?? null)}, the run's pull request is #${expected.pullRequest}`
        : undefined;
  if (foreign !== undefined) {
    for (const name of DATA_ENTRIES) rmSync(join(dir, name), { recursive: true, force: true });
    return {
      failedSteps: ["pr data (of another commit or pull request)", ...runFailed],
      problems: [...problems, `${foreign}: nothing of it is reviewed`],
    };
  }
  const steps = prFailedSteps(dir);
  return { failedSteps: [...steps, ...invalid, ...(steps.length === 0 ? runFailed : [])], problems };
}
