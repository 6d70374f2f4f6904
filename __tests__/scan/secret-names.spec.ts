import { plantedFormTests } from "./planted-forms";
import { SECRET_NAME_FORMS, SECRET_NAME_LOOK_ALIKES, SECRET_NAME_SECRETS } from "./secret-name-forms";

// 64-hex and 40+ character random values under a secret-like name (secret-name-forms.ts), with
// look-alikes that must pass, planted in the shared repository (planted-repository.ts) and scanned once.

describe("secret-scan gate: secrets under a bare secret name", () => {
  plantedFormTests({
    forms: SECRET_NAME_FORMS,
    lookAlikes: SECRET_NAME_LOOK_ALIKES,
    secrets: SECRET_NAME_SECRETS,
    lookAlikesPass: "a reference, a placeholder, a digest under another name or words",
  });
});
