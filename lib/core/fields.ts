import { X509Certificate } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
import { domainToASCII } from "node:url";
import { z } from "zod";
import { BoundedCache } from "./bounded-cache";

/** A DNS label; punycode (`xn--...`) labels pass as they are plain letters, digits and dashes. */
const LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
/** A top-level label: letters, or a punycode TLD such as xn--p1ai. */
const TLD = "([a-z]{2,63}|xn--[a-z0-9]([a-z0-9-]{0,57}[a-z0-9])?)";
/** Lower-case DNS name; `*` labels pass here so the wildcard rules can explain themselves later. */
const HOSTNAME_RE = new RegExp(`^((\\*|${LABEL})\\.)+${TLD}$`);
/** A DNS name that may hold `_` labels (`_dmarc`, `_sip._tcp`), as TXT, SRV and CNAME names may. */
const DNS_NAME_RE = new RegExp(`^((\\*|_?[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?)\\.)+${TLD}$`);
/** Shape only (editors show it); the real check parses the address and prefix (cidrProblem). */
const CIDR_RE = /^[0-9a-fA-F:.]+\/\d{1,3}$/;
/** Local part: letters, digits and `._%+'=-`, no leading, trailing or doubled dot; no `*`, no `mailto:`. */
const EMAIL_RE = new RegExp(`^[A-Za-z0-9_%+'=-]+(\\.[A-Za-z0-9_%+'=-]+)*@(${LABEL}\\.)+${TLD}$`);
/** https, a lower-case host (name or IPv4), an optional port, a path without spaces or control characters. */
const HTTPS_URL_RE = /^https:\/\/[a-z0-9.-]+(:\d{1,5})?(\/[!-~\u00a1-\uffff]*)?$/;

/**
 * An internationalised name (münchen.dev) is refused saying what to write instead: DNS, Cloudflare and
 * the certificates hold its punycode form (xn--mnchen-3ya.dev, as node's domainToASCII writes it).
 */
function asciiOnly<T extends z.ZodString>(field: T): T {
  return field.refine((name) => !/[\u0080-\uffff]/.test(name), {
    abort: true,
    error: (issue) => {
      const ascii = typeof issue.input === "string" ? domainToASCII(issue.input.toLowerCase()) : "";
      return `must be written in ASCII: give an internationalised name in its punycode form${ascii ? ` (here ${ascii})` : " (xn--…)"}`;
    },
  });
}

export const Hostname = asciiOnly(z.string().max(253)).regex(HOSTNAME_RE, "must be a lower-case DNS name such as app.example.com");

/** A record name: a hostname, or a name with `_` labels such as _sip._tcp.example.com (which types may have one is checked later). */
export const DnsName = asciiOnly(z.string().max(253)).regex(
  DNS_NAME_RE,
  "must be a lower-case DNS name such as app.example.com or _sip._tcp.example.com",
);

/** An environment's name, which is also its config file's (`config/<name>.yaml`) and its stacks' suffix. */
export const EnvironmentName = z.string().regex(/^[a-z][a-z0-9-]{1,20}$/, "must be a lower-case name such as production");

/** Cloudflare account, zone and other object ids are 32 lower-case hex characters. */
export const CloudflareId = z.string().regex(/^[0-9a-f]{32}$/, "must be a 32-character lower-case hex id");

const HTTPS_URL_MESSAGE = "must be an absolute https:// URL";

/** Parses as the edge and the redirect builder will: a URL `new URL` would refuse never reaches them. */
function isHttpsUrl(value: string): boolean {
  const host = /^https:\/\/([^:/]+)/.exec(value)?.[1] ?? "";
  const port = /^https:\/\/[^:/]+:(\d+)/.exec(value)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return false;
  if (/^[0-9.]+$/.test(host) ? !isIPv4(host) : !HOSTNAME_RE.test(host) || host.includes("*")) return false;
  return URL.canParse(value);
}

export const HttpsUrl = z
  .string()
  .max(2048, { message: "must be at most 2048 characters", abort: true })
  .regex(HTTPS_URL_RE, { message: HTTPS_URL_MESSAGE, abort: true })
  .refine(isHttpsUrl, `${HTTPS_URL_MESSAGE} with a lower-case host name or IPv4 address and a port of 1-65535`);

export const Cidr = z
  .string()
  .max(64, { message: "must be a CIDR range such as 198.51.100.0/24 or 2001:db8::/32", abort: true })
  .regex(CIDR_RE, { message: "must be a CIDR range such as 198.51.100.0/24 or 2001:db8::/32", abort: true })
  .superRefine((value, ctx) => {
    const problem = cidrProblem(value);
    if (problem)
      ctx.addIssue({ code: "custom", message: `${problem}; allowed: a CIDR range such as 198.51.100.0/24 or 2001:db8::/32`, input: value });
  });

