import { existsSync } from "node:fs";
import { hasSynthOutput, listSynthesizedStacks } from "../../core/synth-output";
import { ConfigErrors } from "../../config/errors";
import { displayPath } from "../../core/display-path";
import { UnsafeOutputError } from "../../core/output-file";
import { parseStackName } from "../../engines/synth/deploy-order";
import { DEFAULT_PLAN_DIR } from "../../engines/plan/runner/files";
import { discardPlanFiles, PLAN_FILE, planStacks, WEBHOOK_PLAN_PLACEHOLDER } from "../../engines/plan/runner/plan-stacks";
import { checkStackFolders } from "../../engines/plan/runner/stack-folders";
import { requireSynthesizedStack } from "../../core/synth-output";
import { findBinary, terraformBinaryName } from "../../engines/plan/runner/terraform";
import { intFlag, parseArgs } from "../args";
import { COMMAND_SPECS } from "../command-specs";
import { checkPlanFiles, checkSynthDir, configDirFlag, planDirFlag, synthDirFlag } from "../path-flags";
import { checkPluginCacheSetting, terraformEnvOf } from "../plugin-cache";
import { synthStaleness } from "../stale-synth";
import { type CliIo, type Command, EXIT, type ExitCode, UsageError } from "../types";
import { PLAN_REPORT_OPTIONS, reportOptions } from "./plan-report-options";
import { reportPlans } from "./plan-report-output";
import { ConfigLinkError } from "../../config/inside-folder";
import { ConfigFileKindError, refuseOddConfigFiles } from "../config-file-kinds";

const DEFAULT_CONCURRENCY = 2;

function synthesizedStacks(synthDir: string): string[] {
  return listSynthesizedStacks(synthDir)
    .filter((s) => existsSync(s.file))
    .map((s) => s.name);
}

/** Synthesizes every environment when the output directory holds no synth; false (reported) on config errors. */
function ensureSynth(synthDir: string, configDir: string, io: CliIo): boolean {
  const shown = displayPath(io.cwd, synthDir);
  io.stderr.write(`plan: ${existsSync(synthDir) ? `${shown} holds no synth output` : `${shown} is missing`}; synthesizing first\n`);
  // Loaded only here: cdktf and the providers cost a plan of an existing synth output a fifth of a second.
  const { listEnvironmentFiles, loadEnvironments } = require("../../engines/config/load") as typeof import("../../engines/config/load");
  // A config file that is no regular file: refused unread, as synth refuses it (exit 2, or 1 with --detailed-exitcode).
  refuseOddConfigFiles(listEnvironmentFiles(configDir, io.cwd));
  const { synthesizeToDisk } = require("../../engines/synth/synthesize") as typeof import("../../engines/synth/synthesize");
  try {
    synthesizeToDisk({
      configs: loadEnvironments(configDir, [], io.cwd),
      outdir: synthDir,
      protectedDirs: [io.cwd, configDir],
      projectRoot: io.cwd,
      inventory: { configDir },
    });
    return true;
  } catch (err) {
    if (!(err instanceof ConfigErrors)) throw err;
    io.stderr.write(`${err.message}\nNothing was planned.\n`);
    return false;
  }
}

