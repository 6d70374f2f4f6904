import { AUDIT_GAP_FORMS, AUDIT_GAP_LOOK_ALIKES, AUDIT_GAP_SECRETS } from "./audit-gap-forms";
import { plantedFormTests } from "./planted-forms";

// The secret-scan audit's misses (audit-gap-forms.ts), with look-alikes that must pass, planted in the
// shared repository (planted-repository.ts) and scanned once.

describe("secret-scan gate: the audit's misses (a workflow's, a Dockerfile's, a command line's Cloudflare token; passwords in code; renamed YAML and .env files)", () => {
  plantedFormTests({
    forms: AUDIT_GAP_FORMS,
    lookAlikes: AUDIT_GAP_LOOK_ALIKES,
    secrets: AUDIT_GAP_SECRETS,
    lookAlikesPass: "a reference, a placeholder, an id or a setting",
  });
});
