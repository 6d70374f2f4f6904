import { EmailAddress, HttpsUrl } from "../../core/web-fields";

/**
 * Property tags a CA acts on: issue, issuewild, iodef (RFC 8659 4.2-4.4), issuemail (RFC 9495) and
 * issuevmc (Verified Mark Certificates, IANA "Certification Authority Restriction Properties").
 */
export const CAA_TAGS = ["issue", "issuewild", "iodef", "issuemail", "issuevmc"] as const;
export type CaaTag = (typeof CAA_TAGS)[number];

export interface CaaData {
  readonly flags: number;
  readonly tag: CaaTag;
  readonly value: string;
}

/**
 * CAs Cloudflare issues edge certificates from (Universal, Advanced, Total TLS and backup certificates),
 * with the CAA values its reference lists for them:
 * https://developers.cloudflare.com/ssl/reference/certificate-authorities/#caa-records
 * (Let's Encrypt, Google Trust Services, SSL.com, Sectigo; Sectigo issues the backup certificates every
 * Universal certificate has, https://developers.cloudflare.com/ssl/edge-certificates/backup-certificates/).
 * DigiCert is no longer among them. `sectigo.com` is the value Cloudflare documents; Sectigo also honours
 * the older comodoca.com.
 */
export const CLOUDFLARE_CAS: readonly string[] = ["letsencrypt.org", "pki.goog", "ssl.com", "sectigo.com"];

/** RFC 8659 4.2 `label`: letters and digits, inner dashes. */
const LABEL_RE = /^[A-Za-z0-9](-*[A-Za-z0-9])*$/;
/** RFC 8659 4.2 `parameter`: `tag=value`, the value printable ASCII without `;` or space. */
const PARAMETER_RE = /^([A-Za-z0-9](-*[A-Za-z0-9])*)[ \t]*=[ \t]*([\x21-\x3a\x3c-\x7e]*)$/;
/** The critical flag (RFC 8659 4.1: bit 0, the most significant); every other bit is reserved. */
const CRITICAL_FLAG = 128;

function isIssuerDomain(text: string): boolean {
  return text.length <= 253 && text.split(".").every((label) => label.length <= 63 && LABEL_RE.test(label));
}

/** RFC 8659 4.2 `issue-value` (also issuewild, issuemail, issuevmc): `[domain] [; name=value; ...]`. */
function issueValueProblem(value: string): string | undefined {
  const semicolon = value.indexOf(";");
  const domain = (semicolon === -1 ? value : value.slice(0, semicolon)).trim();
  if (domain !== "" && !isIssuerDomain(domain)) return `"${domain}" is not a CA domain name such as letsencrypt.org`;
  if (semicolon === -1) return undefined;
  const params = value.slice(semicolon + 1).trim();
  if (params === "") return undefined;
  const bad = params.split(";").find((p) => !PARAMETER_RE.test(p.trim()));
  return bad === undefined ? undefined : `"${bad.trim()}" is not a name=value parameter`;
}

/** RFC 8659 4.4: where a CA reports refused requests: a mailto: address, or an http: or https: URL (RFC 6546). */
function iodefValueProblem(value: string): string | undefined {
  if (value.startsWith("mailto:"))
    return EmailAddress.safeParse(value.slice("mailto:".length)).success ? undefined : "not a mailto: address";
  const https = value.startsWith("http://") ? `https://${value.slice("http://".length)}` : value;
  return HttpsUrl.safeParse(https).success ? undefined : "not a mailto:, http: or https: URL";
}

/**
 * `0 issue "letsencrypt.org"` -> its parts, or what is wrong with it (RFC 8659 4.1-4.4): flags 0 or
 * 128 (the critical flag; records "MUST clear (set to 0) all reserved flag bits", so 300 and 1 are
 * refused), a tag golive knows, and a value of that tag's syntax.
 */
export function readCaa(content: string): { caa: CaaData } | { problem: string } {
  const m = /^(\d{1,3})\s+([A-Za-z0-9]+)\s+(?:"([^"]*)"|([^"\s]+))$/.exec(content.trim());
  if (!m) return { problem: 'not "flags tag value"' };
  const flags = Number(m[1]);
  if (flags !== 0 && flags !== CRITICAL_FLAG)
    return { problem: `flags ${m[1]}: allowed 0, or 128 for critical (RFC 8659 4.1 reserves every other bit)` };
  const tag = CAA_TAGS.find((t) => t === m[2]);
  if (!tag) return { problem: `tag "${m[2]}": allowed ${CAA_TAGS.join(", ")}` };
  const value = m[3] ?? m[4] ?? "";
  if (value.includes("\\")) return { problem: "the value has a backslash, which zone files read as an escape" };
  const problem = tag === "iodef" ? iodefValueProblem(value) : issueValueProblem(value);
  return problem ? { problem: `${tag} value: ${problem}` } : { caa: { flags, tag, value } };
}

/** The parts of a well-formed CAA record; undefined when malformed (readCaa says why). */
export function parseCaa(content: string): CaaData | undefined {
  const read = readCaa(content);
  return "caa" in read ? read.caa : undefined;
}
