import { readdirSync, readlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { displayPath } from "../core/display-path";
import { writtenByGolive } from "../core/golive-output";
import {
  kindOf,
  linkOutsideProblem,
  type OutputRules,
  outputFileProblem,
  parentProblem,
  protectedProblem,
  UnsafeOutputError,
} from "../core/output-file";
import { isSameOrAncestor, lstatOrUndefined, overlongName, realish, statOrUndefined } from "../core/path-safety";
import { recordStatus, WRITTEN_RECORD } from "../core/written-record";
import { checkReplaceableOutput } from "../engines/synth/output-guard";
import { DEFAULT_SYNTH_DIR, enclosingSynthOutput } from "../engines/synth/output-layout";
import type { ParsedArgs } from "./args";
import { UsageError } from "./types";

/**
 * Path flags, judged before a command does any work: a bad value is one line naming the flag and why,
 * exit 2, nothing written (lib/cli/main.ts prints UnsafeOutputError so).
 */

const CONFIG_FOLDER = "the config folder";
const WORKING_DIRECTORY = "the working directory";

/** The synth output folder a command reads or writes: the flag's value, else ./cdktf.out. */
export function synthDirFlag(parsed: ParsedArgs, flag: "dir" | "output" | "synth-dir", cwd: string): string {
  return resolve(cwd, parsed.values.get(flag) ?? DEFAULT_SYNTH_DIR);
}

/** The config folder: --config-dir, which must be a folder (exit 2 naming the flag), else ./config. */
export function configDirFlag(parsed: ParsedArgs, cwd: string): string {
  const given = parsed.values.get("config-dir");
  const dir = resolve(cwd, given ?? "config");
  if (given === undefined) return dir;
  // Said before the path is: a name no file system allows is cut short, so the message stays one line.
  const long = overlongName(dir);
  if (long !== undefined) throw new UsageError(`--config-dir: ${long}`);
  const st = statOrUndefined(dir);
  if (st === undefined) throw new UsageError(`--config-dir: ${displayPath(cwd, dir)} does not exist`);
  if (!st.isDirectory()) throw new UsageError(`--config-dir: ${displayPath(cwd, dir)} is ${kindOf(st)}, not a folder`);
  return dir;
}

function rules(cwd: string, configDir: string): OutputRules {
  return { cwd, protectedDirs: [{ path: configDir, label: CONFIG_FOLDER }] };
}

/** `--name: why`, or just `why` when the path is a default the user did not type. */
function refuse(flag: string | undefined, problem: string): never {
  throw new UnsafeOutputError(flag === undefined ? problem : `--${flag}: ${problem}`);
}

/**
 * The file `--<name>` writes (resolved), judged by outputFileProblem before any work; undefined when
 * the flag is absent. An existing file is replaced only when golive wrote it.
 */
export function outputFileFlag(parsed: ParsedArgs, name: string, cwd: string, configDir: string, synthDir: string): string | undefined {
  const given = parsed.values.get(name);
  if (given === undefined) return undefined;
  const problem = outputFileProblem(given, rules(cwd, configDir));
  if (problem !== undefined) refuse(name, problem);
  const file = resolve(cwd, given);
  // A report left in the synth output would make the next synth refuse the folder as holding a file it did not write.
  if (isSameOrAncestor(realish(synthDir), realish(file)))
    refuse(
      name,
      `${displayPath(cwd, file)} is inside the synth output folder ${displayPath(cwd, synthDir)}, which golive synth replaces; write it elsewhere`,
    );
  return file;
}

/**
 * A folder a synth would replace (synth --output; check --dir, zone --dir and plan --synth-dir, which
 * synthesize first when it holds no synth): only a missing or empty folder, or a previous synth output,
 * never the working or config folder, one holding them, or a folder inside .git or the config folder;
 * a missing one only inside the working directory, and none reached through a link out of it. `flag`
 * is undefined when the path is a default.
 */
export function checkSynthDir(dir: string, flag: string | undefined, cwd: string, configDir: string): void {
  // The config folder itself (or one holding it) is refused below as a folder golive must never replace.
  const isConfig = realish(dir) === realish(configDir);
  const inside = isConfig ? undefined : protectedProblem(dir, rules(cwd, configDir));
  if (inside !== undefined) refuse(flag, `${inside}; golive never writes a synth output there`);
  const problem = parentProblem(dir, rules(cwd, configDir)) ?? missingOutside(dir, cwd);
  if (problem !== undefined) refuse(flag, problem);
  try {
    checkReplaceableOutput(
      dir,
      [
        { path: cwd, label: WORKING_DIRECTORY },
        { path: configDir, label: CONFIG_FOLDER },
      ],
      cwd,
    );
  } catch (err) {
    if (err instanceof UnsafeOutputError) refuse(flag, err.message);
    throw err;
  }
}

/** Why the missing folder `dir` may not be made: it is outside the working directory (a typo there). */
function missingOutside(dir: string, cwd: string): string | undefined {
  if (lstatOrUndefined(dir) !== undefined || isSameOrAncestor(realish(cwd), realish(dir))) return undefined;
  return `the folder ${displayPath(cwd, dir)} does not exist (golive creates a missing folder only inside the working directory)`;
}

/**
 * Names golive never writes that a folder of its own may still hold: git's placeholders, a README
 * saying what the folder is, and what an OS or an editor leaves beside files (Finder's .DS_Store and
 * `._` files, Windows' Thumbs.db and desktop.ini, vim's swap files, `*~` backups, emacs's `#...#`
 * autosaves and `.#` lock links). Left as they are: golive replaces only `<stack>.json` files.
 */
const FOLDER_LITTER = /^(\.gitignore|\.gitkeep|README(\.md)?|\.DS_Store|Thumbs\.db|desktop\.ini|\._.*|\..*\.sw[a-p]|.*~|#.*#|\.#.*)$/i;

/**
 * What a plans folder may hold besides nothing: the plans and reports golive wrote (`*.json`, its
 * record, a report it recognises as its own), empty files, and FOLDER_LITTER. A folder holding
 * anything else (a source folder: `--plan-dir lib`) is not a folder of its own.
 */
function foreignPlanDirEntry(dir: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined; // unreadable: writing a plan there says why
  }
  return names.sort().find((name) => {
    if (name === WRITTEN_RECORD || FOLDER_LITTER.test(name)) return false;
    const st = lstatOrUndefined(join(dir, name));
    if (st === undefined || !st.isFile()) return true;
    if (name.endsWith(".json") || st.size === 0) return false;
    try {
      return !writtenByGolive(join(dir, name));
    } catch {
      return true;
    }
  });
}

/**
 * What to do instead of writing plans into `dir`, never suggesting `dir` itself (the default `plans`);
 * `foreign`: it holds files golive did not write, which may be moved out instead.
 */
function otherPlanDir(dir: string, cwd: string, foreign: boolean): string {
  if (realish(resolve(cwd, "plans")) !== realish(dir)) return "choose a folder of its own such as plans";
  return `${foreign ? "move them out of it, or " : ""}choose a folder of its own with --plan-dir, such as plans-golive`;
}

/**
 * Why plans may not go into `dir` for the synth output folder `synthDir`: `dir` is it, inside it or
 * holds it. A synth replaces its output folder whole and refuses one holding files it did not write,
 * so a plan or failure record there would block the next `golive synth` (or be lost to it).
 */
function synthDirProblem(dir: string, synthDir: string, cwd: string): string | undefined {
  const [plans, synth] = [realish(dir), realish(synthDir)];
  const relation =
    plans === synth ? "is" : isSameOrAncestor(synth, plans) ? "is inside" : isSameOrAncestor(plans, synth) ? "holds" : undefined;
  if (relation === undefined) return undefined;
  const where = relation === "is" ? "the synth output folder" : `the synth output folder ${displayPath(cwd, synthDir)}`;
  return `${displayPath(cwd, dir)} ${relation} ${where}, which golive synth replaces; ${otherPlanDir(dir, cwd, false)}`;
}

/**
 * The folder `golive plan` writes `<stack>.json` into (--plan-dir, default plans): a folder of its own
 * (missing, empty, or holding only plans and reports golive wrote: foreignPlanDirEntry), never the
 * working or config folder, one holding them, the synth output folder `synthDir`, one inside it or
 * holding it, or anything inside .git or the config folder; a missing one only inside the working
 * directory.
 */
export function planDirFlag(parsed: ParsedArgs, fallback: string, cwd: string, configDir: string, synthDir: string): string {
  const given = parsed.values.get("plan-dir");
  const dir = resolve(cwd, given ?? fallback);
  const flag = given === undefined ? undefined : "plan-dir";
  const r = rules(cwd, configDir);
  const shown = displayPath(cwd, dir);
  const inside = protectedProblem(dir, r);
  if (inside !== undefined) refuse(flag, `${inside}; golive never writes plans there`);
  for (const [path, label] of [
    [cwd, WORKING_DIRECTORY],
    [configDir, CONFIG_FOLDER],
  ] as const)
    if (isSameOrAncestor(realish(dir), realish(path)))
      refuse(flag, `${shown} ${realish(dir) === realish(path) ? "is" : "holds"} ${label}; ${otherPlanDir(dir, cwd, false)}`);
  const synth = synthDirProblem(dir, synthDir, cwd);
  if (synth !== undefined) refuse(flag, synth);
  const problem = folderProblem(dir, r, true);
  if (problem !== undefined) refuse(flag, problem);
  const foreign = statOrUndefined(dir) === undefined ? undefined : foreignPlanDirEntry(dir);
  if (foreign !== undefined)
    refuse(flag, `${shown} holds files golive did not write (${displayPath(cwd, join(dir, foreign))}); ${otherPlanDir(dir, cwd, true)}`);
  return dir;
}

/** What the symbolic link `path` says it points to, as written in it (the link itself when unreadable). */
function linkTarget(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return path;
  }
}

