import { daysBetween } from "../../../core/dates";
import type { Finding, Rule } from "../../../platform/readiness";
import { outcome } from "../../../platform/readiness";

export const attestationsFresh: Rule = {
  id: "GL-READY-003",
  title: "Attestations were reviewed within attestationMaxAgeDays",
  severity: "warning",
  row: "rollback-handover",
  exemptable: false,
  explanation:
    "An attestation vouches for the app as it was on its date; after months of changes the evidence may describe code that no longer exists, and its owner may have moved on.",
  fix: "Review the control again, then update the attestation's date and evidence (or its owner).",
  check({ config, today }) {
    if (!config) return outcome([]);
    const max = config.readiness.attestationMaxAgeDays;
    const findings: Finding[] = [];
    config.readiness.attestations.forEach((a, i) => {
      const age = daysBetween(a.date, today);
      if (age > max)
        findings.push({
          message: `"${a.item}" was attested on ${a.date}, ${age} days ago; stale after ${max} days`,
          location: { kind: "config", file: config.file, path: `readiness.attestations[${i}]` },
        });
    });
    return outcome(findings);
  },
};
