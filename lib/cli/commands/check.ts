import { existsSync } from "node:fs";
import { safeJson } from "../../core/safe-json";
import { printable } from "../../core/printable";
import { writeFileAtomic } from "../../core/write-file-atomic";
import { resolve } from "node:path";
import { ConfigErrors } from "../../config/errors";
import { loadEnvironments } from "../../engines/config/load";
import type { AppConfig } from "../../config/schema";
import { isIsoDate, utcToday } from "../../core/dates";
import { shownValue } from "../../core/shown-value";
import { type runChecks, runChecksWithAccess } from "../../engines/check/engine";
import { MAX_EXEMPTION_DAYS, refusedExemptions } from "../../engines/check/exemptions";
import { lineFinder, listRepoFiles, readCodeowners, readEnvConfigs, readRunbooks, readSynthDir } from "../../engines/check/load";
import { repositoryPath } from "../../engines/check/repo-path";
import { buildModel, envViews, type StackInput } from "../../core/readiness/model";
import { parseStackName } from "../../engines/synth/deploy-order";
import { renderCompact } from "../../engines/check/compact";
import { toJunit } from "../../engines/check/junit";
import { RULES } from "../../engines/check/rules";
import { toSarif } from "../../engines/check/sarif";
import { renderTable, summarize, toJson } from "../../engines/check/scorecard";
import { displayPath } from "../../core/display-path";
import { lstatOrUndefined } from "../../core/path-safety";
import { redact } from "../../core/redact";
import { redactedJson } from "../../core/redacted-json";
import { choice, type ParsedArgs, parseArgs } from "../args";
import { COMMAND_SPECS } from "../command-specs";
import { configuredEnvironments, requireKnownEnvironments } from "../environments";
import { checkSynthDir, configDirFlag, outputFileFlag, synthDirFlag } from "../path-flags";
import { checkReadPath, type ReadPath, SYNTH_OUTPUT_DIR } from "../read-path-flags";
import { staleSynthMessage } from "../stale-synth";
import { synthesizedEnvironments } from "../synthesized-environments";
import type { EnvConfig } from "../../platform/readiness";
import { type CliIo, type Command, EXIT, UsageError } from "../types";
import { reportFiled } from "../json-failure";

const FORMATS = COMMAND_SPECS.check.choices.format;
type Format = (typeof FORMATS)[number];

/** `--skip-rule GL-...` (repeatable), each a known rule id; case does not matter. */
function skippedRules(parsed: ParsedArgs): string[] {
  const ids = RULES.map((r) => r.id);
  return (parsed.repeated.get("skip-rule") ?? []).map((raw) => {
    const id = ids.find((known) => known === raw.toUpperCase());
    if (id === undefined) throw new UsageError(`--skip-rule: got ${shownValue(raw)}, allowed: ${ids.join(", ")}`);
    return id;
  });
}

/**
 * The report as `format` prints it, credentials masked: JSON and SARIF value by value before they are
 * serialised (redactedJson: masked in the text, a private key cut short took a closing quote with it, and
 * a credential whose quotes JSON escapes was missed), the table and JUnit as text.
 */
export function renderCheckReport(format: Format, compact: boolean, report: ReturnType<typeof runChecks>, cwd: string): string {
  if (format === "table") return redact(compact ? renderCompact(report) : renderTable(report));
  if (format === "junit") return redact(toJunit(report));
  return redactedJson(format === "json" ? toJson(report) : toSarif(report, lineFinder(cwd)));
}

/**
 * The configs check reads: every environment's when none is named, else the named ones that have a
 * config file, as `golive synth <env>` loads them: another environment's mistake is its own to report.
 * The checks across environments (one zone, bucket and OIDC provider each, the promotion order) still
 * take every other file that loads (loadEnvironments).
 */
function loadChecked(
  configDir: string,
  named: readonly string[],
  configured: readonly string[] | undefined,
  cwd: string,
  synthDir: string,
): Map<string, AppConfig> {
  // Stacks without a config folder are checked as they are; with no stacks either, the missing config
  // folder is the cause, said as synth says it (exit 1), never "no environment to synthesize".
  if (!existsSync(configDir)) return existsSync(synthDir) ? new Map() : loadEnvironments(configDir, undefined, cwd);
  if (named.length === 0) return loadEnvironments(configDir, undefined, cwd);
  // A named environment with stacks but no config is checked without one (its attestations then fail).
  const withConfig = configured === undefined ? named : named.filter((env) => configured.includes(env));
  return withConfig.length === 0 ? new Map() : loadEnvironments(configDir, withConfig, cwd);
}

