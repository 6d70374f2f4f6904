import { z } from "zod";
import { AwsAccountId, AwsRegion, Cidr, EmailAddress, Hostname, limitedList, Reason } from "../../core/fields";

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
  .regex(/^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be an MX hostname such as mx1.example.com or *.example.com");

export const SpfConfig = z.strictObject({
  /**
   * Domains whose SPF is included: every other service that sends as the domain (Google Workspace
   * `_spf.google.com`, Postmark `spf.mtasv.net`, ...). @default ["amazonses.com"]
   */
  includes: limitedList(SpfDomain, 10, "includes (SPF allows 10 DNS lookups)").default(["amazonses.com"]),
  /** Own sending networks (`ip4:` / `ip6:` mechanisms). @default [] */
  networks: limitedList(Cidr, 50, "networks").default([]),
  /** End with `~all` instead of `-all`. Only with a reason (for example while a sender is migrated). */
  softFail: z.strictObject({ reason: Reason }).optional(),
});

export const DmarcConfig = z.strictObject({
  /** Ramp none -> quarantine -> reject; `none` only monitors and is reported as a warning. */
  policy: z.enum(["none", "quarantine", "reject"]),
  /** Policy for subdomains without their own record (`sp`). @default same as policy */
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
  /** SES region that sends and holds the DKIM keys, such as eu-west-1. */
  region: AwsRegion,
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
      value: z.string().regex(/^v=DKIM1;/, 'must be a DKIM key record starting with "v=DKIM1;"'),
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
