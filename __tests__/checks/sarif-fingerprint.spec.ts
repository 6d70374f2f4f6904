import { fingerprint } from "../../lib/engines/check/sarif";

describe("SARIF fingerprints", () => {
  test("a finding whose message only counts on (days, sizes) keeps its identity", () => {
    const a = fingerprint("GL-READY-003", "config/production.yaml", "attestation app-rbac is 120 days old; allowed: at most 90");
    const b = fingerprint("GL-READY-003", "config/production.yaml", "attestation app-rbac is 121 days old; allowed: at most 90");
    expect(a).toBe(b);
  });

  test("different rules, places or wording stay different findings", () => {
    const base = fingerprint("GL-READY-003", "config/production.yaml", "attestation app-rbac is 120 days old");
    expect(fingerprint("GL-READY-001", "config/production.yaml", "attestation app-rbac is 120 days old")).not.toBe(base);
    expect(fingerprint("GL-READY-003", "config/staging.yaml", "attestation app-rbac is 120 days old")).not.toBe(base);
    expect(fingerprint("GL-READY-003", "config/production.yaml", "attestation log-redaction is 120 days old")).not.toBe(base);
  });
});
