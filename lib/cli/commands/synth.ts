import { ConfigErrors } from "../../config/errors";
import { checkInsideConfigFolder } from "../../config/inside-folder";
import { describeSkipped, skippedConfigFiles } from "../../engines/config/file-names";
import { loadEnvironments } from "../../engines/config/load";
import { inventoryFile } from "../../engines/synth/protected-inventory";
import { synthesizeToDisk } from "../../engines/synth/synthesize";
import { configDirSuffix } from "../../core/config-dir-argument";
import { displayPath } from "../../core/display-path";
import { UnsafeOutputError } from "../../core/output-file";
import { parseArgs } from "../args";
import { COMMAND_SPECS } from "../command-specs";
import { configuredEnvironments, requireKnownEnvironments } from "../environments";
import { checkSynthDir, configDirFlag, synthDirFlag } from "../path-flags";
import { skippedFilesNote } from "../skipped-files";
import { type Command, EXIT } from "../types";

export const synthCommand: Command = {
  name: "synth",
  summary: "Validate config and synthesize every stack into cdktf.out (as `cdktf synth` does)",
  usage: [
    "Usage: golive synth [<env>...] [--config-dir DIR] [--output DIR] [--record-protected] [--json]",
    "",
    "Validates config/<env>.yaml for each environment (all by default), reports every problem at once,",
    "and writes the Terraform JSON of each stack (edge-<env>, ...) to the output directory, which",
    "`cdktf diff|deploy <stack>` then use. On any config error nothing is written and an existing output",
    "directory is left untouched. Naming environments keeps the others' stacks in the output; the stacks",
    "of an environment whose config file is gone are dropped. An output is the synth of one config folder",
    "(its golive.json records it): a synth from another --config-dir that would drop environments whose",
    "files are still in the recorded folder is refused, naming them (exit 2, nothing written); give that",
    "folder an output of its own (--output DIR). A file of the config folder passed over for its name",
    "(uat.YAML, qa.json.bak) is named in a note on stderr, and in the error for an environment it looks like.",
    "",
    "Rename guard: every resource golive marks prevent_destroy is listed in config/protected/<env>.json",
    "(commit it). A synth that no longer declares a listed one fails: a renamed construct id would destroy",
    "it. Keep its address (resource.moveFromId), or delete its entry in the same change to remove it.",
    "",
    "Options:",
    "  --config-dir DIR  where the environment configs are (default: config)",
    "  --output DIR      output directory (default: cdktf.out): missing, empty, or a previous synth output",
    "                    holding nothing else at any depth (besides what terraform and cdktf leave in a",
    "                    stack's folder: .terraform, .terraform.lock.hcl, a plan file); never the working",
    "                    or config folder, a folder holding them, or inside .git or the config folder; a",
    "                    missing folder is created only inside the working directory, and a link is followed",
    "                    only to a folder within it (exit 2)",
    "  --record-protected  write config/protected/<env>.json with the protected resources declared now",
    "                    (first synth, or after adding one); never records a removal",
    "  --json            print {stacks, outdir} as JSON",
  ].join("\n"),
  async run(args, io) {
    const parsed = parseArgs(args, COMMAND_SPECS.synth.flags);
    const configDir = configDirFlag(parsed, io.cwd);
    const configured = configuredEnvironments(configDir);
    const folder = { configDir, cwd: io.cwd };
    requireKnownEnvironments(parsed.positionals, configured, { folder });
    const outdir = synthDirFlag(parsed, "output", io.cwd);
    // A flag is judged before any work (help's promise: a refused path is a usage error, exit 2, whatever
    // the configs hold), and a folder synth may not replace costs nothing.
    checkSynthDir(outdir, parsed.values.has("output") ? "output" : undefined, io.cwd, configDir);
    // A config named so that it is never read (uat.YAML) would otherwise pass unseen.
    const skipped = configured === undefined ? undefined : skippedFilesNote(folder, configured);
    if (skipped !== undefined) io.stderr.write(`note: ${skipped}\n`);
    try {
      const configs = loadEnvironments(configDir, parsed.positionals, io.cwd);
      if (configs.size === 0)
        throw new UnsafeOutputError(
          `no environment to synthesize${describeSkipped(skippedConfigFiles(configDir))}; ${displayPath(io.cwd, outdir)} is left as it is`,
        );
      for (const env of configs.keys()) checkInsideConfigFolder(inventoryFile(configDir, env), configDir);
      const result = synthesizeToDisk({
        configs,
        outdir,
        protectedDirs: [io.cwd, configDir],
        projectRoot: io.cwd,
        inventory: { configDir, record: parsed.booleans.has("record-protected") },
        onNote: (note) => io.stderr.write(`note: ${note}\n`),
      });
      if (parsed.booleans.has("json")) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else
        io.stdout.write(
          `Synthesized ${result.stacks.length} stack${result.stacks.length === 1 ? "" : "s"} into ${displayPath(io.cwd, result.outdir)}:\n${result.stacks.map((s) => `  ${s}`).join("\n")}\n`,
        );
      for (const env of result.inventory?.recorded ?? [])
        io.stderr.write(
          `Recorded the protected resources of ${env} in ${displayPath(io.cwd, inventoryFile(configDir, env))}: commit it.\n`,
        );
      const unrecorded = Object.entries(result.inventory?.unrecorded ?? {});
      if (unrecorded.length > 0)
        io.stderr.write(
          `note: protected resources not yet recorded: ${unrecorded.map(([env, n]) => `${n} of ${env} (${displayPath(io.cwd, inventoryFile(configDir, env))})`).join(", ")}; run golive synth --record-protected${configDirSuffix(configDir, io.cwd)} and commit the files, so a renamed construct cannot destroy them.\n`,
        );
      return EXIT.ok;
    } catch (err) {
      if (!(err instanceof ConfigErrors)) throw err;
      io.stderr.write(`${err.message}\nNo stack was written.\n`);
      return EXIT.failure;
    }
  },
};
