import { hasSynthOutput, listSynthesizedStacks, stackBackend } from "../../core/synth-output";
import { inDeployOrder, parseStackName } from "../../engines/synth/deploy-order";
import { readSynthOutputRecord } from "../../engines/synth/record";
import { displayPath } from "../../core/display-path";
import { parseArgs } from "../args";
import { COMMAND_SPECS } from "../command-specs";
import { requireKnownEnvironments } from "../environments";
import { configDirFlag, synthDirFlag } from "../path-flags";
import { checkReadPath, SYNTH_OUTPUT_DIR } from "../read-path-flags";
import { recordedStaleness } from "../stale-synth";
import { synthesizedEnvironments } from "../synthesized-environments";
import { type Command, EXIT } from "../types";
import { declarationOf, SELECTION_USAGE, selects, stackSelection } from "./stacks-selection";

/**
 * A listed stack that depends on another environment's stack the list leaves out (access-qa on the
 * access-prod that creates the account's OIDC provider): a loop over the list deploys with
 * --ignore-missing-stack-dependencies, so the order is said on stderr (stdout is parsed by workflows).
 */
function outsideDependencyNotes(stacks: readonly { name: string; environment: string; dependsOn: readonly string[] }[]): string[] {
  const listed = new Set(stacks.map((s) => s.name));
  return stacks.flatMap((s) =>
    s.dependsOn
      .filter((d) => !listed.has(d) && parseStackName(d)?.environment !== s.environment)
      .map((d) => `golive stacks: note: ${s.name} depends on ${d} (another environment), which is not listed: apply ${d} first`),
  );
}

export const stacksCommand: Command = {
  name: "stacks",
  summary: "List the synthesized stacks in deploy order (what workflows plan and deploy)",
  usage: [
    "Usage: golive stacks [<env>...] [--dir DIR] [--config-dir DIR] [--exclude KIND]... [--applied-by ROLE]",
    "                     [--state-in-backend] [--state-without-secrets] [--json]",
    "",
    "Reads DIR/manifest.json (as `golive synth` and `cdktf synth` write it) and prints one stack name per",
    "line in deploy order: each after the stacks it depends on (manifest.json), environment by environment.",
    "Workflows use it instead of listing directories, and select stacks by what each declares instead of",
    "naming kinds. Selectors combine: a stack is listed when it passes every one given.",
    "Nothing is listed from a stale synth output (exit 1, naming the synth to run): one missing a stack",
    "golive synth wrote, holding one it did not or one changed since (golive.json records them and each",
    "stack file's SHA-256), or holding an environment whose config file is gone; only the environments",
    "named are looked at, all when none is. A listed stack that depends on a stack of another environment",
    "left out of the list (access-qa on the access-prod that creates the account's OIDC provider) is named",
    "on stderr, with that stack to apply first; stdout stays the list.",
    "",
    "Options:",
    "  --dir DIR                synth output directory (default: cdktf.out); a DIR given that is missing, no",
    "                           folder or holds no synth output (no manifest.json) is a usage error (exit 2);",
    "                           with no synth output in the default cdktf.out, exit 1: run golive synth first",
    "  --config-dir DIR         the configs, whose files say which environments still exist (default: config)",
    ...SELECTION_USAGE,
    "  --json                   print [{name, kind, environment, dir, file, dependsOn, deployAfter, appliedBy,",
    "                           stateHoldsSecrets, backend}] with paths relative to the working directory; deployAfter",
    "                           is the environment's secrets.github.deployAfter as synthesized (null: none), the deploy",
    "                           workflow's promotion order; appliedBy and stateHoldsSecrets as the stack declares;",
    "                           backend where its state lives, as its cdk.tf.json declares it (local, s3, cloud; null:",
    "                           none): the CI workflows refuse an environment whose stacks they apply keep local state",
  ].join("\n"),
  async run(args, io) {
    const parsed = parseArgs(args, COMMAND_SPECS.stacks.flags);
    const dir = synthDirFlag(parsed, "dir", io.cwd);
    const selection = stackSelection(parsed);
    const configDir = configDirFlag(parsed, io.cwd);
    if (parsed.values.has("dir")) checkReadPath("dir", dir, SYNTH_OUTPUT_DIR, io.cwd);
    if (!hasSynthOutput(dir)) {
      io.stderr.write(`golive stacks: ${displayPath(io.cwd, dir)} holds no synth output (no manifest.json); run golive synth first\n`);
      return EXIT.failure;
    }
    requireKnownEnvironments(parsed.positionals, synthesizedEnvironments(dir));
    // The workflows deploy what this lists: never the stacks of a deleted environment, nor a list missing one.
    const stale = recordedStaleness("stacks", dir, configDir, parsed.positionals, io.cwd);
    if (stale !== undefined) {
      io.stderr.write(`${stale}\n`);
      return EXIT.failure;
    }
    const stacks = inDeployOrder(listSynthesizedStacks(dir))
      .map((s) => ({ ...s, declared: declarationOf(s.kind) }))
      .filter(
        (s) =>
          (parsed.positionals.length === 0 || parsed.positionals.includes(s.environment)) &&
          s.declared !== undefined &&
          selects(selection, s.declared),
      );
    if (parsed.booleans.has("json")) {
      const rel = (p: string) => displayPath(io.cwd, p);
      const { deployAfter } = readSynthOutputRecord(dir);
      io.stdout.write(
        `${JSON.stringify(
          stacks.map((s) => ({
            name: s.name,
            kind: s.kind,
            environment: s.environment,
            dir: rel(s.dir),
            file: rel(s.file),
            dependsOn: s.dependsOn,
            deployAfter: deployAfter.get(s.environment) ?? null,
            appliedBy: s.declared?.appliedBy,
            stateHoldsSecrets: s.declared?.stateHoldsSecrets,
            backend: stackBackend(s),
          })),
          null,
          2,
        )}\n`,
      );
    } else if (stacks.length > 0) {
      for (const note of outsideDependencyNotes(stacks)) io.stderr.write(`${note}\n`);
      io.stdout.write(`${stacks.map((s) => s.name).join("\n")}\n`);
    }
    return EXIT.ok;
  },
};
