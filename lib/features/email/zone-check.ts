import { checkDkimRecord } from "./dkim";
import { checkDmarc } from "./dmarc";
import { checkReportAuthorisations } from "./dmarc-reports";
import type { EmailFinding } from "./findings";
import { checkPolicyRecordCount } from "./policy-records";
import { declaredMxHosts, declaredPresence, declaredSpf } from "./record-presence";
import { checkSpf, checkSpfCount, isSpf } from "./spf";
import { zoneTxtText } from "../../core/txt";
import { groupBy } from "../../core/group-by";
import type { ZoneCheckOptions, ZoneFinding, ZoneRecordLine } from "../../platform/feature";

export type { ZoneCheckOptions, ZoneFinding, ZoneRecordLine } from "../../platform/feature";

/**
 * The email rules over the records as synthesized (not as configured): one SPF, DMARC, MTA-STS and
 * TLS-RPT record and one DKIM key per name, SPF, DMARC (and its report authorisations) and DKIM key
 * rules, with the same void-lookup and include counting as config validation. `~all` is allowed here
 * because config validation already demanded its reason.
 */
export function checkZoneEmail(lines: readonly ZoneRecordLine[], options: ZoneCheckOptions = {}): ZoneFinding[] {
  const out: ZoneFinding[] = [];
  const add = (name: string, findings: readonly EmailFinding[]) =>
    out.push(...findings.map(({ severity, code, message }) => ({ severity, code, message, name })));
  const txt = lines.filter((l) => l.type === "TXT" && l.missing.length === 0);
  const byName = new Map([...groupBy(txt, (l) => l.name)].map(([name, group]) => [name, group.map((l) => zoneTxtText(l.rdata))]));
  const named = lines
    .filter((l) => l.missing.length === 0)
    .map((l) => ({ name: l.name, type: l.type, ...(l.type === "TXT" ? { text: zoneTxtText(l.rdata) } : {}) }));
  const hasRecords = declaredPresence(named, options.zone, options.managedHostnames);
  const spfRecordOf = declaredSpf(named);
  const mxHostsOf = declaredMxHosts(named);
  // A CNAME counts as a DKIM key here: the SES selectors are CNAMEs, known once the tokens are supplied.
  const keyed = lines.filter((l) => (l.type === "TXT" || l.type === "CNAME") && l.missing.length === 0);
  for (const [name, group] of groupBy(keyed, (l) => l.name))
    for (const { finding } of checkPolicyRecordCount(
      name,
      group.map((l) => ({ type: l.type, text: l.type === "TXT" ? zoneTxtText(l.rdata) : l.rdata })),
    ))
      add(name, [finding]);
  for (const [name, values] of byName) {
    add(name, checkSpfCount(name, values));
    for (const v of values) {
      if (isSpf(v))
        add(
          name,
          checkSpf(v, { allowSoftFail: true, hasRecords, mxHostsOf, spfRecordOf, domain: name.replace(/\.$/, ""), zone: options.zone }),
        );
      if (name.startsWith("_dmarc.")) add(name, checkDmarc(v));
      const dkim = /^(.+)\._domainkey\./.exec(name);
      if (dkim && v.startsWith("v=DKIM1")) add(name, checkDkimRecord(dkim[1] ?? "", v));
    }
  }
  if (options.zone !== undefined) {
    const records = named.flatMap((r) => (r.text === undefined ? [] : [{ name: r.name.replace(/\.$/, ""), value: r.text }]));
    for (const { dmarcName, finding } of checkReportAuthorisations(records, options.zone.replace(/\.$/, ""), options.foreignRecords))
      add(`${dmarcName}.`, [finding]);
  }
  return out;
}