export const planCommand: Command = {
  name: "plan",
  summary: "terraform init/plan/show -json for each synthesized stack, then the plan report",
  usage: [
    "Usage: golive plan [<stack>...] [options]",
    "",
    "For each synthesized stack (all in cdktf.out/stacks by default; synthesizes first when cdktf.out is",
    "missing) runs `terraform init -input=false`, `terraform plan -input=false -out=...` and",
    `\`terraform show -json\` in cdktf.out/stacks/<stack>, writes ${DEFAULT_PLAN_DIR}/<stack>.json, then prints the plan-report.`,
    "The binary is `terraform` from PATH, or TERRAFORM_BINARY_NAME (e.g. tofu) as cdktf honours it. Providers",
    "come from one plugin cache (TF_PLUGIN_CACHE_DIR, relative to the working directory; default",
    "~/.terraform.d/plugin-cache): one golive cannot create or write in is a usage error, before any work. Stacks",
    `are planned ${DEFAULT_CONCURRENCY} at a time with a progress line each (on stderr); a failing stack (missing binary,`,
    "missing credentials, a Terraform error) is reported and the others still get their plans.",
    `Alert webhook variables (alert_webhook_*) get the placeholder ${WEBHOOK_PLAN_PLACEHOLDER},`,
    "never the real URL: plans only read, and the subscription ignores endpoint changes after creation.",
    "Every flag is checked before anything is synthesized or planned (a bad value: exit 2, nothing run or",
    "written). A stale synth output is not planned (exit 1, naming the synth to run): made from another",
    "config of a planned stack's environment, missing a stack golive synth wrote for it, holding one it did",
    "not or one changed since (golive.json in cdktf.out records them and each stack file's SHA-256), or of",
    "an environment whose config file is gone. Nor is a stack folder that is a symbolic link or really outside",
    "the synth output (exit 1, before any Terraform run or file deleted).",
    "Exit 0 all planned, 1 any stack failed (or an invalid plan or rules file, or a stale synth output), 2 usage.",
    "With --detailed-exitcode, as terraform plan -detailed-exitcode: 0 all planned and nothing to change,",
    "2 all planned and some stack changes a resource or an output, 1 anything else (a failed stack, an",
    "invalid plan, a usage error, a risk flag with --fail-on-risk, a change refused by --updates-only or",
    "--release-only). With --updates-only a plan that would create, destroy, replace, import or forget a",
    "managed resource (with --release-only also one that updates more than a release step does) exits 1",
    "with one line per such change on stderr; the plan JSON and the report are still written, for",
    `review, and with --keep-plan-file the ${PLAN_FILE} of every stack is removed (also after any failure`,
    "before the check was made): nothing may be applied.",
    "",
    "Options:",
    "  --plan-dir DIR          where the plan JSON files go (default: plans): a folder of its own (missing,",
    "                          empty, or holding only .json files, reports golive wrote, .gitignore, README.md",
    "                          and OS or editor litter such as .DS_Store), not the working or config folder",
    "                          nor inside .git, and not the synth output folder (--synth-dir), one inside it",
    "                          or one holding it (golive synth replaces it whole); a missing one is created",
    "                          only inside the working directory;",
    "                          a <stack>.json there is replaced only when golive wrote it",
    "  --concurrency N         stacks planned at once (default: 2)",
    "  --config-dir DIR        configs, when synthesizing first (default: config)",
    "  --detailed-exitcode     exit 2 when changes are present, 0 when none, 1 on any error",
    "  --no-lock               plan without the state lock (terraform plan -lock=false): pull-request plans,",
    "                          which must never make a deploy wait (not with --keep-plan-file)",
    `  --keep-plan-file        keep each stack's binary plan as cdktf.out/stacks/<stack>/${PLAN_FILE} for`,
    `                          \`terraform apply ${PLAN_FILE}\` (the deploy applies what plan-compare checked).`,
    "                          It holds sensitive values in the clear. A plan to apply gets no webhook",
    "                          placeholder: set the alert webhook variables (TF_VAR_alert_webhook_*)",
    ...PLAN_REPORT_OPTIONS,
  ].join("\n"),
  async run(args, io) {
    if (!args.includes("--detailed-exitcode")) return plan(args, io, false);
    // As terraform's -detailed-exitcode: 2 means "changes present", so every error, a usage error too, is 1.
    try {
      return await plan(args, io, true);
    } catch (err) {
      if (err instanceof UnsafeOutputError || err instanceof ConfigLinkError || err instanceof ConfigFileKindError) {
        io.stderr.write(`golive plan: ${err instanceof UnsafeOutputError ? err.message : err.describe(io.cwd)}\n`);
        return EXIT.failure;
      }
      if (!(err instanceof UsageError)) throw err;
      io.stderr.write(`golive plan: ${err.message}\nsee: golive plan --help\n`);
      return EXIT.failure;
    }
  },
};

/** `changes present` is 2, as terraform's; the type says exit codes are 0, 1 or 2, and 2 is also usage. */
const CHANGES_PRESENT: ExitCode = 2;

