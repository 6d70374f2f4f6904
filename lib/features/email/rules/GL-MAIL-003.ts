import { checkDmarc } from "../dmarc";
import { dmarcFor, hasEmail, sesDomainIdentities, type TxtRecord, txtRecords } from "../resources";
import { envFinding, type EnvView, resourceFinding } from "../../../core/readiness/model";
import { type Finding, notApplicable, outcome, type Rule } from "../../../platform/readiness";

/** Besides invalid records: no aggregate reports fails launch. A monitor-only policy is GL-MAIL-004. */
const BLOCKING_CODES = ["dmarc-no-rua"];

/** The `_dmarc` record of every sending domain; missing ones are findings. */
export function dmarcRecords(env: EnvView): { records: TxtRecord[]; findings: Finding[] } {
  const txts = txtRecords(env);
  const domains = new Set(sesDomainIdentities(env).map((i) => i.domain));
  for (const t of txts) if (/^v=spf1\b/i.test(t.value)) domains.add(t.name);
  const records = new Map<string, TxtRecord>();
  const findings: Finding[] = [];
  for (const domain of domains) {
    const record = dmarcFor(txts, domain);
    if (record) records.set(record.name, record);
    else findings.push(envFinding(env, `no _dmarc record governs ${domain}`, "email"));
  }
  return { records: [...records.values()], findings };
}

export const dmarc: Rule = {
  id: "GL-MAIL-003",
  title: "DMARC records are valid and send aggregate reports somewhere",
  severity: "blocker",
  row: "email-domain-ssl",
  explanation:
    "An invalid DMARC record is ignored by receivers as if there were none, and without rua nobody sees the reports that show spoofing or broken legitimate mail.",
  fix: "Configure email.dmarc (policy, rua to a monitored mailbox); golive renders a valid record at _dmarc.<domain>.",
  check({ env }) {
    if (!hasEmail(env)) return notApplicable("no SES identity or SPF record in this environment");
    const { records, findings } = dmarcRecords(env);
    for (const record of records) {
      for (const f of checkDmarc(record.value)) {
        if (f.severity === "error" || BLOCKING_CODES.includes(f.code))
          findings.push(resourceFinding(record.resource, `${record.name}: ${f.message}`));
      }
    }
    return outcome(findings);
  },
};
