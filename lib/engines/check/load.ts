import { type Dirent, existsSync, readdirSync, readFileSync } from "node:fs";
import { BoundedReadError, readBoundedTextWithin } from "../../core/bounded-read";
import { CODEOWNERS_LOCATIONS, MAX_CODEOWNERS_BYTES } from "../../core/codeowners";
import { listSynthesizedStacks, readStackJson } from "../../core/synth-output";
import { join, resolve } from "node:path";
import { displayPath, PathError } from "../../core/display-path";
import { kindOf } from "../../core/output-file";
import { lstatOrUndefined } from "../../core/path-safety";
import type { AppConfig } from "../../config/schema";
import { listEnvironmentFiles, loadEnvironments } from "../config/load";
import { ReadinessConfig } from "../../features/readiness/schema";
import type { StackInput } from "../../core/readiness/model";
import type { EnvConfig, FindingLocation, RepoFile, RepoListing } from "../../platform/readiness";
import { configLine } from "./config-line";

/** The stacks of a synth output directory, as its manifest.json lists them (with their dependencies, GL-MON-003). */
export function readSynthDir(dir: string, cwd: string): StackInput[] {
  return listSynthesizedStacks(dir).map((stack) => ({
    name: stack.name,
    file: displayPath(cwd, stack.file),
    json: readStackJson(stack),
    dependencies: stack.dependencies ?? [],
  }));
}

/**
 * Configs of the environments that have a file in `configDir` (all files' errors at once, as
 * loadEnvironments reports them), or the configs a caller already loaded from there.
 */
export function readEnvConfigs(configDir: string, cwd: string, loaded?: ReadonlyMap<string, AppConfig>): Map<string, EnvConfig> {
  if (!existsSync(configDir)) return new Map();
  const files = listEnvironmentFiles(configDir);
  const configs = loaded ?? loadEnvironments(configDir);
  return new Map(
    [...configs].map(([env, app]) => [
      env,
      { file: displayPath(cwd, resolve(files.get(env) ?? env)), app, readiness: app.readiness ?? ReadinessConfig.parse({}) },
    ]),
  );
}

/** A runbook is a few pages of Markdown; a file far larger is not one (and is not read into memory). */
export const MAX_RUNBOOK_BYTES = 1024 * 1024;

/** A repository file check reads (a runbook, the runbooks folder, CODEOWNERS) and refuses: a link, not a regular file, too large. */
export class RepoFileReadError extends PathError {
  constructor(file: string, problem: string) {
    super(file, (shown) => `${shown}: ${problem}`);
    this.name = "RepoFileReadError";
  }
}

const LINK_REFUSED = "is a symbolic link; golive check reads only regular files inside the runbooks folder, never where a link leads";

/**
 * One file's text: a regular file inside `dir` (bounded-read.ts refuses a link, a FIFO, a device, a large
 * file, one whose real path is outside `dir`); `reads` names what check reads in `dir`, for that refusal.
 */
function readRepoFile(file: string, dir: string, maxBytes: number, linkRefused: string, reads: string): string {
  if (lstatOrUndefined(file)?.isSymbolicLink()) throw new RepoFileReadError(file, linkRefused);
  try {
    return readBoundedTextWithin(file, dir, maxBytes, reads);
  } catch (err) {
    if (err instanceof BoundedReadError) throw new RepoFileReadError(file, err.message);
    throw err;
  }
}

/**
 * The *.md files of the runbooks folder `dir` (check's --runbooks-dir, default runbooks/), for
 * GL-REL-003, each named runbooks/<file> as the repository has it (the rule matches the name, never the
 * folder's path). In CI the folder is a pull request's checkout, data: a symbolic link (the folder or a
 * runbook) or anything named *.md that is not a regular file is refused by name, never followed, so a
 * committed link to /etc/passwd or to a file of the runner is never read; each file is at most
 * MAX_RUNBOOK_BYTES. No folder: no runbooks.
 */