async function plan(args: readonly string[], io: CliIo, detailed: boolean): Promise<ExitCode> {
  const parsed = parseArgs(args, COMMAND_SPECS.plan.flags);
  const concurrency = intFlag(parsed, "concurrency", { min: 1, max: 16, fallback: DEFAULT_CONCURRENCY });
  if (parsed.booleans.has("no-lock") && parsed.booleans.has("keep-plan-file"))
    throw new UsageError("--no-lock and --keep-plan-file together: a plan kept to be applied is made under the state lock");
  // Every flag is judged before anything is synthesized, initialized or planned: a bad one costs nothing.
  const configDir = configDirFlag(parsed, io.cwd);
  const synthDir = synthDirFlag(parsed, "synth-dir", io.cwd);
  const synthesized = hasSynthOutput(synthDir);
  // The folder a synth would replace first: refused as such, it is named for what it is (the working directory).
  if (!synthesized) checkSynthDir(synthDir, parsed.values.has("synth-dir") ? "synth-dir" : undefined, io.cwd, configDir);
  const planDir = planDirFlag(parsed, DEFAULT_PLAN_DIR, io.cwd, configDir, synthDir);
  const report = reportOptions(parsed, io, configDir, "Nothing was planned.");
  if (report === undefined) return EXIT.failure;
  // A plugin cache terraform could not use would fail every stack, after a synth and a plans folder.
  checkPluginCacheSetting(io);
  if (!synthesized && !ensureSynth(synthDir, configDir, io)) return EXIT.failure;
  const available = synthesizedStacks(synthDir);
  const unknown = parsed.positionals.filter((s) => !available.includes(s));
  if (unknown.length > 0) throw new UsageError(`unknown stack ${unknown.join(", ")} (synthesized: ${available.join(", ") || "none"})`);
  const stacks = parsed.positionals.length > 0 ? [...new Set(parsed.positionals)] : available;
  if (stacks.length === 0) throw new UsageError(`no synthesized stacks in ${displayPath(io.cwd, synthDir)}`);
  checkPlanFiles(planDir, stacks, parsed.values.has("plan-dir"), io.cwd, configDir, {
    output: report.output,
    "full-report": report.fullReport,
    digest: report.digest,
  });
  // A synth made from another config, missing a stack, or of an environment whose config file is gone
  // would plan what the config does not say (one just made is current).
  const envs = [...new Set(stacks.flatMap((s) => parseStackName(s)?.environment ?? []))];
  const stale = synthesized ? synthStaleness("plan", synthDir, configDir, envs, io.cwd) : undefined;
  if (stale !== undefined) {
    io.stderr.write(`${stale}\nNothing was planned.\n`);
    return EXIT.failure;
  }

  const name = terraformBinaryName(io.env);
  const binary = findBinary(name, io.env, io.cwd);
  if (binary === undefined) {
    io.stderr.write(
      `plan: "${name}" was not found on PATH: install Terraform >= 1.11${name === "terraform" ? "" : ` or fix TERRAFORM_BINARY_NAME`} (TERRAFORM_BINARY_NAME=tofu uses OpenTofu). No stack was planned.\n`,
    );
    return EXIT.failure;
  }
  // A stack folder that is not the synth output's own is refused before the cache is made or a line printed.
  checkStackFolders(
    synthDir,
    stacks.map((s) => requireSynthesizedStack(synthDir, s)),
  );
  // One provider plugin cache for every stack and run: each init links providers instead of downloading.
  // Made before planStacks makes the plans folder, so a cache that cannot be made leaves nothing.
  const env = terraformEnvOf(io);
  io.stderr.write(`plan: ${stacks.length} stack${stacks.length === 1 ? "" : "s"} with ${name}, ${concurrency} at a time\n`);
  let done = 0;
  const outcomes = await planStacks(stacks, {
    binary,
    env,
    synthDir,
    planDir,
    concurrency,
    keepPlanFile: parsed.booleans.has("keep-plan-file"),
    noLock: parsed.booleans.has("no-lock"),
    progress: (line, finished) => {
      if (finished) done++;
      io.stderr.write(`plan: [${done}/${stacks.length}] ${line}\n`);
    },
  });
  for (const o of outcomes)
    if (!o.ok) io.stderr.write(`plan: ${o.stack} failed at ${o.failedAt}:\n${(o.error ?? "").replace(/^/gm, "  ")}\n`);
  // With --updates-only, a kept plan file survives only a run that proved it holds in-place updates
  // alone: a refusal, or any failure before the check was made (an --output that cannot be written,
  // an exception), removes them all, for a script that ignores the exit code. (Flags and the rules
  // file were judged before anything was planned.)
  const updatesOnly = parsed.booleans.has("updates-only") || parsed.booleans.has("release-only");
  let proven = false;
  try {
    const outcome = await reportPlans(
      outcomes.flatMap((o) => (o.planJson ? [o.planJson] : [])),
      report,
      parsed,
      io,
      undefined,
      "plan",
    );
    proven = !outcome.refused && outcome.code === EXIT.ok && outcomes.every((o) => o.ok);
    if (outcomes.some((o) => !o.ok) || outcome.code !== EXIT.ok) return EXIT.failure;
    return detailed && outcome.changesPresent ? CHANGES_PRESENT : EXIT.ok;
  } finally {
    if (updatesOnly && !proven) {
      const discarded = discardPlanFiles(outcomes);
      if (discarded.length > 0)
        io.stderr.write(`golive plan: removed the saved ${PLAN_FILE} of ${discarded.join(", ")}: there is nothing to apply\n`);
    }
  }
}