/**
 * Why a path is not in the form Cloudflare matches rules against, or undefined when it is. URL
 * normalization removes `.` and `..` segments (RFC 3986 5.2.4) and, with type `cloudflare`, merges `//`
 * before any rule compares `http.request.uri.path` (developers.cloudflare.com/rules/normalization/),
 * so a rule on `/api/../chat` or `//admin` would never match anything.
 */
export function unnormalizedPathProblem(path: string): string | undefined {
  if (path.includes("//")) return "has an empty segment (//)";
  if (path.split("/").some((segment) => segment === "." || segment === "..")) return "has a . or .. segment";
  return undefined;
}

/** What unnormalizedPathProblem allows, for the messages of every field it checks. */
export const NORMALIZED_PATH_ALLOWED = "allowed: the path as Cloudflare normalizes it before rules match (no . or .. segments, no //)";

export const UrlPath = z
  .string()
  .max(1024)
  .regex(/^\/[A-Za-z0-9._~\-/]*$/, { message: "must be an absolute URL path such as /api/chat (no wildcards or query)", abort: true })
  .superRefine((path, ctx) => {
    const problem = unnormalizedPathProblem(path);
    if (problem) ctx.addIssue({ code: "custom", message: `${problem}; ${NORMALIZED_PATH_ALLOWED}, such as /api/chat`, input: path });
  });

export const EmailAddress = z
  .string()
  .max(254, { message: "must be at most 254 characters", abort: true })
  .regex(EMAIL_RE, "must be an email address such as ops@example.com (no mailto: prefix, no wildcard, lower-case domain)")
  // RFC 5321 4.5.3.1.1: a local part is at most 64 octets.
  .refine((v) => v.lastIndexOf("@") <= 64, "must have at most 64 characters before the @ (RFC 5321)");

/** A name that is never a wildcard: a `*` label anywhere is refused here, where no wildcard rule applies. */
export const PlainHostname = Hostname.refine((v) => !v.split(".").includes("*"), "must be a DNS name without a * label");

/**
 * An AWS tag value golive writes (an owner, a team): tag values may not begin with `aws:` in any case,
 * which AWS reserves ("Do not use the aws: prefix in your tag names or values": TagResource).
 */
export const TagValue = z
  .string()
  .min(2)
  .max(200)
  .regex(/^[\p{L}\p{N} +\-=._:/@]+$/u, "may hold letters, digits, spaces and + - = . _ : / @ only (AWS tag values)")
  .refine((v) => !/^aws:/i.test(v), "must not begin with aws: (AWS reserves the prefix in tag values)");

/** A response header value: one line of printable ASCII, so it cannot smuggle a second header (CR/LF). */
export const HeaderValue = z
  .string()
  .min(1, { message: "must not be empty", abort: true })
  .max(4096, { message: "must be at most 4096 characters", abort: true })
  .regex(/^[\x20-\x7e]+$/, "must be printable ASCII on one line (no CR, LF or other control characters)");

/** One PEM certificate block, the form Cloudflare's certificate uploads take. */
const PEM_CERTIFICATE_RE = /^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*$/;

// Reading a certificate costs about a millisecond (node:crypto's X509Certificate); a process that loads
// the same config many times (a watch, the tests) reads each distinct one once. The answer is a pure
// function of the text; a handful of distinct certificates at most, the oldest dropped beyond that.
const readCertificates = new BoundedCache<string, X509Certificate | string>(16);

/** The leaf certificate `pem` holds, or why it is not one leaf certificate in PEM form. */
function readLeafCertificate(pem: string): X509Certificate | string {
  return readCertificates.get(pem, () => readLeafCertificateOnce(pem));
}

function readLeafCertificateOnce(pem: string): X509Certificate | string {
  // Checked first and said without the value: a pasted key must never be echoed into a log.
  if (/PRIVATE KEY/.test(pem)) return "holds a private key; allowed: the public certificate only (the key never goes in config)";
  if (!PEM_CERTIFICATE_RE.test(pem.trim()))
    return "must be one PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)";
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    return "is not a certificate that can be read (damaged base64 or not X.509)";
  }
  if (cert.ca) return "is a CA certificate; allowed: a leaf certificate (basicConstraints CA:FALSE) that your CA signed";
  return cert;
}

/**
 * A public leaf certificate in PEM form, re-encoded as one canonical PEM, so a change of line breaks or
 * indentation in the config is no change of the certificate. Problems are said without the value.
 */
