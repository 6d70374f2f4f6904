// Composition only: load every environment's config, build its stacks, synthesize.
// `cdktf synth` runs this file (cdktf.json) and passes CDKTF_OUTDIR; `golive synth` calls the same code.
import { ConfigErrors } from "./lib/config/errors";
import { UnsafeOutputError } from "./lib/core/output-file";
import { loadEnvironments } from "./lib/engines/config/load";

const configDir = process.env.GOLIVE_CONFIG_DIR ?? "config";
const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";
const only = (process.env.GOLIVE_ENVIRONMENTS ?? "").split(",").filter((e) => e !== "");

try {
  const configs = loadEnvironments(configDir, only);
  // cdktf and the providers load only once every config is valid: a bad config is refused in a fraction
  // of the time (require, not import(): the .ts loader hooks require).
  const { synthesizeToDisk } = require("./lib/engines/synth/synthesize") as typeof import("./lib/engines/synth/synthesize");
  synthesizeToDisk({ configs, outdir, protectedDirs: [process.cwd(), configDir], projectRoot: process.cwd(), inventory: { configDir } });
} catch (err) {
  if (err instanceof UnsafeOutputError) process.stderr.write(`${err.message}\n`);
  else if (err instanceof ConfigErrors) process.stderr.write(`${err.message}\nNo stack was written.\n`);
  else throw err;
  process.exitCode = 1;
}
