import { missingAwsAccount } from "../../platform/aws-account";
import type { AppConfig } from "../../config/schema";
import type { EmailConfig } from "./schema";
import { desiredEdgeRecords, type DesiredRecord } from "../edge/dns-records";
import { checkDkimRecord } from "./dkim";
import { checkDmarc } from "./dmarc";
import { errorsOnly, type EmailFinding } from "./findings";
import { mxMatches } from "./mta-sts";
import { emailModel, type EmailModel, sendingDomain } from "./model";
import { checkSpf, isSpf } from "./spf";
import { recordCountFindings } from "./record-counts";
import { nullMxMailboxIssues } from "./mailboxes";
import { checkReportAuthorisations } from "./dmarc-reports";
import { declaredMxHosts, declaredPresence, declaredSpf } from "./record-presence";
import type { ConfigIssue } from "../../core/issues";
import { mtaStsHostname } from "../../core/mta-sts-host";
import { isInZone, shortHash, slug } from "../../core/names";
import { txtContentProblem, unquoteTxt } from "../../core/txt";
import { validateRecordKeys, validateRecordSet } from "../edge/validate/dns";
import { validateHostnames } from "../edge/validate/hostnames";
import { idCollisions } from "../../core/collisions";

/** Where in email.spf a finding on its record belongs: the include it is about, else the section. */
function ownSpfPath(e: EmailConfig, finding: EmailFinding): readonly (string | number)[] {
  const i = e.spf.includes.findIndex((domain) => finding.term === `include:${domain}`);
  return i === -1 ? ["email", "spf"] : ["email", "spf", "includes", i];
}

/**
 * Every finding (errors and warnings) for the records the email stack would publish, with config paths.
 * `edge` and `model` are passed by callers that already built them.
 */
export function emailFindings(
  cfg: AppConfig,
  e: EmailConfig,
  edge: readonly DesiredRecord[] = desiredEdgeRecords(cfg),
  model: EmailModel = emailModel(cfg, e),
): { path: readonly (string | number)[]; finding: EmailFinding }[] {
  const all = [...edge, ...model.records];
  const zone = cfg.cloudflare.zone.name;
  const at = (path: readonly (string | number)[], findings: readonly EmailFinding[]) => findings.map((finding) => ({ path, finding }));
  const named = all.map((r) => ({ name: r.name, type: r.type, ...(r.type === "TXT" ? { text: unquoteTxt(r.content ?? "") } : {}) }));
  const hasRecords = declaredPresence(named, zone, [model.mtaSts.hostname]);
  const spfRecordOf = declaredSpf(named);
  const mxHostsOf = declaredMxHosts(named);
  // Every SPF record of the zone, counted as `golive zone` counts it; `~all` needs a reason only in email.spf.
  const spf = all.flatMap((r, i) => {
    const text = named[i]?.text;
    if (text === undefined || !isSpf(text)) return [];
    const own = r.key === "spf" && model.records.includes(r);
    const allowSoftFail = own ? e.spf.softFail !== undefined : true;
    return checkSpf(text, { allowSoftFail, hasRecords, mxHostsOf, spfRecordOf, domain: r.name, zone }).map((finding) => ({
      path: own ? ownSpfPath(e, finding) : r.source,
      finding,
    }));
  });
  const out = [
    ...spf,
    ...at(["email", "dmarc"], checkDmarc(unquoteTxt(model.records.find((r) => r.key === "dmarc")?.content ?? ""))),
    ...e.extraDkim.flatMap((d, i) => at(["email", "extraDkim", i], checkDkimRecord(d.selector, d.value))),
  ];
  const dmarcSource = new Map(all.filter((r) => r.type === "TXT" && r.name.startsWith("_dmarc.")).map((r) => [r.name, r.source] as const));
  const listed = model.reportAuthorisations.map((a) => a.name);
  for (const { dmarcName, finding } of checkReportAuthorisations(
    named.flatMap((r) => (r.text === undefined ? [] : [{ name: r.name, value: r.text }])),
    zone,
    listed,
  ))
    out.push(...at(dmarcSource.get(dmarcName) ?? ["email", "dmarc"], [finding]));
  out.push(...recordCountFindings(all));
  return out;
}

