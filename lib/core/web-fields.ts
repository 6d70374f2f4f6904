import { isIPv4 } from "node:net";
import { z } from "zod";
import { HOSTNAME_RE, LABEL, punycodeProblem, TLD } from "./dns-names";

/** What the web and mail see: https URLs, URL paths as Cloudflare matches them, header values, email addresses. */

/** Local part: letters, digits and `._%+'=-`, no leading, trailing or doubled dot; no `*`, no `mailto:`. */
const EMAIL_RE = new RegExp(`^[A-Za-z0-9_%+'=-]+(\\.[A-Za-z0-9_%+'=-]+)*@(${LABEL}\\.)+${TLD}$`);
/** https, a lower-case host (name or IPv4), an optional port, a path without spaces or control characters. */
const HTTPS_URL_RE = /^https:\/\/[a-z0-9.-]+(:\d{1,5})?(\/[!-~\u00a1-\uffff]*)?$/;

// One message for both checks: an IPv6 host fails the pattern, and should hear what is allowed too.
const HTTPS_URL_MESSAGE = "must be an absolute https:// URL with a lower-case host name or IPv4 address and a port of 1-65535";

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
  .refine(isHttpsUrl, HTTPS_URL_MESSAGE);

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
  .refine((v) => v.lastIndexOf("@") <= 64, "must have at most 64 characters before the @ (RFC 5321)")
  .superRefine((v, ctx) => {
    const problem = punycodeProblem(v.slice(v.lastIndexOf("@") + 1));
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: `its domain: ${problem}`, input: v });
  });

/** A response header value: one line of printable ASCII, so it cannot smuggle a second header (CR/LF). */
export const HeaderValue = z
  .string()
  .min(1, { message: "must not be empty", abort: true })
  .max(4096, { message: "must be at most 4096 characters", abort: true })
  .regex(/^[\x20-\x7e]+$/, "must be printable ASCII on one line (no CR, LF or other control characters)");