/**
 * Why golive may not write files into the folder `dir`; undefined when it may: a link to a folder
 * outside the working directory, or to something that is not a folder (a file, a device, nothing),
 * something that is not a folder, a missing parent outside the working directory (or, `strict`, `dir`
 * itself missing there).
 */
function folderProblem(dir: string, r: OutputRules, strict: boolean): string | undefined {
  const shown = displayPath(r.cwd, dir);
  const link = lstatOrUndefined(dir);
  if (link?.isSymbolicLink() && !isSameOrAncestor(realish(r.cwd), realish(dir))) {
    // Said as what it points to: `pw -> /etc/passwd` is a link to a file, not to a folder anywhere.
    const target = statOrUndefined(dir);
    const to = linkTarget(dir);
    if (target?.isDirectory()) return `${shown} is a symbolic link to a folder outside the working directory (${to})`;
    return `${shown} is a symbolic link to ${target === undefined ? "nothing" : kindOf(target)} (${to}), not a folder`;
  }
  const leaves = linkOutsideProblem(dir, r);
  if (leaves !== undefined) return leaves;
  const st = statOrUndefined(dir);
  if (st !== undefined) return st.isDirectory() ? undefined : `${shown} is ${kindOf(st)}, not a folder`;
  if (link !== undefined) return `${shown} is a symbolic link to nothing, not a folder`;
  if (strict && !isSameOrAncestor(realish(r.cwd), realish(dir)))
    return `the folder ${shown} does not exist (golive creates a missing folder only inside the working directory)`;
  return parentProblem(dir, r);
}

