import { ACCESS_SECRET_FORMS, ACCESS_SECRET_LOOK_ALIKES, ACCESS_SECRETS } from "./access-secret-forms";
import { plantedFormTests } from "./planted-forms";

// An Access service token's secret after its header or under client_secret (access-secret-forms.ts),
// with look-alikes that must pass, planted in the shared repository (planted-repository.ts) and scanned once.

describe("secret-scan gate: a Cloudflare Access service token's secret", () => {
  plantedFormTests({
    forms: ACCESS_SECRET_FORMS,
    lookAlikes: ACCESS_SECRET_LOOK_ALIKES,
    secrets: ACCESS_SECRETS,
    lookAlikesPass: "a reference, the client id alone, a digest under another name",
  });
});
