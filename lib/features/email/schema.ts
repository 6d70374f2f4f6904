import { z } from "zod";
import { limitedList, Reason } from "../../core/fields";
import { Hostname } from "../../core/dns-names";
import { Cidr, cidrPrefix } from "../../core/ip-addresses";
import { EmailAddress } from "../../core/web-fields";
import { AwsAccountId, AwsRegion } from "../../core/aws-fields";

/** The Easy DKIM domain of most SES regions: `<token>._domainkey.<domain>` CNAME `<token>.dkim.amazonses.com`. */
export const DEFAULT_SES_DKIM_DOMAIN = "dkim.amazonses.com";

/**
 * Regions SES sends from, with the DKIM domain their Easy DKIM CNAMEs point at. Most use
 * dkim.amazonses.com; the others have their own, and a CNAME to the default domain there never
 * verifies. Source: AWS General Reference, "Amazon Simple Email Service endpoints and quotas",
 * Easy DKIM domains (https://docs.aws.amazon.com/general/latest/gr/ses.html#ses_dkim_domains); the
 * regions are those of the SES v2 API's Deterministic Easy DKIM origins (`AWS_SES_<REGION>`,
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_DkimSigningAttributes.html).
 * A region AWS adds later is refused until it is added here with its DKIM domain.
 */
export const SES_DKIM_DOMAINS: Readonly<Record<string, string>> = {
  "us-east-1": DEFAULT_SES_DKIM_DOMAIN,
  "us-east-2": DEFAULT_SES_DKIM_DOMAIN,
  "us-west-1": DEFAULT_SES_DKIM_DOMAIN,
  "us-west-2": DEFAULT_SES_DKIM_DOMAIN,
  "af-south-1": "dkim.af-south-1.amazonses.com",
  "ap-northeast-1": DEFAULT_SES_DKIM_DOMAIN,
  "ap-northeast-2": DEFAULT_SES_DKIM_DOMAIN,
  "ap-northeast-3": "dkim.ap-northeast-3.amazonses.com",
  "ap-south-1": DEFAULT_SES_DKIM_DOMAIN,
  "ap-south-2": "dkim.ap-south-2.amazonses.com",
  "ap-southeast-1": DEFAULT_SES_DKIM_DOMAIN,
  "ap-southeast-2": DEFAULT_SES_DKIM_DOMAIN,
  "ap-southeast-3": "dkim.ap-southeast-3.amazonses.com",
  "ap-southeast-5": "dkim.ap-southeast-5.amazonses.com",
  "ca-central-1": DEFAULT_SES_DKIM_DOMAIN,
  "ca-west-1": "dkim.ca-west-1.amazonses.com",
  "eu-central-1": DEFAULT_SES_DKIM_DOMAIN,
  "eu-central-2": "dkim.eu-central-2.amazonses.com",
  "eu-north-1": DEFAULT_SES_DKIM_DOMAIN,
  "eu-south-1": "dkim.eu-south-1.amazonses.com",
  "eu-west-1": DEFAULT_SES_DKIM_DOMAIN,
  "eu-west-2": DEFAULT_SES_DKIM_DOMAIN,
  "eu-west-3": DEFAULT_SES_DKIM_DOMAIN,
  "il-central-1": "dkim.il-central-1.amazonses.com",
  "me-central-1": "dkim.me-central-1.amazonses.com",
  "me-south-1": DEFAULT_SES_DKIM_DOMAIN,
  "sa-east-1": DEFAULT_SES_DKIM_DOMAIN,
  // No GovCloud region: golive builds ARNs of the standard aws partition only (AwsRegion, core/aws-fields.ts).
};

export const SES_REGIONS: readonly string[] = Object.keys(SES_DKIM_DOMAINS).sort();

/** An AWS region where SES sends and whose Easy DKIM domain golive knows. */
export const SesRegion = AwsRegion.refine((region) => Object.hasOwn(SES_DKIM_DOMAINS, region), {
  message: `must be an SES region whose Easy DKIM domain golive knows; allowed: ${SES_REGIONS.join(", ")}`,
  // Only for a well-formed region: "europe" gets the format message alone.
  when: (payload) => payload.issues.length === 0,
});