export const PemCertificate = z
  .string()
  .min(1, { message: "must not be empty", abort: true })
  // One parse for the check and the canonical form (a config load validated each certificate twice).
  .transform((pem, ctx) => {
    const cert = readLeafCertificate(pem);
    if (typeof cert !== "string") return cert.toString();
    ctx.addIssue({ code: "custom", message: cert, input: pem, params: VALUE_NOT_SHOWN });
    return z.NEVER;
  });

/**
 * A section that must be written, read as `{}` when it is missing, so one run reports every required
 * field inside it (edge.waf.allowedOrigins) next to its siblings' instead of "edge.waf: missing" now
 * and the fields inside it on the next run. `{}` passes no section with a required field, so nothing is
 * defaulted. zod's JSON Schema lists such a key as optional (with an annotation `default: {}`), so the
 * object holding the section lists it as required itself (requiredKeys).
 */
export function requiredSection<T extends z.ZodType>(section: T) {
  // The prefault is typed as the section's input, which `{}` is not: refusing it is the point.
  return section.prefault(() => ({}) as z.input<T>);
}

/**
 * The keys of an object's shape that must be written, for its JSON Schema's `required`: those whose
 * schema refuses a missing value, requiredSection's included (zod's generator counts those optional).
 */
export function requiredKeys(shape: Readonly<Record<string, z.ZodType>>): string[] {
  return Object.entries(shape)
    .filter(([, schema]) => !schema.safeParse(undefined).success)
    .map(([key]) => key);
}

/** Free text that must explain itself: public hostnames, ~all, exemptions. */
export const Reason = z.string().min(10, "must explain why in at least 10 characters").max(1000);

/**
 * Every ARN golive builds begins `arn:aws:` (the standard partition; GovCloud's begin `arn:aws-us-gov:`,
 * China's `arn:aws-cn:`: docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-arns.html), so
 * a region or ARN of another partition is refused rather than built into policies that never match.
 */
const STANDARD_PARTITION_ONLY = "golive builds ARNs of the standard aws partition only (GovCloud and China are not supported)";
/** GovCloud (`us-gov-west-1`) and China (`cn-north-1`) regions, of the aws-us-gov and aws-cn partitions. */
const OTHER_PARTITION_REGION = /^(us-gov-|cn-)/;

/** AWS region names such as eu-west-1 (SES, Secrets Manager, state bucket, health checks): the standard partition's. */
export const AwsRegion = z
  .string()
  .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, { message: "must be an AWS region such as eu-west-1", abort: true })
  .refine((region) => !OTHER_PARTITION_REGION.test(region), {
    message: `is not in the standard aws partition; ${STANDARD_PARTITION_ONLY}; allowed: a commercial region such as us-east-1`,
  });
/** Twelve-digit AWS account id (the examples use 111111111111-style ids). */
export const AwsAccountId = z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id");
/** An IAM role ARN such as arn:aws:iam::111111111111:role/opsbot-secret-operators. */
export const IamRoleArn = z
  .string()
  .refine((arn) => !/^arn:aws-[a-z-]+:/.test(arn), {
    message: `is not in the standard aws partition; ${STANDARD_PARTITION_ONLY}; allowed: an ARN beginning arn:aws:`,
    abort: true,
  })
  .regex(/^arn:aws:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]{1,512}$/, "must be an IAM role ARN such as arn:aws:iam::111111111111:role/name");

/**
 * Params of a check whose value its error must not quote (a webhook URL pasted where a secret name
 * belongs carries the credential): lib/core/zod-issues.ts leaves the `got ...` out of the message.
 */
export const VALUE_NOT_SHOWN = { valueNotShown: true } as const;

/** Whether a custom issue's params are VALUE_NOT_SHOWN's. */
export function isValueNotShown(params: Readonly<Record<string, unknown>> | undefined): boolean {
  return params?.valueNotShown === true;
}

/** A list of at most `max` items; the message says what the limit bounds. */
export function limitedList<T extends z.ZodType>(item: T, max: number, what: string) {
  return z.array(item).max(max, `at most ${max} ${what}`);
}

/** Keys that would reach an object's prototype; `constructor` is an ordinary name here. */
const PROTOTYPE_KEYS: readonly string[] = ["__proto__", "prototype"];

/** The value schema of each namedRecord, for tools that walk the schema (field paths in runbooks). */
export const NAMED_RECORD_VALUES = new WeakMap<z.core.$ZodType, z.core.$ZodType>();

/**
 * Name -> value, like z.record, but any name `key` allows is accepted (zod's record refuses an object
 * with a `constructor` key and silently drops `__proto__`), `__proto__` and `prototype` are refused by
 * name, and the result has no prototype, so a config name never meets an inherited property.
 */
