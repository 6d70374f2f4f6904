import { parseDmarc, rampSuggestion } from "../dmarc";
import { hasEmail } from "../resources";
import { resourceFinding } from "../../../core/readiness/model";
import { type Finding, notApplicable, outcome, type Rule } from "../../../platform/readiness";
import { dmarcRecords } from "./GL-MAIL-003";

export const dmarcEnforcing: Rule = {
  id: "GL-MAIL-004",
  title: "DMARC policy enforces (quarantine or reject) on all mail",
  severity: "warning",
  row: "email-domain-ssl",
  explanation:
    "p=none only watches: forged mail in the app's name is still delivered. sp is the policy for subdomains without a DMARC record of their own (RFC 7489 6.3), so sp=none delivers mail forged from any of them even under p=reject. p=none is the right first step of the ramp (and what bulk-sender rules require at minimum), so it warns rather than blocks.",
  fix: "Once aggregate reports show legitimate mail passing, set email.dmarc.policy to quarantine, raise pct to 100, then reject; set email.dmarc.subdomainPolicy to quarantine or reject, or omit it so subdomains get the policy.",
  check({ env }) {
    if (!hasEmail(env)) return notApplicable("no SES identity or SPF record in this environment");
    const findings: Finding[] = [];
    for (const record of dmarcRecords(env).records) {
      const { tags } = parseDmarc(record.value);
      const p = tags.get("p");
      const sp = tags.get("sp");
      const pct = Number(tags.get("pct") ?? "100");
      if (p === "none") findings.push(resourceFinding(record.resource, `${record.name}: p=none; next: ${rampSuggestion("none", pct)}`));
      else if ((p === "quarantine" || p === "reject") && pct < 100)
        findings.push(
          resourceFinding(record.resource, `${record.name}: p=${p} applies to ${pct}% of failing mail; next: ${rampSuggestion(p, pct)}`),
        );
      // Without sp, subdomains get p (RFC 7489 6.3), which the p=none finding above already names.
      if (sp === "none" && p !== "none")
        findings.push(
          resourceFinding(
            record.resource,
            `${record.name}: sp=none: mail forged from any subdomain without a DMARC record of its own is delivered although p=${p}; next: sp=quarantine, then sp=reject (email.dmarc.subdomainPolicy)`,
          ),
        );
    }
    return outcome(findings);
  },
};