/** A single DNS label such as `bounce` (the MAIL FROM subdomain is `<label>.<domain>`). */
const Label = z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "must be one lower-case DNS label such as bounce");

/** A DKIM selector: one lower-case label (`google`), so `<selector>._domainkey` is one name and one resource id. */
const DkimSelector = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "must be one lower-case DNS label such as google (no dots or capitals)");

/** A domain an SPF include names; unlike hostnames it may have `_` labels such as _spf.google.com. */
const SpfDomain = z
  .string()
  .max(253)
  .regex(/^([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a lower-case domain such as _spf.google.com");

/** An MX host pattern as MTA-STS lists it: a hostname, optionally with a leading `*.` label. */
const MxPattern = z
  .string()
  .max(253, "must be at most 253 characters (RFC 1035)")
  .regex(/^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be an MX hostname such as mx1.example.com or *.example.com");

/**
 * The widest range an SPF `ip4:` / `ip6:` may authorise. Every host of the range passes SPF, and
 * DMARC passes on an aligned SPF pass (RFC 7489 3.1.2): `ip4:0.0.0.0/0` is `+all`. No mail provider
 * publishes anything near this wide (Microsoft 365's widest is a /14, Google's IPv6 a /36).
 */
export const SPF_WIDEST_PREFIX = { ip4: 8, ip6: 32 } as const;

/** Why an `ip4:` / `ip6:` range is too wide to authorise (SPF_WIDEST_PREFIX), or undefined (also when it is no range). */
export function spfNetworkTooWide(value: string): string | undefined {
  const range = cidrPrefix(value);
  if (range === undefined) return undefined;
  const { v4, prefix } = range;
  const widest = v4 ? SPF_WIDEST_PREFIX.ip4 : SPF_WIDEST_PREFIX.ip6;
  if (prefix >= widest) return undefined;
  const hosts = v4 ? (2 ** (32 - prefix)).toLocaleString("en-US") : `2^${128 - prefix}`;
  return `a range of ${hosts} addresses, each of which would pass SPF and DMARC as the domain; allowed: /${widest} or narrower for ${v4 ? "IPv4" : "IPv6"}`;
}

const SpfNetwork = Cidr.superRefine((value, ctx) => {
  const problem = spfNetworkTooWide(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
});

export const SpfConfig = z.strictObject({
  /**
   * Domains whose SPF is included: every other service that sends as the domain (Google Workspace
   * `_spf.google.com`, Postmark `spf.mtasv.net`, ...). @default ["amazonses.com"]
   */
  includes: limitedList(SpfDomain, 10, "includes (SPF allows 10 DNS lookups)").default(["amazonses.com"]),
  /** Own sending networks (`ip4:` / `ip6:` mechanisms), each at most SPF_WIDEST_PREFIX wide. @default [] */
  networks: limitedList(SpfNetwork, 50, "networks").default([]),
  /** End with `~all` instead of `-all`. Only with a reason (for example while a sender is migrated). */
  softFail: z.strictObject({ reason: Reason }).optional(),
});

export const DmarcConfig = z.strictObject({
  /** Ramp none -> quarantine -> reject; `none` only monitors and is reported as a warning. */
  policy: z.enum(["none", "quarantine", "reject"]),
  /** Policy for subdomains without their own record (`sp`); RFC 7489 6.3 reads it only when email.domain is the organizational domain (3.2: the registrable domain, the zone apex unless the zone is a subdomain zone). @default same as policy */
  subdomainPolicy: z.enum(["none", "quarantine", "reject"]).optional(),
  /** Percentage of failing mail the policy applies to while ramping. @default 100 */
  pct: z.number().int().min(1, "must be at least 1").max(100, "must be at most 100").default(100),
  /**
   * `relaxed` lets bounce.example.com align with example.com; `strict` needs the exact name, so SPF
   * must stay relaxed (SES's envelope sender is the MAIL FROM subdomain; strict is rejected).
   */
  alignment: z
    .strictObject({
      /** @default "relaxed" */
      spf: z.enum(["relaxed", "strict"]).default("relaxed"),
      /** @default "relaxed" */
      dkim: z.enum(["relaxed", "strict"]).default("relaxed"),
    })
    .prefault({}),
  /** Aggregate report mailboxes (`rua`). A mailbox in another domain needs that domain's authorisation record. */
  rua: limitedList(EmailAddress, 10, "report addresses").min(1, "at least one aggregate report address (rua) is required"),
  /** Failure report mailboxes (`ruf`); many receivers never send them. @default [] */
  ruf: limitedList(EmailAddress, 10, "report addresses").default([]),
});

export const MtaStsConfig = z.strictObject({
  /** `testing` only reports (start here), `enforce` makes senders refuse unprotected delivery. */
  mode: z.enum(["testing", "enforce", "none"]),
  /** MX host patterns the policy allows; every inbound MX must match one. */
  mx: limitedList(MxPattern, 20, "MX patterns").min(1, "at least one MX pattern is required"),
  /** Seconds senders cache the policy. @default 604800 (one week) */
  maxAge: z
    .number()
    .int()
    .min(86400, "must be at least 86400 (one day)")
    .max(31557600, "must be at most 31557600 (one year)")
    .default(604800),
});

export const EmailConfig = z.strictObject({
  /**
   * SES region that sends and holds the DKIM keys, such as eu-west-1. Its Easy DKIM domain (most
   * regions dkim.amazonses.com, some their own) is where the DKIM CNAMEs point.
   */
  region: SesRegion,
  /**
   * Pins the AWS provider to this account, so a plan with the wrong credentials fails instead of
   * creating SES resources elsewhere. @default secrets.accountId, else state.accountId
   */
  awsAccountId: AwsAccountId.optional(),
  /** Sending domain: the zone apex or a name below it. @default the Cloudflare zone name */
  domain: Hostname.optional(),
  /** MAIL FROM (envelope sender) subdomain label, so SPF aligns with the domain. @default "bounce" */
  mailFromSubdomain: Label.default("bounce"),
  spf: SpfConfig.prefault({}),
  dmarc: DmarcConfig,
  /** Where the domain receives mail; these MX records are declared and must match mtaSts.mx. @default [] */
  inboundMx: limitedList(z.strictObject({ host: Hostname, priority: z.number().int().min(0).max(65535) }), 20, "MX records").default([]),
  mtaSts: MtaStsConfig,
  /** TLS-RPT report mailboxes (`_smtp._tls`). */
  tlsRpt: z.strictObject({ rua: limitedList(EmailAddress, 10, "report addresses").min(1, "at least one TLS report address is required") }),
  /** DKIM keys of other senders (Google Workspace, ...), published as TXT at `<selector>._domainkey.<domain>`. @default [] */
  extraDkim: limitedList(
    z.strictObject({
      selector: DkimSelector,
      // RFC 6376 3.2: a tag list is printable ASCII (a note's other bytes are quoted-printable), so a
      // zero-width or bidi character pasted with a key is refused, not published.
      value: z
        .string()
        .regex(/^v=DKIM1;/, 'must be a DKIM key record starting with "v=DKIM1;"')
        .regex(/^[\x20-\x7e]*$/, "allowed: printable ASCII only (RFC 6376 tags; no tab, line break, zero-width or bidi character)"),
    }),
    20,
    "DKIM keys",
  ).default([]),
  /** Names in the zone that must never send mail: they get null MX, `v=spf1 -all` and DMARC reject. @default [] */
  nonSending: limitedList(Hostname, 100, "non-sending names").default([]),
  /** Mailboxes subscribed to the bounce/complaint SNS topic (each must confirm once). @default [] */
  feedbackSubscribers: limitedList(EmailAddress, 50, "feedback subscribers").default([]),
});
export type EmailConfig = z.infer<typeof EmailConfig>;
