import { synthDirFlag } from "../path-flags";
import { SynthOutputError } from "../../core/synth-output";
import { OutputsError, stackOutputs, synthesizedStack, type TerraformFailure } from "../../engines/outputs/stack-outputs";
import { findBinary, looksLikeCredentials, terraformBinaryName } from "../../engines/plan/runner/terraform";
import { onePositional, parseArgs } from "../args";
import { COMMAND_SPECS } from "../command-specs";
import { checkPluginCacheSetting, terraformEnvOf } from "../plugin-cache";
import { checkReadPath, SYNTH_OUTPUT_DIR } from "../read-path-flags";
import { type Command, EXIT, UsageError } from "../types";

/** What each terraform step needs, so the reader knows where to look when its excerpt names no cause. */
const STEP_NEEDS: Readonly<Record<TerraformFailure["step"], string>> = {
  init: "terraform init installs the stack's providers (from the registry, or the plugin cache) and opens its backend",
  output: "terraform output reads the stack's state through its backend (S3: AWS credentials)",
};

/**
 * Terraform's error excerpt, indented as `golive plan` prints it, then what to do: the first line alone
 * ("Failed to query available provider packages") names neither the provider nor the cause.
 */
function failureText(f: TerraformFailure): string {
  const credentials = looksLikeCredentials(f.excerpt) ? " Credentials look missing or expired." : "";
  return `${f.excerpt.replace(/^/gm, "  ")}\n${STEP_NEEDS[f.step]}.${credentials} Fix the cause above, then run the same golive outputs command again.\n`;
}

export const outputsCommand: Command = {
  name: "outputs",
  summary: "A deployed stack's outputs as JSON (terraform init as needed, then terraform output -json)",
  usage: [
    "Usage: golive outputs <stack> [--dir DIR] [--json]",
    "",
    "Prints `terraform output -json` of a synthesized and deployed stack (cdktf.out/stacks/<stack>), running",
    "`terraform init -input=false` first when the stack has no .terraform yet (a first use) or its providers,",
    "backend or lock file changed since the last init. Works right after a synth, for example:",
    "  golive outputs email-production | golive zone production --values -",
    "  golive outputs edge-production > edge-outputs.json",
    "Sensitive outputs are listed with value null: golive never prints a secret.",
    "Terraform runs with CHECKPOINT_DISABLE=1, TF_IN_AUTOMATION=1 and the shared provider plugin cache",
    "(TF_PLUGIN_CACHE_DIR, relative to the working directory; default ~/.terraform.d/plugin-cache); the",
    "binary is `terraform` from PATH, or TERRAFORM_BINARY_NAME (e.g. tofu). Reading state needs the backend's",
    "credentials (S3: AWS).",
    "Exit 0 printed, 1 terraform missing or failed (its error as golive plan shows it: the Error: block,",
    "at most 8 lines, credentials redacted, then what to fix), 2 usage (an unknown stack, a plugin cache",
    "golive cannot create or write in).",
    "",
    "Options:",
    "  --dir DIR  synthesized output directory (default: cdktf.out); a path that holds no synth output is refused (exit 2)",
    "  --json     JSON (the only format; accepted for scripts that pass it to every command)",
  ].join("\n"),
  async run(args, io) {
    const parsed = parseArgs(args, COMMAND_SPECS.outputs.flags);
    const stack = onePositional(parsed, "stack", "golive outputs <stack>");
    const synthDir = synthDirFlag(parsed, "dir", io.cwd);
    if (parsed.values.has("dir")) checkReadPath("dir", synthDir, SYNTH_OUTPUT_DIR, io.cwd);
    const name = terraformBinaryName(io.env);
    const binary = findBinary(name, io.env, io.cwd);
    try {
      // The stack name is checked first: a typo is worth knowing before installing anything.
      synthesizedStack(synthDir, stack);
      checkPluginCacheSetting(io);
      if (binary === undefined) {
        io.stderr.write(
          `golive outputs: "${name}" was not found on PATH: install Terraform >= 1.11 (or set TERRAFORM_BINARY_NAME=tofu for OpenTofu)\n`,
        );
        return EXIT.failure;
      }
      const result = await stackOutputs({ synthDir, stack, binary, env: terraformEnvOf(io) });
      if (result.initialized) io.stderr.write(`outputs: ran terraform init in ${stack} first\n`);
      io.stdout.write(`${JSON.stringify(result.outputs, null, 2)}\n`);
      return EXIT.ok;
    } catch (err) {
      if (err instanceof OutputsError && err.usage) throw new UsageError(err.message);
      if (!(err instanceof OutputsError || err instanceof SynthOutputError)) throw err;
      const message = err instanceof SynthOutputError ? err.describe(io.cwd) : err.message;
      if (err instanceof OutputsError && err.terraform !== undefined) {
        io.stderr.write(`golive outputs: ${message}:\n${failureText(err.terraform)}`);
        return EXIT.failure;
      }
      io.stderr.write(`golive outputs: ${message.split("\n")[0]}\n`);
      return EXIT.failure;
    }
  },
};