/**
 * Why a config may not go into `dir`: it is, or lies in, a synth output folder (the default cdktf.out,
 * made or not, or any folder golive's record or cdktf's manifest marks as one), which a synth refuses
 * to replace while it holds the config, or replaces with it.
 */
function configInSynthOutput(dir: string, cwd: string): string | undefined {
  const fallback = resolve(cwd, DEFAULT_SYNTH_DIR);
  const out = isSameOrAncestor(realish(fallback), realish(dir)) ? fallback : enclosingSynthOutput(dir);
  if (out === undefined) return undefined;
  const where = realish(out) === realish(dir) ? "is the synth output folder" : `is inside the synth output folder ${displayPath(cwd, out)}`;
  return `${displayPath(cwd, dir)} ${where}, which golive synth replaces whole; allowed: a folder of its own outside it, such as config`;
}

/**
 * The folder `golive init` writes `<env>.yaml` into (--config-dir, default config), judged before any
 * question: an existing folder (also one a link leads to), or a missing one inside the working directory
 * (made when the file is written); never inside .git or a synth output folder, never a file (exit 2
 * naming the flag).
 */
export function initConfigDirFlag(parsed: ParsedArgs, cwd: string): string {
  const given = parsed.values.get("config-dir");
  const dir = resolve(cwd, given ?? "config");
  const flag = given === undefined ? undefined : "config-dir";
  const r: OutputRules = { cwd, protectedDirs: [] };
  const inside = protectedProblem(dir, r);
  if (inside !== undefined) refuse(flag, `${inside}; golive never writes a config there`);
  const synth = configInSynthOutput(dir, cwd);
  if (synth !== undefined) refuse(flag, synth);
  // An existing folder is taken as synth, check and release take it (configDirFlag), through a link
  // too: init only adds a new file to it. A dangling link, or a missing folder outside, is still refused.
  if (statOrUndefined(dir)?.isDirectory()) return dir;
  const problem = folderProblem(dir, r, true);
  if (problem !== undefined) refuse(flag, problem);
  return dir;
}

