import { checkDmarc } from "../dmarc";
import { checkPolicyRecordCount } from "../policy-records";
import { dmarcFor, hasEmail, sesDomainIdentities, type TxtRecord, txtRecords } from "../resources";
import { envFinding, type EnvView, resourceFinding } from "../../../core/readiness/model";
import { type Finding, notApplicable, outcome, type Rule } from "../../../platform/readiness";
import { groupBy } from "../../../core/group-by";

/** Besides invalid records: no aggregate reports fails launch. A monitor-only policy is GL-MAIL-004. */
const BLOCKING_CODES = ["dmarc-no-rua"];

/**
 * More than one DMARC record at a `_dmarc` name: receivers then apply no DMARC at all (RFC 7489 6.6.3),
 * counted as config validation counts them (policy-records.ts), at the first of them.
 */
function dmarcCountFindings(txts: readonly TxtRecord[]): Finding[] {
  const findings: Finding[] = [];
  for (const [name, here] of groupBy(
    txts.filter((t) => t.name.startsWith("_dmarc.")),
    (t) => t.name,
  )) {
    for (const { members, finding } of checkPolicyRecordCount(
      name,
      here.map((t) => ({ type: "TXT", text: t.value })),
    )) {
      const first = here[members[0] ?? 0];
      if (first) findings.push(resourceFinding(first.resource, finding.message));
    }
  }
  return findings;
}

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
    "An invalid DMARC record, or more than one at a name (RFC 7489 6.6.3), is ignored by receivers as if there were none, and without rua nobody sees the reports that show spoofing or broken legitimate mail.",
  fix: "Configure email.dmarc (policy, rua to a monitored mailbox); golive renders a valid record at _dmarc.<domain>. Remove any other DMARC record at that name.",
  check({ env }) {
    if (!hasEmail(env)) return notApplicable("no SES identity or SPF record in this environment");
    const { records, findings } = dmarcRecords(env);
    findings.push(...dmarcCountFindings(txtRecords(env)));
    for (const record of records) {
      for (const f of checkDmarc(record.value)) {
        if (f.severity === "error" || BLOCKING_CODES.includes(f.code))
          findings.push(resourceFinding(record.resource, `${record.name}: ${f.message}`));
      }
    }
    return outcome(findings);
  },
};