export function namedRecord<V extends z.ZodType>(key: z.ZodString, value: V, max: number, what: string) {
  const { $schema: _, ...jsonSchema } = z.toJSONSchema(z.record(key, value), { io: "input", unrepresentable: "any" });
  const record = z
    .unknown()
    .transform((input, ctx) => {
      const out: Record<string, z.output<V>> = Object.create(null);
      if (typeof input !== "object" || input === null || Array.isArray(input)) {
        ctx.addIssue({ code: "custom", message: `must be a mapping of ${what} (name: settings)`, input });
        return z.NEVER;
      }
      const names = Object.keys(input);
      if (names.length > max) {
        ctx.addIssue({ code: "custom", message: `has ${names.length} ${what}; allowed: at most ${max}`, input: names.length });
        return z.NEVER;
      }
      for (const name of names) {
        if (PROTOTYPE_KEYS.includes(name)) {
          ctx.addIssue({ code: "custom", path: [name], message: `"${name}" is reserved; choose another name`, input: name });
          continue;
        }
        const k = key.safeParse(name);
        if (!k.success) {
          ctx.addIssue({ code: "custom", path: [name], message: k.error.issues[0]?.message ?? "invalid name", input: name });
          continue;
        }
        const v = value.safeParse((input as Record<string, unknown>)[name], { reportInput: true });
        if (v.success) out[name] = v.data;
        // A finished issue is a raw issue with its message set; only the path moves under the name.
        else for (const issue of v.error.issues) ctx.issues.push({ ...issue, path: [name, ...issue.path] } as z.core.$ZodRawIssue);
      }
      return out;
    })
    .meta({ ...jsonSchema, maxProperties: max });
  NAMED_RECORD_VALUES.set(record, value);
  return record;
}

/** Whether `text` holds a C0 control character or DEL; with `allowWhitespace`, tab, LF and CR pass. */
export function hasControlCharacter(text: string, allowWhitespace = false): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 || c === 0x7f) && !(allowWhitespace && (c === 0x09 || c === 0x0a || c === 0x0d))) return true;
  }
  return false;
}

export function isIpv4(value: string): boolean {
  return isIPv4(value);
}

/** Node's parser; a zone id (`fe80::1%eth0`) means nothing outside one host and is refused. */
export function isIpv6(value: string): boolean {
  return !value.includes("%") && isIPv6(value);
}

/** The 4 or 16 bytes of a valid address (check with isIpv4/isIpv6 first). */
export function addressBytes(address: string): number[] {
  if (isIpv4(address)) return address.split(".").map(Number);
  let text = address;
  let v4: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (dotted) {
    v4 = dotted.split(".").map(Number);
    text = `${text.slice(0, -dotted.length)}0:0`;
  }
  const [head = "", tail] = text.split("::");
  const groups = (s: string) => (s === "" ? [] : s.split(":").map((g) => Number.parseInt(g, 16)));
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  const bytes = all.flatMap((g) => [g >> 8, g & 0xff]);
  if (v4.length === 4) bytes.splice(12, 4, ...v4);
  return bytes;
}

function formatNetwork(bytes: readonly number[]): string {
  if (bytes.length === 4) return bytes.join(".");
  const groups = Array.from({ length: 8 }, (_, i) => (((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0)).toString(16));
  const text = groups.join(":");
  const runs = text.match(/(^|:)0(:0)+(:|$)/g) ?? [];
  const longest = runs.sort((a, b) => b.length - a.length)[0];
  return longest ? text.replace(longest, "::") : text;
}

/** Why `value` is not a CIDR range (address/prefix, no host bits set), or undefined when it is one. */
export function cidrProblem(value: string): string | undefined {
  const slash = value.indexOf("/");
  const address = slash === -1 ? value : value.slice(0, slash);
  const prefixText = slash === -1 ? "" : value.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(prefixText)) return `"${value}" has no prefix length such as /24`;
  const v4 = isIpv4(address);
  if (!v4 && !isIpv6(address)) return `"${address}" is not a valid IPv4 or IPv6 address`;
  const bits = v4 ? 32 : 128;
  const prefix = Number(prefixText);
  if (prefix > bits) return `/${prefix} is longer than the ${bits} bits of an ${v4 ? "IPv4" : "IPv6"} address`;
  const bytes = addressBytes(address);
  const network = bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
  if (network.some((b, i) => b !== bytes[i])) return `"${value}" has host bits set; the range is ${formatNetwork(network)}/${prefix}`;
  return undefined;
}