/**
 * With environments named, their stacks only (and any whose name is no `<kind>-<env>`): another
 * environment's stacks, whose config was not loaded, must not be taken for theirs (`edge-eu-prod` is
 * not `prod`'s, although it ends in `-prod`).
 */
function stacksOf(stacks: readonly StackInput[], named: readonly string[]): StackInput[] {
  if (named.length === 0) return [...stacks];
  return stacks.filter((s) => {
    const env = parseStackName(s.name)?.environment;
    return env === undefined || named.includes(env);
  });
}

const RUNBOOKS_DIR: ReadPath = { kind: "folder", allowed: "the folder of the runbooks (*.md)" };

/**
 * --runbooks-dir (default: runbooks, which may be absent); a folder given that is not there, or is no
 * folder (a file, a named pipe), is a typo: exit 2 naming the flag.
 */
function runbooksDirFlag(parsed: ParsedArgs, cwd: string): string {
  const given = parsed.values.get("runbooks-dir");
  const dir = resolve(cwd, given ?? "runbooks");
  // A symbolic link is readRunbooks' to refuse, unread and by name (exit 1), as a link inside the folder:
  // in CI the folder is a pull request's data.
  if (given !== undefined && !lstatOrUndefined(dir)?.isSymbolicLink()) checkReadPath("runbooks-dir", dir, RUNBOOKS_DIR, cwd);
  return dir;
}

const REPO_DIR: ReadPath = { kind: "folder", allowed: "the repository's folder (where .github/CODEOWNERS is)" };

/**
 * --repo-dir (default: the working directory): the repository whose CODEOWNERS GL-SEC-009 reads. The
 * pull request review runs in a data folder and passes the default branch's checkout: GitHub enforces
 * the base branch's CODEOWNERS on a pull request, never the one the pull request brings.
 */
function repoDirFlag(parsed: ParsedArgs, cwd: string): string {
  const given = parsed.values.get("repo-dir");
  if (given === undefined) return cwd;
  const dir = resolve(cwd, given);
  checkReadPath("repo-dir", dir, REPO_DIR, cwd);
  return dir;
}

function configErrorExit(io: CliIo, err: unknown): 1 {
  if (!(err instanceof ConfigErrors)) throw err;
  io.stderr.write(`${redact(err.message)}\n`);
  return EXIT.failure;
}

