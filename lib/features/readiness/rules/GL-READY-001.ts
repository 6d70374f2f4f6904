import type { Finding, Rule } from "../../../platform/readiness";
import { outcome } from "../../../platform/readiness";

export const exemptionExpired: Rule = {
  id: "GL-READY-001",
  title: "No exemption has expired",
  severity: "blocker",
  row: "rollback-handover",
  exemptable: false,
  explanation:
    "An exemption is a dated promise to fix something; once it expires the rule counts again and the promise needs a decision: fix it, or renew with a new reason.",
  fix: "Fix what the exempted rule reports and remove the exemption, or extend `expires` with an updated reason.",
  check({ config, today }) {
    if (!config) return outcome([]);
    const findings: Finding[] = [];
    config.readiness.exemptions.forEach((e, i) => {
      if (e.expires < today)
        findings.push({
          message: `the exemption of ${e.rule} expired on ${e.expires}`,
          location: { kind: "config", file: config.file, path: `readiness.exemptions[${i}]` },
        });
    });
    return outcome(findings);
  },
};
