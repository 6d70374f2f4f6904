import { PASSWORD_GAP_FORMS, PASSWORD_GAP_LOOK_ALIKES, PASSWORD_GAP_SECRETS } from "./password-gap-forms";
import { plantedFormTests } from "./planted-forms";

// Password forms the scan missed (password-gap-forms.ts): upper-case extensions, unquoted shell and
// Dockerfile values, connection strings, web.config, settings.xml, .netrc, .pgpass; with look-alikes
// that must pass, planted in the shared repository (planted-repository.ts) and scanned once.

describe("secret-scan gate: passwords in upper-case extensions, shell, connection strings and credential files", () => {
  plantedFormTests({
    forms: PASSWORD_GAP_FORMS,
    lookAlikes: PASSWORD_GAP_LOOK_ALIKES,
    secrets: PASSWORD_GAP_SECRETS,
    lookAlikesPass: "a reference, a placeholder or a command's output",
  });
});
