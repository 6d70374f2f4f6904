import { parseDmarc } from "./dmarc";
import { error, warning, type EmailFinding } from "./findings";
import { isInZone } from "../../core/names";

/** What a report mailbox's domain publishes to accept another domain's reports (RFC 7489 7.1). */
export const REPORT_AUTHORISATION_VALUE = "v=DMARC1";

export interface ReportAuthorisation {
  /** `<domain>._report._dmarc.<mailbox domain>` */
  readonly name: string;
  readonly value: string;
  /** The domain whose DMARC record names the mailbox. */
  readonly domain: string;
  /** The domain that must publish the record. */
  readonly mailboxDomain: string;
}

/** Same organisational domain, approximated without the public suffix list (one is below the other). */
function sameOrganisation(a: string, b: string): boolean {
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

/**
 * RFC 7489 7.1: a report mailbox in another domain only receives reports when that domain publishes
 * `<domain>._report._dmarc.<mailbox domain>` TXT "v=DMARC1". Returns the records needed, one per
 * mailbox domain, for every domain that publishes its own `_dmarc` (each is asked for separately).
 */
export function reportAuthorisations(domain: string, addresses: readonly string[]): ReportAuthorisation[] {
  const seen = new Set<string>();
  const out: ReportAuthorisation[] = [];
  for (const address of addresses) {
    const mailboxDomain = (address.split("@")[1] ?? "").toLowerCase();
    if (mailboxDomain === "" || sameOrganisation(domain, mailboxDomain) || seen.has(mailboxDomain)) continue;
    seen.add(mailboxDomain);
    out.push({ name: `${domain}._report._dmarc.${mailboxDomain}`, value: REPORT_AUTHORISATION_VALUE, domain, mailboxDomain });
  }
  return out;
}

/** The mailboxes of a DMARC record's rua= and ruf= (`mailto:a@b.example!10m` -> `a@b.example`). */
export function reportMailboxes(dmarc: string): string[] {
  const { tags } = parseDmarc(dmarc);
  return [tags.get("rua"), tags.get("ruf")]
    .flatMap((v) => (v === undefined ? [] : v.split(",")))
    .map((u) =>
      u
        .trim()
        .replace(/^mailto:/i, "")
        .replace(/![0-9]+[kmgt]?$/i, ""),
    )
    .filter((a) => a.includes("@"));
}

export interface TxtRecord {
  /** Without the trailing dot. */
  readonly name: string;
  /** Unquoted. */
  readonly value: string;
}

/**
 * For every `_dmarc.<name>` record: a report mailbox in another organisation needs its authorisation.
 * When that domain is in `zone` (golive publishes it) a missing record is an error; otherwise the
 * mailbox's domain must publish it, which is a warning unless `listed` already asks for it (the email
 * stack's dmarc_report_authorisations output, printed by `golive zone`).
 */
export function checkReportAuthorisations(
  txt: readonly TxtRecord[],
  zone: string,
  listed: readonly string[] = [],
): { dmarcName: string; finding: EmailFinding }[] {
  const published = (name: string) => txt.some((r) => r.name === name && r.value.trim().startsWith(REPORT_AUTHORISATION_VALUE));
  const out: { dmarcName: string; finding: EmailFinding }[] = [];
  for (const r of txt.filter((x) => x.name.startsWith("_dmarc."))) {
    const domain = r.name.slice("_dmarc.".length);
    for (const a of reportAuthorisations(domain, reportMailboxes(r.value))) {
      const record = `${a.name} TXT "${a.value}"`;
      if (isInZone(a.mailboxDomain, zone)) {
        if (!published(a.name))
          out.push({
            dmarcName: r.name,
            finding: error(
              "dmarc-report-auth",
              `${domain} sends reports to ${a.mailboxDomain}, which is in this zone but does not publish ${record}; receivers send no reports without it (RFC 7489 7.1)`,
            ),
          });
      } else if (!listed.some((l) => l.startsWith(`${a.name}.`) || l.startsWith(`${a.name} `)))
        out.push({
          dmarcName: r.name,
          finding: warning(
            "dmarc-report-auth",
            `${a.mailboxDomain} must publish ${record} before it receives ${domain}'s DMARC reports (RFC 7489 7.1)`,
          ),
        });
    }
  }
  return out;
}
