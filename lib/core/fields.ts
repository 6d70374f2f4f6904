import { z } from "zod";

/** Lower-case DNS name; `*` labels pass here so the wildcard rules can explain themselves later. */
const HOSTNAME_RE = /^((\*|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)\.)+[a-z]{2,63}$/;
const IPV4_RE = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const CIDR_RE = /^[0-9a-fA-F:.]+\/\d{1,3}$/;

export const Hostname = z.string().max(253).regex(HOSTNAME_RE, "must be a lower-case DNS name such as app.example.com");

/** Cloudflare account, zone and other object ids are 32 lower-case hex characters. */
export const CloudflareId = z.string().regex(/^[0-9a-f]{32}$/, "must be a 32-character lower-case hex id");

export const HttpsUrl = z.string().regex(/^https:\/\/[a-z0-9.-]+(:\d+)?(\/[^\s]*)?$/, "must be an absolute https:// URL");

export const Cidr = z.string().regex(CIDR_RE, "must be a CIDR range such as 198.51.100.0/24 or 2001:db8::/32");

export const UrlPath = z.string().regex(/^\/[A-Za-z0-9._~\-/]*$/, "must be an absolute URL path such as /api/chat (no wildcards or query)");

export const EmailAddress = z.string().regex(/^[^\s@]+@[a-z0-9.-]+\.[a-z]{2,}$/, "must be an email address");

/** Free text that must explain itself: public hostnames, ~all, exemptions. */
export const Reason = z.string().min(10, "must explain why in at least 10 characters");

/** AWS region names such as eu-west-1 (SES, Secrets Manager, state bucket, health checks). */
export const AwsRegion = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, "must be an AWS region such as eu-west-1");
/** Twelve-digit AWS account id (the examples use 111111111111-style ids). */
export const AwsAccountId = z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id");
/** An IAM role ARN such as arn:aws:iam::111111111111:role/opsbot-secret-operators. */
export const IamRoleArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]{1,512}$/,
    "must be an IAM role ARN such as arn:aws:iam::111111111111:role/name",
  );
export function isIpv4(value: string): boolean {
  return IPV4_RE.test(value);
}

export function isIpv6(value: string): boolean {
  return value.includes(":") && /^[0-9a-fA-F:]+$/.test(value);
}
