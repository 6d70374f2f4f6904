import { checkDmarc } from "../../domain/email/dmarc";
import { dmarcFor, hasEmail, sesDomainIdentities, txtRecords } from "../email";
import { envFinding, resourceFinding } from "../model";
import { Finding, notApplicable, outcome, Rule } from "../types";

/** DMARC findings that fail launch: invalid records, monitor-only policy, no aggregate reports. */
const BLOCKING_CODES = ["dmarc-monitor-only", "dmarc-no-rua"];

export const dmarc: Rule = {
  id: "GL-MAIL-003",
  title: "DMARC is valid, enforcing (quarantine or reject) and reports somewhere",
  severity: "blocker",
  row: "email-domain-ssl",
  explanation: "DMARC is what stops others sending as the domain: p=none only watches, and without rua nobody notices spoofing or broken legitimate mail.",
  fix: "Set email.dmarc.policy to quarantine (then reject) and email.dmarc.rua to a monitored mailbox.",
  check({ env }) {
    if (!hasEmail(env)) return notApplicable("no SES identity or SPF record in this environment");
    const txts = txtRecords(env);
    const domains = new Set(sesDomainIdentities(env).map((i) => i.domain));
    for (const t of txts) if (/^v=spf1\b/i.test(t.value)) domains.add(t.name);
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const domain of domains) {
      const record = dmarcFor(txts, domain);
      if (!record) {
        findings.push(envFinding(env, `no _dmarc record governs ${domain}`, "email"));
        continue;
      }
      if (seen.has(record.name)) continue;
      seen.add(record.name);
      for (const f of checkDmarc(record.value)) {
        if (f.severity === "error" || BLOCKING_CODES.includes(f.code)) findings.push(resourceFinding(record.resource, `${record.name}: ${f.message}`));
      }
    }
    return outcome(findings);
  },
};
