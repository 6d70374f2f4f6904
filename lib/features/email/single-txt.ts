/**
 * The TXT records a name may hold only one of, each told by the version tag that starts it, as
 * leniently as any receiver tells it: a receiver counts every TXT at the name that it takes for one
 * of the kind, and with two it drops them all (SPF: a permerror). So config validation (spf.ts
 * checkSpfCount, policy-records.ts), `golive zone` and `golive verify`'s probe (probes.ts) all ask
 * this one question: a record one of them lets stand beside golive's is one none of them does.
 * - SPF "v=spf1" then a space or the end, any case (RFC 7208 4.5; mailauth: the first word, lower-cased);
 * - DMARC "v=DMARC1", any case (mailauth: /^v=DMARC1\b/i), spaces around "=" too (RFC 7489 6.4 ABNF);
 * - MTA-STS "v=STSv1" and TLS-RPT "v=TLSRPTv1", any case (mailauth: /^v=STSv1\b/i; RFC 8461 3.1 and
 *   RFC 8460 3 write them case-sensitively, which only counts fewer).
 * - DKIM "v=DKIM1", any case: a key golive declares always starts with it (schema.ts extraDkim); a
 *   verifier reads one TXT of the answer whatever it holds (mailauth getPublicKey: `list[0]`), so at a
 *   key's name every TXT counts (probes.ts), not only those with the tag.
 * Spaces around the whole text are ignored (mailauth trims each record before testing it).
 */
const KINDS = ["spf", "dmarc", "mta-sts", "tls-rpt", "dkim"] as const;
export type SingleTxtKind = (typeof KINDS)[number];

const VERSION_TAG: Readonly<Record<SingleTxtKind, RegExp>> = {
  spf: /^v=spf1(\s|$)/i,
  dmarc: /^v\s*=\s*DMARC1\b/i,
  "mta-sts": /^v=STSv1\b/i,
  "tls-rpt": /^v=TLSRPTv1\b/i,
  dkim: /^v=DKIM1\b/i,
};

/** Whether a receiver takes the TXT text (unquoted) for a record of the kind. */
export function isTxtOfKind(kind: SingleTxtKind, text: string): boolean {
  return VERSION_TAG[kind].test(text.trim());
}

/** The kind a TXT text (unquoted) is a record of, or undefined. */
export function singleTxtKindOf(text: string): SingleTxtKind | undefined {
  return KINDS.find((kind) => isTxtOfKind(kind, text));
}
