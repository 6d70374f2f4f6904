import { cidrProblem, isIpv4, isIpv6 } from "../../core/ip-addresses";

/**
 * RFC 7208 7.2: the macro letters. `c`, `r` and `t` are allowed only in `exp=` text; any other
 * letter (`%{z}`) is a syntax error, so the whole record is a permerror.
 */
const MACRO_LETTERS = "slodiphv";
const EXP_ONLY_MACRO_LETTERS = "crt";
/** `%{` letter transformers (digits, `r`) delimiters `}` (RFC 7208 7.1). */
const MACRO_EXPAND = /^%\{([a-z])(\d*)(r?)([.\-+,/_=]*)\}/i;
/** RFC 7208 4.6.1: toplabel is alphanumeric with at least one letter (not all digits), or has an inner dash. */
const TOPLABEL = /^([a-z0-9]*[a-z][a-z0-9]*|[a-z0-9]+-[a-z0-9-]*[a-z0-9])$/i;

/** Why `text` is not a macro-string (RFC 7208 7.1), or undefined. `exp` allows the exp-only letters. */
export function macroProblem(text: string, exp = false): string | undefined {
  const letters = exp ? MACRO_LETTERS + EXP_ONLY_MACRO_LETTERS : MACRO_LETTERS;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return "holds a character that is not visible ASCII";
    if (text[i] !== "%") continue;
    const next = text[i + 1];
    if (next === "%" || next === "_" || next === "-") {
      i += 1;
      continue;
    }
    const m = MACRO_EXPAND.exec(text.slice(i));
    if (!m) return `"${text.slice(i, i + 6)}..." is not a macro; allowed: %{<letter>}, %%, %_ and %-`;
    const letter = (m[1] ?? "").toLowerCase();
    if (!letters.includes(letter))
      return `"${m[0]}" is not an SPF macro; allowed letters: ${[...letters].join(" ")}${exp ? "" : " (c, r and t only in exp=)"}`;
    if (m[2] !== "" && Number(m[2]) === 0) return `"${m[0]}" keeps zero labels; the digit must be at least 1`;
    i += m[0].length - 1;
  }
  return undefined;
}

/** Why `spec` is not a domain-spec (macro-string ending in `.toplabel` or a macro), or undefined. */
export function domainSpecProblem(spec: string): string | undefined {
  if (spec === "") return "the domain is empty";
  const macro = macroProblem(spec);
  if (macro) return macro;
  if (spec.endsWith("}")) return undefined;
  const labels = spec.replace(/\.$/, "").split(".");
  if (labels.length < 2 || labels.some((l) => l === "")) return `"${spec}" is not a domain name such as _spf.example.com`;
  return TOPLABEL.test(labels[labels.length - 1] ?? "") ? undefined : `"${spec}" does not end in a top-level label such as .com`;
}

/** Why `text` (after the `/` or `//`) is not a CIDR length of at most `max` bits, or undefined. */
function lengthProblem(text: string, max: number): string | undefined {
  if (!/^(0|[1-9]\d*)$/.test(text)) return `"/${text}" is not a prefix length (a number without leading zeros)`;
  return Number(text) > max ? `/${text} is longer than ${max} bits` : undefined;
}

export interface NetworkCheck {
  /** Makes the record a permerror. */
  readonly error?: string;
  /** Valid, but worth a fix (host bits set: receivers ignore them). */
  readonly warning?: string;
}

/**
 * `ip4:`/`ip6:` values, parsed with Node's `net` (RFC 7208 5.6): an address of the mechanism's family,
 * an optional prefix of 0-32 / 0-128. Host bits below the prefix are legal (receivers compare only the
 * prefix), so they are a warning here; config (email.spf.networks) refuses them outright.
 */
export function checkNetwork(kind: "ip4" | "ip6", value: string): NetworkCheck {
  const slash = value.indexOf("/");
  const address = slash === -1 ? value : value.slice(0, slash);
  const length = slash === -1 ? undefined : value.slice(slash + 1);
  const bits = kind === "ip4" ? 32 : 128;
  if (kind === "ip6" && isIpv4(address)) return { error: `"${kind}:${value}" holds an IPv4 address; use ip4:${value}` };
  if (kind === "ip4" && isIpv6(address)) return { error: `"${kind}:${value}" holds an IPv6 address; use ip6:${value}` };
  if (kind === "ip4" ? !isIpv4(address) : !isIpv6(address))
    return { error: `"${kind}:${value}": "${address}" is not an ${kind === "ip4" ? "IPv4" : "IPv6"} address` };
  if (length === undefined) return {};
  const problem = lengthProblem(length, bits);
  if (problem) return { error: `"${kind}:${value}": ${problem}; allowed: 0-${bits}` };
  // Address and length are valid, so the only problem left is host bits below the prefix.
  const hostBits = cidrProblem(value);
  return hostBits ? { warning: `"${kind}:${value}": ${hostBits} (receivers ignore the host bits)` } : {};
}

/** `a`/`mx` values: `[:domain-spec][/ip4-len][//ip6-len]`. Returns the domain (if given) or why it is invalid. */
export function parseDomainAndCidr(mechanism: string, rest: string): { domain?: string; error?: string } {
  const m = /^(?::(.*?))?(?:\/([^/]*))?(?:\/\/(.*))?$/.exec(rest);
  if (!m) return { error: `"${mechanism}${rest}" is not ${mechanism}[:domain][/len][//len]` };
  const [, domain, v4, v6] = m;
  if (domain !== undefined) {
    const problem = domainSpecProblem(domain);
    if (problem) return { error: `"${mechanism}${rest}": ${problem}` };
  }
  const lenProblem = (v4 !== undefined ? lengthProblem(v4, 32) : undefined) ?? (v6 !== undefined ? lengthProblem(v6, 128) : undefined);
  if (lenProblem) return { error: `"${mechanism}${rest}": ${lenProblem}` };
  return domain === undefined ? {} : { domain };
}
