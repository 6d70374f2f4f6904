import { checkDkimRecord } from "./dkim";
import { checkDmarc } from "./dmarc";
import type { EmailFinding } from "./findings";
import { checkSpf, checkSpfCount, isSpf } from "./spf";
import { unquoteTxt } from "../../core/txt";
import { groupBy } from "../../core/group-by";

/** One line of an exported zone, as far as the email rules read it. */
export interface ZoneRecordLine {
  readonly name: string;
  readonly type: string;
  readonly rdata: string;
  /** Values still unknown (known after apply): such a line is not checked. */
  readonly missing: readonly string[];
}

export interface ZoneFinding extends EmailFinding {
  readonly name: string;
}

/**
 * The email rules over the records as synthesized (not as configured): one SPF per name, SPF, DMARC
 * and DKIM key rules. `~all` is allowed here because config validation already demanded its reason.
 */
export function checkZoneEmail(lines: readonly ZoneRecordLine[]): ZoneFinding[] {
  const out: ZoneFinding[] = [];
  const add = (name: string, findings: readonly EmailFinding[]) => out.push(...findings.map((f) => ({ ...f, name })));
  const txt = lines.filter((l) => l.type === "TXT" && l.missing.length === 0);
  const byName = new Map([...groupBy(txt, (l) => l.name)].map(([name, group]) => [name, group.map((l) => unquoteTxt(l.rdata))]));
  const has = (name: string, type: "A" | "MX") =>
    lines.some((l) => l.name === `${name}.` && (type === "MX" ? l.type === "MX" : ["A", "AAAA", "CNAME"].includes(l.type)));
  for (const [name, values] of byName) {
    add(name, checkSpfCount(name, values));
    for (const v of values) {
      if (isSpf(v)) add(name, checkSpf(v, { allowSoftFail: true, hasRecords: has, domain: name.replace(/\.$/, "") }));
      if (name.startsWith("_dmarc.")) add(name, checkDmarc(v));
      const dkim = /^(.+)\._domainkey\./.exec(name);
      if (dkim && v.startsWith("v=DKIM1")) add(name, checkDkimRecord(dkim[1] ?? "", v));
    }
  }
  return out;
}
