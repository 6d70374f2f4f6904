/**
 * Jest setup file: the synth engine's once-per-process `terraform version` check
 * (lib/engines/synth/terraform-version-once.ts) also for stacks the tests synthesize directly.
 */
import { checkTerraformVersionOnce } from "../../lib/engines/synth/terraform-version-once";

checkTerraformVersionOnce();
