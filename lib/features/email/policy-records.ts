import { error, type EmailFinding, parseTagList } from "./findings";
import { isTxtOfKind, type SingleTxtKind } from "./single-txt";

/**
 * Records a receiver looks up by name and needs exactly one of: with two, the protection is off.
 * Each kind says which records at the name count (the others are discarded, so they may stay).
 */
interface PolicyKind {
  readonly code: string;
  readonly label: string;
  readonly name: RegExp;
  readonly counts: (type: string, text: string) => boolean;
  /** What a receiver does with more than one. */
  readonly consequence: string;
  readonly rfc: string;
}

/** A TXT a receiver takes for a record of the kind (single-txt.ts, the one definition verify's probe shares). */
const txtOf =
  (kind: SingleTxtKind) =>
  (type: string, text: string): boolean =>
    type === "TXT" && isTxtOfKind(kind, text);

/** A DKIM key: a TXT with a `p=` tag (v= is optional, RFC 6376 3.6.1), or a CNAME to a provider's key (SES). */
function isDkimKey(type: string, text: string): boolean {
  if (type === "CNAME") return true;
  return type === "TXT" && (isTxtOfKind("dkim", text) || parseTagList(text, "dkim").tags.has("p"));
}

const KINDS: readonly PolicyKind[] = [
  {
    code: "dmarc-multiple",
    label: "DMARC",
    name: /^_dmarc\./,
    counts: txtOf("dmarc"),
    consequence: "receivers apply no DMARC policy at all and forged mail is delivered",
    rfc: "RFC 7489 6.6.3",
  },
  {
    code: "mta-sts-multiple",
    label: "MTA-STS",
    name: /^_mta-sts\./,
    counts: txtOf("mta-sts"),
    consequence: "senders treat the domain as having no MTA-STS policy and deliver without verified TLS",
    rfc: "RFC 8461 3.1",
  },
  {
    code: "tls-rpt-multiple",
    label: "TLS-RPT",
    name: /^_smtp\._tls\./,
    counts: txtOf("tls-rpt"),
    consequence: "senders assume the domain does not implement TLS-RPT and send no reports",
    rfc: "RFC 8460 3",
  },
  {
    code: "dkim-multiple",
    label: "DKIM key",
    name: /^[^.]+(\.[^.]+)*\._domainkey\./,
    counts: isDkimKey,
    consequence: "verifiers use whichever record the resolver returns first, so signatures made with the other key fail at random",
    rfc: "RFC 6376 3.6.2.2 leaves the choice open",
  },
];

export interface PolicyRecord {
  readonly type: string;
  /** TXT text unquoted; a CNAME's target. */
  readonly text: string;
}

export interface PolicyCount {
  readonly finding: EmailFinding;
  /** Indexes into the records passed in: the ones that count. */
  readonly members: readonly number[];
}

/**
 * One DMARC, MTA-STS, TLS-RPT record or DKIM key per name, as SPF has (`checkSpfCount`). Records of the
 * same value are one record in DNS, so they count once (an exact duplicate is refused elsewhere).
 */
export function checkPolicyRecordCount(name: string, records: readonly PolicyRecord[]): PolicyCount[] {
  const out: PolicyCount[] = [];
  for (const kind of KINDS) {
    if (!kind.name.test(name)) continue;
    const members = records.flatMap((r, i) => (kind.counts(r.type, r.text) ? [i] : []));
    const distinct = new Set(members.map((i) => `${records[i]?.type} ${records[i]?.text.trim()}`));
    if (distinct.size < 2) continue;
    out.push({
      members,
      finding: error(
        kind.code,
        `${name} has ${distinct.size} ${kind.label} records; allowed: exactly one, since with more ${kind.consequence} (${kind.rfc})`,
      ),
    });
  }
  return out;
}
