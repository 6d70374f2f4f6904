import type { Finding, Rule } from "../../../platform/readiness";
import { outcome } from "../../../platform/readiness";

export const exemptionUnknownRule: Rule = {
  id: "GL-READY-002",
  title: "Every exemption names an existing rule",
  severity: "warning",
  row: "rollback-handover",
  exemptable: false,
  explanation: "An exemption with a mistyped rule id exempts nothing, and whoever wrote it believes a rule is covered when it is not.",
  fix: "Use a rule id as `golive check --format json` lists it, or remove the exemption.",
  check({ config, knownRuleIds }) {
    if (!config) return outcome([]);
    const findings: Finding[] = [];
    config.readiness.exemptions.forEach((e, i) => {
      if (!knownRuleIds.has(e.rule))
        findings.push({
          message: `the exemption names ${e.rule}, which is not a rule`,
          location: { kind: "config", file: config.file, path: `readiness.exemptions[${i}].rule` },
        });
    });
    return outcome(findings);
  },
};
