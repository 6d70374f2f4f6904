import type { AppConfig } from "../../config/schema";
import { DEFAULT_SES_DKIM_DOMAIN, type EmailConfig, SES_DKIM_DOMAINS } from "./schema";
import type { DesiredRecord } from "../edge/dns-records";
import { emailSendingDomain, mtaStsHostname } from "../../core/mta-sts-host";
import { isInZone, namePrefix, shortHash, slug } from "../../core/names";
import { quoteTxt } from "../../core/txt";
import { renderDmarc } from "./dmarc";
import { type ReportAuthorisation, reportAuthorisations } from "./dmarc-reports";
import { renderMtaStsPolicy, renderMtaStsTxt, renderTlsRpt, mtaStsWorkerSource } from "./mta-sts";
import { renderSpf } from "./spf";

/** SES Easy DKIM always publishes three selectors. */
export const SES_DKIM_TOKEN_COUNT = 3;
const TTL = 300;
const NULL_SPF = "v=spf1 -all";

/** Everything the email stack declares, as plain data. */
export interface EmailModel {
  readonly domain: string;
  readonly region: string;
  readonly mailFromDomain: string;
  /** Records with values known at synth time. */
  readonly records: readonly DesiredRecord[];
  /** Easy DKIM domain of the region: the DKIM CNAMEs point at `<token>.<dkimDomain>`. */
  readonly dkimDomain: string;
  /** SES DKIM CNAMEs: `<token>._domainkey.<domain>` -> `<token>.<dkimDomain>`, token known after apply. */
  readonly dkimTokenSlots: readonly { readonly key: string; readonly index: number }[];
  /**
   * The policy host (`mta-sts.<domain>`, RFC 8461 3.2) and the Worker attached to it as a custom domain:
   * `scriptName` is how preflight tells golive's Worker from another one holding the host.
   */
  readonly mtaSts: { readonly hostname: string; readonly scriptName: string; readonly policy: string; readonly script: string };
  /**
   * Records other zones must publish so that report mailboxes there accept reports (those in this
   * zone are among `records`).
   */
  readonly reportAuthorisations: readonly ReportAuthorisation[];
}

/** The Easy DKIM domain of an SES region (email.region admits only regions of the table). */
export function sesDkimDomain(region: string): string {
  return (Object.hasOwn(SES_DKIM_DOMAINS, region) ? SES_DKIM_DOMAINS[region] : undefined) ?? DEFAULT_SES_DKIM_DOMAIN;
}

export function sendingDomain(cfg: AppConfig, email: EmailConfig): string {
  return emailSendingDomain(cfg.cloudflare.zone.name, email.domain);
}

function txt(key: string, name: string, value: string, source: readonly (string | number)[], comment: string): DesiredRecord {
  return { key, name, type: "TXT", content: quoteTxt(value), proxied: false, ttl: TTL, comment: `golive: ${comment}`, source };
}

function mx(
  key: string,
  name: string,
  host: string,
  priority: number,
  source: readonly (string | number)[],
  comment: string,
): DesiredRecord {
  return { key, name, type: "MX", content: host, priority, proxied: false, ttl: TTL, comment: `golive: ${comment}`, source };
}

function sendingRecords(domain: string, mailFrom: string, policy: string, e: EmailConfig): DesiredRecord[] {
  const spf = renderSpf({ includes: e.spf.includes, networks: e.spf.networks, softFail: e.spf.softFail !== undefined });
  const dmarc = renderDmarc({
    policy: e.dmarc.policy,
    ...(e.dmarc.subdomainPolicy ? { subdomainPolicy: e.dmarc.subdomainPolicy } : {}),
    pct: e.dmarc.pct,
    adkim: e.dmarc.alignment.dkim === "strict" ? "s" : "r",
    aspf: e.dmarc.alignment.spf === "strict" ? "s" : "r",
    rua: e.dmarc.rua,
    ruf: e.dmarc.ruf,
  });
  return [
    txt("spf", domain, spf, ["email", "spf"], "SPF for the sending domain"),
    mx("mail-from-mx", mailFrom, `feedback-smtp.${e.region}.amazonses.com`, 10, ["email", "mailFromSubdomain"], "SES MAIL FROM bounces"),
    txt("mail-from-spf", mailFrom, "v=spf1 include:amazonses.com -all", ["email", "mailFromSubdomain"], "SPF for the SES MAIL FROM domain"),
    txt("dmarc", `_dmarc.${domain}`, dmarc, ["email", "dmarc"], "DMARC policy"),
    txt("mta-sts", `_mta-sts.${domain}`, renderMtaStsTxt(policy), ["email", "mtaSts"], "MTA-STS policy id"),
    txt("tls-rpt", `_smtp._tls.${domain}`, renderTlsRpt(e.tlsRpt.rua), ["email", "tlsRpt", "rua"], "TLS-RPT reports"),
    ...e.inboundMx.map((m, i) =>
      mx(`inbound-mx-${slug(m.host)}`, domain, m.host, m.priority, ["email", "inboundMx", i, "host"], "inbound mail"),
    ),
    ...e.extraDkim.map((d, i) =>
      txt(
        `dkim-${slug(d.selector)}`,
        `${d.selector}._domainkey.${domain}`,
        d.value,
        ["email", "extraDkim", i, "value"],
        "DKIM key of another sender",
      ),
    ),
  ];
}