/**
 * The plan files `golive plan` replaces in `planDir` for `stacks` (`<stack>.json`, `<stack>.failed.json`):
 * each must be missing or a file golive wrote, and none the file of a report flag (`reports`: flag ->
 * file), checked before any stack is planned.
 */
export function checkPlanFiles(
  planDir: string,
  stacks: readonly string[],
  given: boolean,
  cwd: string,
  configDir: string,
  reports: Readonly<Partial<Record<string, string>>> = {},
): void {
  const files = stacks.flatMap((stack) => [join(planDir, `${stack}.json`), join(planDir, `${stack}.failed.json`)]);
  for (const file of files) {
    const problem = outputFileProblem(file, rules(cwd, configDir));
    if (problem !== undefined) refuse(given ? "plan-dir" : undefined, unrecordedPlan(file, cwd, configDir) ?? problem);
  }
  checkNotInputs(reports, files, cwd);
}

/**
 * Why golive does not count an existing plan file as its own, and what to do, when the reason is the
 * record of the plans it wrote (core/written-record.ts): a plans folder an older golive wrote has none,
 * and its plans are refused like any file saved by hand (replacing one of those was the bug the record
 * fixed). Undefined for every other problem.
 */
function unrecordedPlan(file: string, cwd: string, configDir: string): string | undefined {
  const st = lstatOrUndefined(file);
  if (st === undefined || !st.isFile() || st.size === 0 || protectedProblem(file, rules(cwd, configDir)) !== undefined) return undefined;
  const [shown, record] = [displayPath(cwd, file), displayPath(cwd, join(dirname(file), WRITTEN_RECORD))];
  const folder = displayPath(cwd, dirname(file));
  let status: ReturnType<typeof recordStatus>;
  try {
    status = recordStatus(file);
  } catch {
    return undefined; // unreadable: outputFileProblem's reason stands
  }
  const why = {
    "no-record": `no ${record} records it (golive's record of the plans it writes: plans an older golive wrote, and files saved by hand, have none)`,
    unlisted: `${record} (golive's record of the plans it writes) does not list it`,
    changed: `it changed since golive wrote it (${record} records other bytes)`,
    recorded: undefined,
  }[status];
  if (why === undefined) return undefined;
  return `${shown} exists and golive did not write it: ${why}; move it (or the old plans) out of ${folder}, or delete ${folder} if it holds only plans golive wrote, then run again`;
}

/**
 * Refuses (exit 2) a file flag that names a file the same command reads (a plan, the risk rules) or
 * writes for itself (`golive plan`'s plan files): the report would replace its own input. `outputs`
 * maps each written flag to its resolved file.
 */
export function checkNotInputs(outputs: Readonly<Partial<Record<string, string>>>, inputs: readonly string[], cwd: string): void {
  const read = new Set(inputs.map((f) => realish(f)));
  for (const [flag, file] of Object.entries(outputs))
    if (file !== undefined && read.has(realish(file)))
      refuse(flag, `${displayPath(cwd, file)} is an input of this command; give the report a file of its own`);
}
