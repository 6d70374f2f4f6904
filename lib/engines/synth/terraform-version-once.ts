import { ValidateBinaryVersion } from "cdktf/lib/validations/validate-binary-version";

/**
 * cdktf checks the Terraform version of every construct that needs a minimum one (each import block,
 * moved resource and terraform_data) by running `terraform version` through a shell, once per construct
 * per synth (cdktf/lib/validations/validate-binary-version.js): a zone with 40 adopted records started 40
 * processes, ~0.1 s each. The answer cannot change during one process, so each distinct check (binary,
 * constraint, command, hint) runs once and its result is reused; a missing or old terraform still
 * fails every synth that needs it. cdktf 0.21.0 is the final release, so this internal stays as it is.
 */
export function checkTerraformVersionOnce(): void {
  if (patched) return;
  patched = true;
  const validateEach = ValidateBinaryVersion.prototype.validate;
  const results = new Map<string, string[]>();
  ValidateBinaryVersion.prototype.validate = function validate(this: ValidateBinaryVersion): string[] {
    // The instance's own fields (binary, constraint, command, hint) name the check.
    const key = JSON.stringify(this);
    let result = results.get(key);
    if (result === undefined) {
      result = validateEach.call(this);
      results.set(key, result);
    }
    return [...result];
  };
}
let patched = false;
