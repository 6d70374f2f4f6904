import { parseDmarc, rampSuggestion } from "../dmarc";
import { hasEmail, type TxtRecord, txtRecords } from "../resources";
import { envFinding, resourceFinding } from "../../../core/readiness/model";
import { isInZone } from "../../../core/names";
import { emailSendingDomain } from "../../../core/mta-sts-host";
import { suffixPlace } from "../../../core/registrable-domain";
import { type Finding, notApplicable, outcome, type Rule } from "../../../platform/readiness";
import { dmarcRecords } from "./GL-MAIL-003";
import { mtaStsUnmatchedMx } from "../mta-sts-declared-mx";

const DMARC_NAME = /^_dmarc\./;

/**
 * The organizational domain (RFC 7489 3.2) of a zone: its registrable domain on the Public Suffix List,
 * which is the zone apex unless the zone is a subdomain zone (`ops.example.co.uk`, Enterprise only).
 */
function organizationalDomain(zone: string): string {
  return suffixPlace(zone).registrable ?? zone;
}

/**
 * A finding when DMARC records stand below the organizational domain `org` and none at `_dmarc.<org>`:
 * RFC 7489 6.3 ignores sp in a record published on a subdomain of the organizational domain, and 6.6.3
 * sends a receiver from a subdomain without a record of its own straight to the organizational domain's
 * (mailauth 4.13.1's dmarc() for x.mail.example.com: dmarc=none). DMARCbis's tree walk would stop at the
 * subdomain's record, but receivers following RFC 7489 find nothing. `org` outside `zone` (a subdomain
 * zone): no stack of this environment can declare that record, so the finding says where it belongs.
 */
function orgRecordMissing(below: readonly TxtRecord[], org: string, zone: string): Finding[] {
  const first = below[0];
  if (first === undefined) return [];
  const names = below.map((r) => r.name.replace(DMARC_NAME, "")).join(", ");
  const [where, next] =
    org === zone
      ? [`${org} (the zone apex)`, `declare a DMARC record at _dmarc.${org} (edge.dns) with p and sp quarantine or reject`]
      : [
          `${org} (the registrable domain of the zone ${zone})`,
          `publish a DMARC record with p and sp quarantine or reject at _dmarc.${org}, in the zone of ${org}, which is outside this zone so golive cannot declare it; then exempt this finding with that reason`,
        ];
  const declared =
    org === zone
      ? "which this environment does not declare: mail forged from those subdomains gets no DMARC policy"
      : "which golive cannot see: unless it is published there, mail forged from those subdomains gets no DMARC policy";
  return [
    resourceFinding(
      first.resource,
      `${first.name}: ${names} ${below.length === 1 ? "is" : "are"} below the organizational domain ${where}, so receivers following RFC 7489 ignore sp there (6.3) and govern their subdomains without a DMARC record of their own by _dmarc.${org} (6.6.3), ${declared}; next: ${next}`,
    ),
  ];
}

export const dmarcEnforcing: Rule = {
  id: "GL-MAIL-004",
  title: "DMARC policy enforces (quarantine or reject) on all mail",
  severity: "warning",
  row: "email-domain-ssl",
  explanation:
    "p=none only watches: forged mail in the app's name is still delivered. sp is the policy for subdomains without a DMARC record of their own (RFC 7489 6.3), so sp=none delivers mail forged from any of them even under p=reject; it is read only in the organizational domain's record (RFC 7489 3.2: the registrable domain, which is the zone apex unless the zone is a subdomain zone): below it, receivers following RFC 7489 ignore sp and read the organizational domain's record for subdomains. p=none is the right first step of the ramp (and what bulk-sender rules require at minimum), so it warns rather than blocks. It also warns about the other policy still in testing: an MTA-STS policy in mode testing at a sending domain with no MX its mx patterns match, which senders report as failing and golive verify fails (mta-sts.mx).",
  fix: "Once aggregate reports show legitimate mail passing, set email.dmarc.policy to quarantine, raise pct to 100, then reject; set email.dmarc.subdomainPolicy to quarantine or reject, or omit it so subdomains get the policy. With email.domain below the organizational domain, a DMARC record at _dmarc.<organizational domain> governs the subdomains instead: declare it in edge.dns when that domain is the zone apex; for a subdomain zone (ops.example.co.uk) it belongs in the parent's zone (_dmarc.example.co.uk), which golive cannot declare. For MTA-STS, declare email.inboundMx hosts that email.mtaSts.mx matches.",
  check({ env, config }) {
    if (!hasEmail(env)) return notApplicable("no SES identity or SPF record in this environment");
    const zone = config?.app.cloudflare.zone.name.toLowerCase().replace(/\.$/, "");
    const org = zone === undefined ? undefined : organizationalDomain(zone);
    const orgName = `_dmarc.${org}`;
    // Where sp=none comes from: email.dmarc.subdomainPolicy renders the sending domain's record.
    const ownName = zone === undefined ? undefined : `_dmarc.${emailSendingDomain(zone, config?.app.email?.domain)}`;
    const spSource = (r: TxtRecord) =>
      ownName === undefined || r.name === ownName ? "email.dmarc.subdomainPolicy" : `the record at ${r.name}`;
    const records = dmarcRecords(env).records;
    // Below the organizational domain a record's sp is ignored; without config it is unknown and every record's sp is read.
    const isBelow = (r: TxtRecord) => org !== undefined && r.name !== orgName && isInZone(r.name, org);
    const below = records.filter(isBelow);
    const orgRecord = txtRecords(env).find((t) => t.name === orgName && /^v=DMARC1/i.test(t.value));
    // The apex's record governs the subdomains of every name below it, so its p and sp are judged too.
    const judged = below.length > 0 && orgRecord !== undefined && !records.includes(orgRecord) ? [...records, orgRecord] : records;
    const findings: Finding[] =
      orgRecord === undefined && org !== undefined && zone !== undefined ? orgRecordMissing(below, org, zone) : [];
    for (const record of judged) {
      const { tags } = parseDmarc(record.value);
      const p = tags.get("p");
      const sp = tags.get("sp");
      const pct = Number(tags.get("pct") ?? "100");
      if (p === "none") findings.push(resourceFinding(record.resource, `${record.name}: p=none; next: ${rampSuggestion("none", pct)}`));
      else if ((p === "quarantine" || p === "reject") && pct < 100)
        findings.push(
          resourceFinding(record.resource, `${record.name}: p=${p} applies to ${pct}% of failing mail; next: ${rampSuggestion(p, pct)}`),
        );
      // Without sp, subdomains get p (RFC 7489 6.3), which the p=none finding above already names.
      if (sp === "none" && p !== "none" && !isBelow(record))
        findings.push(
          resourceFinding(
            record.resource,
            `${record.name}: sp=none: mail forged from any subdomain without a DMARC record of its own is delivered although p=${p}; next: sp=quarantine, then sp=reject (${spSource(record)})`,
          ),
        );
    }
    const unmatchedMx = config === undefined ? undefined : mtaStsUnmatchedMx(config.app);
    if (unmatchedMx !== undefined) findings.push(envFinding(env, unmatchedMx, "email"));
    return outcome(findings);
  },
};
