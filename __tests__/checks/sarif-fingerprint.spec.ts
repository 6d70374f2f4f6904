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

  test("findings that differ by a rule id or an index keep different fingerprints", () => {
    const where = "config/staging.yaml";
    expect(fingerprint("GL-READY-001", where, "the exemption of GL-EDGE-004 expired on 2026-01-02")).not.toBe(
      fingerprint("GL-READY-001", where, "the exemption of GL-EDGE-005 expired on 2026-01-02"),
    );
    expect(fingerprint("GL-AUTHZ-001", where, 'policies[0] (inline "a"): admits everyone')).not.toBe(
      fingerprint("GL-AUTHZ-001", where, 'policies[1] (inline "a"): admits everyone'),
    );
  });

  test("a finding whose dates move (an expiry, today) keeps its identity", () => {
    const where = "config/staging.yaml";
    expect(fingerprint("GL-READY-001", where, "the exemption of GL-EDGE-004 expired on 2026-01-02")).toBe(
      fingerprint("GL-READY-001", where, "the exemption of GL-EDGE-004 expired on 2026-02-13"),
    );
    expect(fingerprint("GL-READY-002", where, "2026-09-01 is more than 90 days after 2026-01-01; allowed: a date up to 2026-04-01")).toBe(
      fingerprint("GL-READY-002", where, "2026-09-01 is more than 90 days after 2026-01-02; allowed: a date up to 2026-04-02"),
    );
  });
});

describe("SARIF fingerprints: durations and ports", () => {
  const where = "config/production.yaml";
  test("a duration written with its unit (12d, 3h, 300s, 250ms) is masked as a count is", () => {
    expect(fingerprint("GL-READY-003", where, "reviewed 12d ago, 3h after the deploy, 300s timeout, 250ms p95")).toBe(
      fingerprint("GL-READY-003", where, "reviewed 13d ago, 4h after the deploy, 301s timeout, 260ms p95"),
    );
    // The unit stays: a duration in days and one in hours are different findings.
    expect(fingerprint("GL-READY-003", where, "reviewed 12d ago")).not.toBe(fingerprint("GL-READY-003", where, "reviewed 12h ago"));
  });

  test("a number after 'port ' is kept: findings that differ by port stay two", () => {
    expect(fingerprint("GL-EDGE-010", where, "origin answers on port 8443")).not.toBe(
      fingerprint("GL-EDGE-010", where, "origin answers on port 443"),
    );
  });
});
