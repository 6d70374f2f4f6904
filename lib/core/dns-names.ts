import { domainToASCII, domainToUnicode } from "node:url";
import { z } from "zod";

/**
 * DNS names in config: host names, record names with `_` labels, and names that may not be wildcards.
 * The label patterns are exported for the email and URL fields (web-fields.ts), which embed them.
 */

/** A DNS label; punycode (`xn--...`) labels pass as they are plain letters, digits and dashes. */
export const LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
/** A top-level label: letters, or a punycode TLD such as xn--p1ai. */
export const TLD = "([a-z]{2,63}|xn--[a-z0-9]([a-z0-9-]{0,57}[a-z0-9])?)";
/** Lower-case DNS name; `*` labels pass here so the wildcard rules can explain themselves later. */
export const HOSTNAME_RE = new RegExp(`^((\\*|${LABEL})\\.)+${TLD}$`);
/** A DNS name that may hold `_` labels (`_dmarc`, `_sip._tcp`), as TXT, SRV and CNAME names may. */
const DNS_NAME_RE = new RegExp(`^((\\*|_?[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?)\\.)+${TLD}$`);

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

/**
 * Why a name's punycode (`xn--`) labels are not the ASCII form of an internationalised label, or
 * undefined. The patterns above let any `xn--` label through as letters and dashes; one that does not
 * decode (`xn--abc`), or decodes to a label that encodes otherwise (`xn--abc-`, plain ASCII), is no name
 * a browser, a certificate or Cloudflare takes: `new URL("https://chat.xn--abc.de")` throws. Checked by
 * the round trip node's URL parser makes (domainToUnicode, then domainToASCII, UTS #46).
 */
export function punycodeProblem(name: string): string | undefined {
  const bad = name.split(".").find((label) => {
    if (!label.startsWith("xn--")) return false;
    // Node 20 decodes a label that is no punycode to "", Node 22+ (ada) leaves it as it was: either way
    // it did not become a Unicode label.
    const unicode = domainToUnicode(label);
    return unicode === "" || unicode.startsWith("xn--") || domainToASCII(unicode) !== label;
  });
  return bad === undefined
    ? undefined
    : `its label ${bad} is not valid punycode (it does not decode to an internationalised label and back); allowed: the xn-- form of a Unicode name as node's domainToASCII writes it, such as xn--mnchen-3ya.dev for münchen.dev`;
}

/** A pattern-checked name whose punycode labels decode (config errors add what was given). */
function decodable<T extends z.ZodType<string>>(field: T): T {
  return field.superRefine((name, ctx) => {
    const problem = punycodeProblem(name);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: name });
  });
}

export const Hostname = decodable(
  asciiOnly(z.string().max(253)).regex(HOSTNAME_RE, "must be a lower-case DNS name such as app.example.com"),
);

/** A record name: a hostname, or a name with `_` labels such as _sip._tcp.example.com (which types may have one is checked later). */
export const DnsName = decodable(
  asciiOnly(z.string().max(253)).regex(DNS_NAME_RE, "must be a lower-case DNS name such as app.example.com or _sip._tcp.example.com"),
);

/** A name that is never a wildcard: a `*` label anywhere is refused here, where no wildcard rule applies. */
export const PlainHostname = Hostname.refine((v) => !v.split(".").includes("*"), "must be a DNS name without a * label");