function scopeIssues(cfg: AppConfig, e: EmailConfig): ConfigIssue[] {
  const zone = cfg.cloudflare.zone.name;
  const domain = sendingDomain(cfg, e);
  const issues: ConfigIssue[] = [];
  if (!isInZone(domain, zone))
    issues.push({
      path: ["email", "domain"],
      message: `"${domain}" is outside the zone ${zone}; allowed: ${zone} or a name ending in .${zone}`,
    });
  e.nonSending.forEach((name, i) => {
    // A `*` label is a wildcard only as the left-most label, and DMARC looks up _dmarc.<name> itself
    // (RFC 7489 6.6.3): a wildcard protects no name, so each name is written out.
    if (name.split(".").includes("*"))
      issues.push({
        path: ["email", "nonSending", i],
        message: `"${name}" has a * label; allowed: names written out (_dmarc.* records are never looked up)`,
      });
    if (!isInZone(name, zone))
      issues.push({
        path: ["email", "nonSending", i],
        message: `"${name}" is outside the zone ${zone}; allowed: names in ${zone} (parked zones need their own config)`,
      });
    if (name === domain || name === `${e.mailFromSubdomain}.${domain}`)
      issues.push({
        path: ["email", "nonSending", i],
        message: `"${name}" sends mail (email.domain / MAIL FROM); allowed: names that never send`,
      });
  });
  return issues;
}

/**
 * Lists whose items become resources: a DKIM selector twice is one name with two keys (and one record
 * id, `dkim-<selector>`); a non-sending name twice is the same null MX, SPF and DMARC records twice; a
 * feedback mailbox twice (mailboxes are compared without case) would be subscribed twice.
 */
function listIssues(e: EmailConfig): ConfigIssue[] {
  return [
    ...idCollisions(
      e.extraDkim.map((d, i) => ({ id: `dkim-${slug(d.selector)}`, path: ["email", "extraDkim", i, "selector"], value: d.selector })),
      (id) => `the DNS record id ${id}`,
    ),
    ...idCollisions(
      e.nonSending.map((name, i) => ({ id: `${slug(name)}-${shortHash(name)}`, path: ["email", "nonSending", i], value: name })),
      (id) => `the DNS record ids null-mx-${id}`,
    ),
    ...idCollisions(
      e.feedbackSubscribers.map((address, i) => ({ id: address.toLowerCase(), path: ["email", "feedbackSubscribers", i], value: address })),
      (id) => `the subscription ${id}`,
    ),
    ...idCollisions(
      e.inboundMx.map((m, i) => ({ id: `inbound-mx-${slug(m.host)}`, path: ["email", "inboundMx", i, "host"], value: m.host })),
      (id) => `the DNS record id ${id}`,
    ),
  ];
}

/**
 * Every TXT record the email stack sends, measured as sent (txtContentProblem): ten long DMARC or
 * TLS-RPT report addresses, or an extra DKIM key, can pass each field's own limit and still be over
 * Cloudflare's for one record.
 */
function txtLengthIssues(email: readonly DesiredRecord[]): ConfigIssue[] {
  return email.flatMap((r) => {
    const problem = r.type === "TXT" ? txtContentProblem(unquoteTxt(r.content ?? "")) : undefined;
    return problem === undefined ? [] : [{ path: r.source, message: `the TXT record at ${r.name}: ${problem}` }];
  });
}

function mtaStsIssues(cfg: AppConfig, e: EmailConfig, edge: readonly DesiredRecord[], email: readonly DesiredRecord[]): ConfigIssue[] {
  const domain = sendingDomain(cfg, e);
  const policyHost = mtaStsHostname(domain);
  const issues: ConfigIssue[] = [];
  const taken = edge.find((r) => r.name === policyHost);
  if (taken)
    issues.push({
      path: taken.source,
      message: `${policyHost} is served by the MTA-STS Worker (email.mtaSts); remove this record or use another name`,
    });
  if (e.mtaSts.mode === "none") return issues;
  const mx = [...edge, ...email].filter((x) => x.type === "MX" && x.name === domain);
  // With no MX, senders deliver to the domain's address, if it has one (the implicit MX, RFC 5321 5.1),
  // held to the policy like any MX (mailauth validateMx: valid false, so enforce refuses delivery). Testing only reports.
  if (mx.length === 0 && e.mtaSts.mode === "enforce" && !e.mtaSts.mx.some((p) => mxMatches(domain, p)))
    issues.push({
      path: ["email", "mtaSts", "mode"],
      message: `got "enforce" with no MX record at ${domain}: if ${domain} has an address, senders deliver to it (the implicit MX, RFC 5321 5.1), which no email.mtaSts.mx pattern (${e.mtaSts.mx.join(", ")}) matches, so they refuse all mail for it (without an address, its mail is undeliverable); allowed: declare email.inboundMx hosts that email.mtaSts.mx matches, or mode "testing" or "none"`,
    });
  for (const r of mx) {
    const host = r.content ?? "";
    if (!e.mtaSts.mx.some((p) => mxMatches(host, p))) {
      issues.push({
        path: r.source,
        message: `MX host "${host}" is not listed in email.mtaSts.mx (${e.mtaSts.mx.join(", ")}); senders enforcing MTA-STS would refuse it`,
      });
    }
  }
  return issues;
}

