/**
 * Jest setup file. With validations on (Testing.synth(stack, true), app.synth()), cdktf runs
 * `terraform version` through a shell for every construct that needs a minimum Terraform: each
 * terraform_data resource, import block and moved resource (cdktf/lib/validations/
 * validate-binary-version.js). That is ~0.1 s of CPU per construct per synth, dozens per test folder,
 * and the answer cannot change while a test file runs: each distinct check (binary, version constraint,
 * hint, PATH) is run once per test file and its result reused. A missing or old terraform still fails
 * every synth that needs it. bin/golive.js is unaffected.
 */
import { ValidateBinaryVersion } from "cdktf/lib/validations/validate-binary-version";

const results = new Map<string, string[]>();
const validateOnce = ValidateBinaryVersion.prototype.validate;

ValidateBinaryVersion.prototype.validate = function validate(this: ValidateBinaryVersion): string[] {
  // The instance's own fields (binary, constraint, command, hint) name the check.
  const key = `${JSON.stringify(this)}\u0000${process.env.PATH ?? ""}`;
  let result = results.get(key);
  if (result === undefined) {
    result = validateOnce.call(this);
    results.set(key, result);
  }
  return [...result];
};
