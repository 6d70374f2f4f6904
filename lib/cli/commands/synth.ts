import { resolve } from "node:path";
import { ConfigErrors } from "../../config/errors";
import { loadEnvironments } from "../../engines/config/load";
import { synthesizeToDisk } from "../../engines/synth/synthesize";
import { displayPath } from "../../core/display-path";
import { parseArgs } from "../args";
import { COMMAND_SPECS } from "../command-specs";
import { configuredEnvironments, requireKnownEnvironments } from "../environments";
import { type Command, EXIT } from "../types";

export const synthCommand: Command = {
  name: "synth",
  summary: "Validate config and synthesize every stack into cdktf.out (as `cdktf synth` does)",
  usage: [
    "Usage: golive synth [<env>...] [--config-dir DIR] [--output DIR] [--json]",
    "",
    "Validates config/<env>.yaml for each environment (all by default), reports every problem at once,",
    "and writes the Terraform JSON of each stack (edge-<env>, ...) to the output directory, which",
    "`cdktf diff|deploy <stack>` then use. On any config error nothing is written and an existing output",
    "directory is left untouched.",
    "",
    "Options:",
    "  --config-dir DIR  where the environment configs are (default: config)",
    "  --output DIR      output directory (default: cdktf.out)",
    "  --json            print {stacks, outdir} as JSON",
  ].join("\n"),
  async run(args, io) {
    const parsed = parseArgs(args, COMMAND_SPECS.synth.flags);
    const configDir = resolve(io.cwd, parsed.values.get("config-dir") ?? "config");
    requireKnownEnvironments(parsed.positionals, configuredEnvironments(configDir));
    const outdir = resolve(io.cwd, parsed.values.get("output") ?? "cdktf.out");
    try {
      const result = synthesizeToDisk({
        configs: loadEnvironments(configDir, parsed.positionals, io.cwd),
        outdir,
        protectedDirs: [io.cwd, configDir],
      });
      if (parsed.booleans.has("json")) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else
        io.stdout.write(
          `Synthesized ${result.stacks.length} stack${result.stacks.length === 1 ? "" : "s"} into ${displayPath(io.cwd, result.outdir)}:\n${result.stacks.map((s) => `  ${s}`).join("\n")}\n`,
        );
      return EXIT.ok;
    } catch (err) {
      if (!(err instanceof ConfigErrors)) throw err;
      io.stderr.write(`${err.message}\nNo stack was written.\n`);
      return EXIT.failure;
    }
  },
};