/**
 * SES sends with the envelope sender `<mailFromSubdomain>.<domain>`: under strict SPF alignment that
 * never equals the From domain, so SPF would pass but never align for any SES message.
 */
function alignmentIssues(cfg: AppConfig, e: EmailConfig): ConfigIssue[] {
  if (e.dmarc.alignment.spf !== "strict") return [];
  const domain = sendingDomain(cfg, e);
  return [
    {
      path: ["email", "dmarc", "alignment", "spf"],
      message: `got "strict", but SES mail has the envelope sender ${e.mailFromSubdomain}.${domain}, which strict alignment never matches with ${domain}; allowed: "relaxed" (the MAIL FROM subdomain then aligns)`,
    },
  ];
}

/**
 * RFC 7505 3: a name with a null MX ("never receives mail") must publish no other MX. Every
 * non-sending name gets one, so an edge.dns MX at the same name contradicts it.
 */
function nullMxIssues(cfg: AppConfig, e: EmailConfig): ConfigIssue[] {
  return cfg.edge.dns.flatMap((r, i) => {
    const j = e.nonSending.indexOf(r.name);
    if (r.type !== "MX" || j === -1) return [];
    return [
      {
        path: ["edge", "dns", i],
        message: `an MX record at ${r.name}, which email.nonSending[${j}] gives a null MX (it never receives mail); RFC 7505 forbids any other MX next to a null MX: remove this record or the name from email.nonSending`,
      },
    ];
  });
}

/** DNS names hold at most 253 characters; a report authorisation joins two names and can pass that. */
function nameLengthIssues(records: readonly DesiredRecord[]): ConfigIssue[] {
  return records
    .filter((r) => r.name.length > 253)
    .map((r) => ({ path: r.source, message: `the record name ${r.name} is ${r.name.length} characters; allowed: at most 253` }));
}

function errorIssues(findings: readonly { path: readonly (string | number)[]; finding: EmailFinding }[]): ConfigIssue[] {
  return findings.filter((f) => errorsOnly([f.finding]).length > 0).map((f) => ({ path: f.path, message: f.finding.message }));
}

/** Cross-field rules of the email section; only errors become config issues (warnings are printed by `golive zone`). */
export function validateEmail(cfg: AppConfig): ConfigIssue[] {
  const e = cfg.email;
  // Without an email section edge.dns may still publish SPF, DMARC, MTA-STS, TLS-RPT or DKIM records.
  if (!e) return errorIssues(recordCountFindings(desiredEdgeRecords(cfg)));
  const scope = [...missingAwsAccount(cfg, "email", e.awsAccountId), ...scopeIssues(cfg, e), ...listIssues(e)];
  if (scope.length > 0) return scope;
  const edge = desiredEdgeRecords(cfg);
  const model = emailModel(cfg, e);
  const email = model.records;
  const findings = errorIssues(emailFindings(cfg, e, edge, model));
  // Edge-only conflicts are validateDns's to report; here only those the email records introduce.
  const edgeOnly = new Set(validateRecordSet(edge, cfg.cloudflare.zone.name).map((i) => i.message));
  // An origin refused by validateHostnames has no record type yet (an invalid IP would read as a CNAME):
  // conflicts with it would only repeat that error in other words.
  const conflicts =
    validateHostnames(cfg).length > 0
      ? []
      : validateRecordSet([...edge, ...email], cfg.cloudflare.zone.name).filter((i) => !edgeOnly.has(i.message));
  return [
    ...alignmentIssues(cfg, e),
    ...nullMxIssues(cfg, e),
    ...nullMxMailboxIssues(cfg, e),
    ...nameLengthIssues(email),
    ...txtLengthIssues(email),
    ...findings,
    ...mtaStsIssues(cfg, e, edge, email),
    ...conflicts,
    ...validateRecordKeys(email),
  ];
}