/** Null MX (RFC 7505), `v=spf1 -all` and DMARC reject for a name that must never send or receive. */
function nonSendingRecords(e: EmailConfig): DesiredRecord[] {
  // Reports about forgeries of these names go to the domain's own aggregate mailboxes.
  const dmarc = renderDmarc({ policy: "reject", subdomainPolicy: "reject", pct: 100, adkim: "s", aspf: "s", rua: e.dmarc.rua, ruf: [] });
  return e.nonSending.flatMap((name, i) => {
    const source = ["email", "nonSending", i];
    const id = `${slug(name)}-${shortHash(name)}`;
    return [
      mx(`null-mx-${id}`, name, ".", 0, source, "null MX: this name never receives mail"),
      txt(`null-spf-${id}`, name, NULL_SPF, source, "this name never sends mail"),
      txt(`null-dmarc-${id}`, `_dmarc.${name}`, dmarc, source, "reject mail claiming this name"),
    ];
  });
}

/**
 * RFC 7489 7.1 for every name publishing its own `_dmarc` (the domain and each non-sending name):
 * report mailboxes in another organisation need `<name>._report._dmarc.<mailbox domain>`. golive
 * publishes those whose mailbox domain is in its zone; the others are listed for their owners.
 */
function authorisations(zone: string, domain: string, e: EmailConfig): { records: DesiredRecord[]; foreign: ReportAuthorisation[] } {
  const needed = [
    ...reportAuthorisations(domain, [...e.dmarc.rua, ...e.dmarc.ruf]).map((a) => ({ a, source: ["email", "dmarc", "rua"] })),
    ...e.nonSending.flatMap((name, i) => reportAuthorisations(name, e.dmarc.rua).map((a) => ({ a, source: ["email", "nonSending", i] }))),
  ];
  const records = needed
    .filter(({ a }) => isInZone(a.mailboxDomain, zone))
    .map(({ a, source }) =>
      txt(`dmarc-report-auth-${slug(a.domain)}-${shortHash(a.name)}`, a.name, a.value, source, `accept DMARC reports about ${a.domain}`),
    );
  return { records, foreign: needed.filter(({ a }) => !isInZone(a.mailboxDomain, zone)).map(({ a }) => a) };
}

export function emailModel(cfg: AppConfig, e: EmailConfig): EmailModel {
  const domain = sendingDomain(cfg, e);
  const mailFromDomain = `${e.mailFromSubdomain}.${domain}`;
  const policy = renderMtaStsPolicy(e.mtaSts);
  const reports = authorisations(cfg.cloudflare.zone.name, domain, e);
  return {
    domain,
    region: e.region,
    dkimDomain: sesDkimDomain(e.region),
    mailFromDomain,
    records: [...sendingRecords(domain, mailFromDomain, policy, e), ...nonSendingRecords(e), ...reports.records],
    dkimTokenSlots: Array.from({ length: SES_DKIM_TOKEN_COUNT }, (_, index) => ({ key: `ses-dkim-${index}`, index })),
    mtaSts: {
      hostname: mtaStsHostname(domain),
      scriptName: `${namePrefix(cfg.app, cfg.environment)}-mta-sts`,
      policy,
      script: mtaStsWorkerSource(policy, e.mtaSts.maxAge),
    },
    reportAuthorisations: reports.foreign,
  };
}

/** Desired records of the email stack, or none when the config has no email section. */
export function desiredEmailRecords(cfg: AppConfig): DesiredRecord[] {
  return cfg.email ? [...emailModel(cfg, cfg.email).records] : [];
}
