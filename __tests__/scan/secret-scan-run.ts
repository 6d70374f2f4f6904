import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "../helpers/example-config";
import { git } from "./git-history";

const SCRIPT = join(REPO_ROOT, "scripts", "secret-scan.sh");

/** How a run of scripts/secret-scan.sh ended: its exit code, and its stdout and stderr as one text. */
export interface ScanRun {
  readonly code: number | null;
  readonly out: string;
}

/** Runs scripts/secret-scan.sh with `args` from the repository root; `env` adds to this process's. */
export function scan(args: readonly string[], env: NodeJS.ProcessEnv = {}): ScanRun {
  const run = spawnSync("bash", [SCRIPT, ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, ...env } });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

/**
 * Runs `make` once, on first use: tests that plant into the same tree share one scan of it, across the
 * specs of this folder too (they share one module registry: __tests__/helpers/suite.ts).
 */
export function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: make() };
    return value.v;
  };
}

/** Writes files (creating directories) under dir. */
export function plant(dir: string, files: Readonly<Record<string, string | Buffer>>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/** The sets of files as one, refusing a path two of them plant (scenarios that share a repository). */
export function disjoint(...sets: Readonly<Record<string, string | Buffer>>[]): Record<string, string | Buffer> {
  const all: Record<string, string | Buffer> = {};
  for (const set of sets)
    for (const [path, content] of Object.entries(set)) {
      if (path in all) throw new Error(`two scenarios plant ${path}`);
      all[path] = content;
    }
  return all;
}

/** Makes the empty folder `dir` a new git repository (branch main); returns dir. */
export function gitRepo(dir: string): string {
  git(dir, "init", "-q", "-b", "main");
  return dir;
}