export const checkCommand: Command = {
  name: "check",
  summary: "Launch-readiness scorecard over the synthesized stacks (exit 1 on any blocker)",
  usage: [
    "Usage: golive check [<env>...] [--dir DIR] [--config-dir DIR] [--format table|json|sarif|junit] [--compact]",
    "                    [--skip-rule GL-...]... [--output FILE] [--today YYYY-MM-DD] [--runbooks-dir DIR]",
    "                    [--repo-dir DIR]",
    "",
    "Runs every launch-readiness rule over the Terraform JSON in DIR (default: cdktf.out) without",
    "synthesizing again, so CI checks the artifact it reviews; when DIR does not exist it synthesizes",
    "first. Attestations and exemptions come from the readiness section of config/<env>.yaml. Naming",
    "environments reads their configs only, as `golive synth <env>` does: another file's error is its own.",
    "Prints a scorecard (checklist rows x environments: pass / FAIL / warn / attested / exempt / n/a / skipped)",
    'and every finding with its fix. With secrets or S3 state, a section "Who can read secrets and state" lists,',
    "per secret and state object, the principals that can read it (every synthesized policy evaluated with an",
    "IAM simulator; S3 state only in a bucket golive bootstraps); GL-SEC-007 blocks when one is outside the",
    "intended readers. GL-SEC-009 reads GitHub's CODEOWNERS in the repository (--repo-dir): .github/CODEOWNERS,",
    "CODEOWNERS, docs/CODEOWNERS, the first found, as GitHub does; a link or no regular file is refused, exit 1.",
    "",
    "Options:",
    "  --dir DIR          synth output to check (default: cdktf.out); a DIR given that exists but is no",
    "                     folder or holds no synth output (no manifest.json) is a usage error (exit 2)",
    "  --config-dir DIR   environment configs with readiness sections (default: config)",
    "  --format F         table (default), json, sarif (SARIF 2.1.0 for GitHub code scanning), or junit",
    "                     (JUnit XML for CI test reports: a testsuite per environment, a testcase per rule)",
    "  --json             same as --format json (given with another --format: a usage error, exit 2)",
    "  --compact          table format only: one line per failing rule, then the verdict",
    "  --skip-rule ID     do not run rule ID (repeatable); every format lists it as skipped, and its checklist",
    "                     rows show skipped, not pass, unless a rule run there fails. A skipped rule neither",
    "                     fails nor passes: a skipped blocker leaves the exit 0 (as checkov's --skip-check);",
    "                     to accept a finding, exempt it in the config (a reason and an expiry)",
    "  --output FILE      write the report to FILE (atomically) instead of standard output; an existing",
    "                     FILE is replaced only when it is empty or, from its first line to its last, a report",
    "                     golive wrote (an earlier run's, in any format: notes ending with a pasted verdict line",
    "                     are refused, exit 2), never inside .git, the config folder or the synth output",
    "                     folder (--dir, which golive synth replaces); its folder must exist,",
    "                     or be inside the working directory (then it is created)",
    "  --today DATE       date attestations and exemptions are judged against (default: today, UTC); an",
    `                     exemption whose expires is more than ${MAX_EXEMPTION_DAYS} days after it is refused, naming the`,
    "                     field (exit 1, nothing synthesized or written)",
    "  --runbooks-dir DIR the runbooks GL-REL-003 looks for, DIR/*.md (default: runbooks); CI passes the",
    "                     pull request's checkout. Only regular files inside DIR are read, at most 1 MiB each:",
    "                     a symbolic link (DIR itself or a runbook), or anything else named *.md, is refused",
    "                     unread, naming it (exit 1); a DIR given that does not exist or is no folder (a file,",
    "                     a named pipe) is a usage error (exit 2)",
    "  --repo-dir DIR     the repository whose CODEOWNERS GL-SEC-009 reads (default: the working directory),",
    "                     and whose files it judges against it (lib/, stacks/, config/, ...; node_modules, .git",
    "                     and cdktf.out skipped, no link followed); CI's review passes the default branch's",
    "                     checkout, whose CODEOWNERS GitHub enforces",
    "",
    "A stale synth output is not checked (exit 1, naming the synth to run): made from another config of an",
    "environment checked, missing a stack golive synth wrote, holding one it did not or one changed since",
    "(golive.json records them and each stack file's SHA-256), or holding an environment whose config file",
    "is gone (with no environment named: any such one). Whatever the record says (or with none: an output",
    "another tool wrote), a stack missing what its config asks for (the zone, email, secrets.items) fails",
    "every rule of its concern, naming the stack and the resource it lacks.",
    "",
    "Exit codes: 0 no blocker among the rules run, 1 a blocker (or unreadable input, or a stale synth output),",
    "2 usage error (a bad flag value, such as an --output golive may not write; nothing is written).",
  ].join("\n"),
  async run(args, io) {
    const parsed = parseArgs(args, COMMAND_SPECS.check.flags);
    const format = parsed.booleans.has("json") ? "json" : choice(parsed, "format", FORMATS, "table");
    const compact = parsed.booleans.has("compact");
    if (compact && format !== "table") throw new UsageError(`--compact: applies to the table format only, not ${format}`);
    const skip = skippedRules(parsed);
    const today = parsed.values.get("today") ?? utcToday();
    if (!isIsoDate(today)) throw new UsageError(`--today: got ${shownValue(today)}, allowed: a date such as 2026-11-01`);
    const configDir = configDirFlag(parsed, io.cwd);
    const dir = synthDirFlag(parsed, "dir", io.cwd);
    // Every path is judged before any work: a refused flag leaves nothing synthesized or written.
    const output = outputFileFlag(parsed, "output", io.cwd, configDir, dir);
    // Read before any synth: a runbook refused (a link, a FIFO, a large file) leaves nothing written.
    const runbooksDir = runbooksDirFlag(parsed, io.cwd);
    const repoDir = repoDirFlag(parsed, io.cwd);
    // A --dir that exists is checked as it is, never synthesized into: it must be a synth output.
    if (!existsSync(dir)) checkSynthDir(dir, parsed.values.has("dir") ? "dir" : undefined, io.cwd, configDir);
    else if (parsed.values.has("dir")) checkReadPath("dir", dir, SYNTH_OUTPUT_DIR, io.cwd);
    const runbooks = readRunbooks(runbooksDir);
    // GitHub's CODEOWNERS of the repository (GL-SEC-009, --repo-dir), read once, like the runbooks before any synth.
    const codeowners = readCodeowners(repoDir);
    // Its files, each deploy-critical one judged against it (GL-SEC-009): bounded, no link followed.
    const repoFiles = codeowners === undefined ? undefined : listRepoFiles(repoDir);
    // Before any synth: a mistyped environment must not cost one. Stacks without a config are checked too.
    const configured = configuredEnvironments(configDir);
    if (configured)
      requireKnownEnvironments(parsed.positionals, [...new Set([...configured, ...(synthesizedEnvironments(dir) ?? [])])].sort(), {
        folder: { configDir, cwd: io.cwd },
      });

    let configs: Map<string, EnvConfig>;
    let loaded: Map<string, AppConfig>;
    try {
      // Validated once, and reused for the synth below when there is no synth output yet.
      loaded = loadChecked(configDir, parsed.positionals, configured, io.cwd, dir);
      configs = readEnvConfigs(configDir, io.cwd, loaded);
      // Before any synth: an exemption check refuses (of a rule no exemption may hide, or running more
      // than MAX_EXEMPTION_DAYS past --today) leaves nothing written.
      const refused = refusedExemptions([...configs.values()], RULES, today);
      if (refused.length > 0) throw new ConfigErrors(refused);
      if (!existsSync(dir)) {
        // Loaded only when needed: the stacks and provider bindings cost more than the whole check.
        // (require, as lib/cli/commands/index.ts does: the .ts hook resolves it; a dynamic import() does not.)
        const { synthesizeToDisk } = require("../../engines/synth/synthesize") as typeof import("../../engines/synth/synthesize");
        synthesizeToDisk({
          configs: loaded,
          outdir: dir,
          protectedDirs: [io.cwd, configDir],
          projectRoot: io.cwd,
          inventory: { configDir },
        });
        io.stderr.write(`golive check: ${displayPath(io.cwd, dir)} did not exist; synthesized it first\n`);
      }
    } catch (err) {
      return configErrorExit(io, err);
    }
    // An environment whose config file is gone is stale too: its stacks would be checked without their config.
    const stale = staleSynthMessage("check", dir, configDir, loaded, parsed.positionals, io.cwd, configured);
    if (stale !== undefined) {
      io.stderr.write(`${stale}\n`);
      return EXIT.failure;
    }
    const model = buildModel(stacksOf(readSynthDir(dir, io.cwd), parsed.positionals));
    const available = envViews(model, [...configs.keys()]).map((v) => v.env);
    if (available.length === 0) {
      const shown = `${parsed.values.has("dir") ? "--dir " : ""}${displayPath(io.cwd, dir)}`;
      io.stderr.write(`golive check: no synthesized stacks in ${shown} (run golive synth)\n`);
      return EXIT.failure;
    }
    requireKnownEnvironments(parsed.positionals, available, { folder: { configDir, cwd: io.cwd } });

    const report = await runChecksWithAccess({
      model,
      configs,
      runbooks,
      runbooksFolder: repositoryPath(runbooksDir, repoDir, io.cwd),
      ...(codeowners ? { codeowners } : {}),
      ...(repoFiles ? { repoFiles } : {}),
      today,
      ...(parsed.positionals.length > 0 ? { only: parsed.positionals } : {}),
      skip,
    });
    const text = renderCheckReport(format, compact, report, io.cwd);
    // A report file escapes what stdout's printable stream escapes: JSON and SARIF inside their strings
    // (lib/core/safe-json.ts), so they stay valid JSON; the table and JUnit XML as printable() writes them.
    if (output) {
      writeFileAtomic(output, format === "json" || format === "sarif" ? safeJson(text) : printable(text), {
        label: displayPath(io.cwd, output),
      });
      reportFiled(io);
    } else io.stdout.write(text);
    return summarize(report).ready ? EXIT.ok : EXIT.failure;
  },
};
