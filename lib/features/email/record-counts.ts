import type { DesiredRecord } from "../edge/dns-records";
import type { EmailFinding } from "./findings";
import { checkPolicyRecordCount } from "./policy-records";
import { checkSpfCount, isSpf } from "./spf";
import { formatPath } from "../../core/issues";
import { groupBy } from "../../core/group-by";
import { unquoteTxt } from "../../core/txt";

export interface PathFinding {
  readonly path: readonly (string | number)[];
  readonly finding: EmailFinding;
}

function sources(records: readonly DesiredRecord[]): string {
  return [...new Set(records.map((r) => formatPath(r.source)))].join(" and ");
}

/**
 * One SPF, DMARC, MTA-STS, TLS-RPT record and DKIM key per name over every record golive publishes
 * (edge.dns and the email section alike), each finding naming the config paths of all of them. SPF is
 * reported at the name's last TXT record; the others at the edge.dns record when there is one (the
 * email section's own record is the intended one).
 */
export function recordCountFindings(records: readonly DesiredRecord[]): PathFinding[] {
  const out: PathFinding[] = [];
  // TXT records only: a CNAME next to other records is validateRecordSet's to refuse (RFC 1034 3.6.2).
  for (const [name, txt] of groupBy(
    records.filter((r) => r.type === "TXT"),
    (r) => r.name,
  )) {
    const values = txt.map((r) => unquoteTxt(r.content ?? ""));
    const last = txt[txt.length - 1];
    const spfFrom = sources(txt.filter((_, i) => isSpf(values[i] ?? "")));
    if (last)
      for (const f of checkSpfCount(name, values))
        out.push({ path: last.source, finding: { ...f, message: `${f.message}; they come from ${spfFrom}` } });
    for (const { members, finding } of checkPolicyRecordCount(
      name,
      txt.map((r, i) => ({ type: r.type, text: values[i] ?? "" })),
    )) {
      const involved = members.flatMap((i) => txt[i] ?? []);
      const at = involved.find((r) => r.source[0] === "edge") ?? involved[involved.length - 1];
      if (at) out.push({ path: at.source, finding: { ...finding, message: `${finding.message}; they come from ${sources(involved)}` } });
    }
  }
  return out;
}
