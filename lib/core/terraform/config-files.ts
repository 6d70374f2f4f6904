/**
 * Which files of a stack's folder Terraform reads besides the `cdk.tf.json` cdktf writes. Terraform
 * loads every `*.tf` and `*.tf.json` file of its working directory as configuration (`*_override.tf`
 * and `override.tf.json` merged over the rest) and `terraform.tfvars(.json)` and `*.auto.tfvars(.json)`
 * as variable values (https://developer.hashicorp.com/terraform/language/files,
 * .../language/values/variables#variable-definition-precedence). golive's digest, checks and
 * configuration diff read only `cdk.tf.json`, so any such file would be applied without review.
 */
import { readdirSync } from "node:fs";

/** The one configuration file of a synthesized stack. */
const STACK_FILE = "cdk.tf.json";

/**
 * Names Terraform reads as configuration or variables. Stricter than Terraform by design: it skips
 * names starting with `.` or ending in `~` (editor files), refused here all the same, as simpler to
 * review than Terraform's exceptions.
 */
const CONFIG_NAME = /\.tf(\.json)?$/;
const VARIABLES_NAME = /^terraform\.tfvars(\.json)?$|\.auto\.tfvars(\.json)?$/;

export function isTerraformInput(name: string): boolean {
  return name !== STACK_FILE && (CONFIG_NAME.test(name) || VARIABLES_NAME.test(name));
}

/** The names of `dir`'s entries Terraform would read besides `cdk.tf.json`, sorted; throws what readdirSync throws. */
export function otherTerraformInputs(dir: string): string[] {
  return readdirSync(dir).filter(isTerraformInput).sort();
}
