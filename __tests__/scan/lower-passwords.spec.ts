import { LOWER_PASSWORD_FORMS, LOWER_PASSWORD_LOOK_ALIKES, LOWER_PASSWORD_SECRETS } from "./lower-password-forms";
import { plantedFormTests } from "./planted-forms";

// All-lower-case passwords under password names (lower-password-forms.ts), with look-alikes that must
// pass, planted in the shared repository (planted-repository.ts) and scanned once.

describe("secret-scan gate: all-lower-case passwords in source, .env, shell and YAML short names", () => {
  plantedFormTests({
    forms: LOWER_PASSWORD_FORMS,
    lookAlikes: LOWER_PASSWORD_LOOK_ALIKES,
    secrets: LOWER_PASSWORD_SECRETS,
    lookAlikesPass: "a reference, a placeholder, a stand-in naming itself or a short word",
  });
});
