import { PASSWORD_FORMS, PASSWORD_LOOK_ALIKES, PASSWORD_SECRETS } from "./password-forms";
import { plantedFormTests } from "./planted-forms";

// A password literal in a JSON, Terraform, HCL, TOML, INI or .properties file (password-forms.ts), with
// look-alikes that must pass, planted in the shared repository (planted-repository.ts) and scanned once.

describe("secret-scan gate: a password literal outside YAML", () => {
  plantedFormTests({
    forms: PASSWORD_FORMS,
    lookAlikes: PASSWORD_LOOK_ALIKES,
    secrets: PASSWORD_SECRETS,
    lookAlikesPass: "a placeholder, a reference, an interpolation or a type name",
  });
});