export function readRunbooks(dir: string): RepoFile[] {
  const folder = lstatOrUndefined(dir);
  if (folder === undefined) return [];
  if (folder.isSymbolicLink()) throw new RepoFileReadError(dir, LINK_REFUSED);
  if (!folder.isDirectory()) throw new RepoFileReadError(dir, `is ${kindOf(folder)}, not a folder`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new RepoFileReadError(dir, "cannot be listed (permissions?)");
  }
  return names
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => ({ path: `runbooks/${f}`, text: readRepoFile(join(dir, f), dir, MAX_RUNBOOK_BYTES, LINK_REFUSED, "the runbooks") }));
}

/**
 * The CODEOWNERS file GitHub would read in the repository at `root` (check's working directory), for
 * GL-SEC-009: the first of CODEOWNERS_LOCATIONS found there, named as the repository has it; undefined
 * when there is none. Read as a runbook is (in CI the checkout may be a pull request's data): a symbolic
 * link, or anything of that name that is no regular file, is refused by name, never followed; GitHub
 * loads none of MAX_CODEOWNERS_BYTES or more, and neither does check.
 */
export function readCodeowners(root: string): RepoFile | undefined {
  const path = CODEOWNERS_LOCATIONS.find((p) => lstatOrUndefined(join(root, p)) !== undefined);
  if (path === undefined) return undefined;
  const linkRefused = "is a symbolic link; golive check reads CODEOWNERS only as a regular file, never where a link leads";
  return { path, text: readRepoFile(join(root, path), root, MAX_CODEOWNERS_BYTES - 1, linkRefused, "the repository's CODEOWNERS") };
}

/** The most entries (files and folders) listRepoFiles reads; a repository's own code holds far fewer. */
export const MAX_REPO_ENTRIES = 100_000;

/** Folders listRepoFiles never enters, at any depth: installed packages, git's own data, synth output. */
const UNLISTED_FOLDERS: ReadonlySet<string> = new Set(["node_modules", ".git", "cdktf.out"]);

/**
 * The files of the repository at `root` (check's --repo-dir), for GL-SEC-009 to judge each one CODEOWNERS
 * must own: breadth first, names sorted, never following a symbolic link (a link is listed as the path
 * git commits, not entered), skipping UNLISTED_FOLDERS, and stopping after `maxEntries` entries; the
 * listing says why when it is not the whole repository.
 */
export function listRepoFiles(root: string, maxEntries = MAX_REPO_ENTRIES): RepoListing {
  const paths: string[] = [];
  const folders = [""];
  let entries = 0;
  for (let i = 0; i < folders.length; i++) {
    const folder = folders[i] as string;
    let names: Dirent[];
    try {
      names = readdirSync(join(root, folder), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return { paths, incomplete: `${folder || "."} cannot be listed (permissions?)` };
    }
    for (const entry of names) {
      if (++entries > maxEntries) return { paths, incomplete: `golive lists at most ${maxEntries} files and folders` };
      const path = folder === "" ? entry.name : `${folder}/${entry.name}`;
      if (!entry.isDirectory()) paths.push(path);
      else if (!UNLISTED_FOLDERS.has(entry.name)) folders.push(path);
    }
  }
  return { paths };
}

function needleFor(loc: FindingLocation): string | undefined {
  return loc.kind === "resource" ? `"${loc.address.split(".").pop() ?? ""}": {` : undefined;
}

/** Finds the 1-based line of a finding in its file: the resource's key, or the config field (configLine). */
export function lineFinder(cwd: string): (loc: FindingLocation) => number | undefined {
  const cache = new Map<string, string[] | undefined>();
  const lines = (file: string): string[] | undefined => {
    if (!cache.has(file)) {
      try {
        cache.set(file, readFileSync(resolve(cwd, file), "utf8").split("\n"));
      } catch {
        cache.set(file, undefined);
      }
    }
    return cache.get(file);
  };
  return (loc) => {
    if (loc.kind === "config") {
      const text = lines(loc.file);
      return text === undefined ? undefined : configLine(text.join("\n"), loc.path);
    }
    const needle = needleFor(loc);
    const text = needle === undefined ? undefined : lines(loc.file);
    const i = needle === undefined || !text ? -1 : text.findIndex((l) => l.includes(needle));
    return i === -1 ? undefined : i + 1;
  };
}
