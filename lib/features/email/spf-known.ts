/**
 * SPF records of well-known senders, as far as lookups go: the terms that query DNS (include, a, mx,
 * ptr, exists, redirect) and the `all`, with their ip4:/ip6: networks left out (they cost nothing).
 * RFC 7208 4.6.4 counts every DNS-querying term evaluated, nested includes too, so an include costs 1
 * plus what the included record costs, and the records an include names are listed as well.
 * Written from the published records (`dig +short TXT <name>`); re-check when a provider changes its
 * record. An include of a name not listed here is counted as UNKNOWN_INCLUDE_COST, a guess and no bound
 * (its record may cost up to 9 more, or not exist): `golive verify` walks the live records
 * (spf-live.ts), and that is the check.
 */
export const KNOWN_SPF_RECORDS: Readonly<Record<string, string>> = {
  "amazonses.com": "v=spf1 -all",
  "_spf.google.com": "v=spf1 include:_netblocks.google.com include:_netblocks2.google.com include:_netblocks3.google.com ~all",
  "_netblocks.google.com": "v=spf1 ~all",
  "_netblocks2.google.com": "v=spf1 ~all",
  "_netblocks3.google.com": "v=spf1 ~all",
  "spf.protection.outlook.com": "v=spf1 include:spfd.protection.outlook.com -all",
  "spfd.protection.outlook.com": "v=spf1 -all",
  "spf.mtasv.net": "v=spf1 -all",
  "sendgrid.net": "v=spf1 ~all",
  "mailgun.org": "v=spf1 include:_spf.mailgun.org include:_spf.eu.mailgun.org ~all",
  "_spf.mailgun.org": "v=spf1 ~all",
  "_spf.eu.mailgun.org": "v=spf1 ~all",
  "servers.mcsv.net": "v=spf1 -all",
  // One `exists:` per message: the include costs 2, not 1.
  "_spf.salesforce.com": "v=spf1 exists:%{i}._spf.mta.salesforce.com -all",
};

/** The known record of `domain`, if the table has it. */
export function knownSpfRecord(domain: string): string | undefined {
  const key = domain.toLowerCase().replace(/\.$/, "");
  return Object.hasOwn(KNOWN_SPF_RECORDS, key) ? KNOWN_SPF_RECORDS[key] : undefined;
}
