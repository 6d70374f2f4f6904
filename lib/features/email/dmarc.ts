import { error, parseTagList, warning, type EmailFinding } from "./findings";

export type DmarcPolicy = "none" | "quarantine" | "reject";
const POLICIES: readonly DmarcPolicy[] = ["none", "quarantine", "reject"];
const KNOWN_TAGS: readonly string[] = ["v", "p", "sp", "np", "pct", "adkim", "aspf", "rua", "ruf", "fo", "rf", "ri", "t", "psd"];

export interface DmarcRecord {
  readonly tags: ReadonlyMap<string, string>;
  readonly findings: readonly EmailFinding[];
}

function isPolicy(value: string | undefined): value is DmarcPolicy {
  return (POLICIES as readonly (string | undefined)[]).includes(value);
}

/** The next safe step of the ramp none -> quarantine (pct 25, 50, 100) -> reject. */
export function rampSuggestion(policy: DmarcPolicy, pct: number): string {
  if (policy === "none") return "once aggregate reports show all legitimate mail passing, move to p=quarantine; pct=25";
  if (policy === "quarantine" && pct < 100) return `raise pct from ${pct} towards 100 (25 -> 50 -> 100), then p=reject`;
  if (policy === "quarantine") return "after a quiet period at pct=100, move to p=reject";
  return pct < 100 ? `raise pct from ${pct} to 100` : "at the end of the ramp";
}

function checkUris(tag: string, value: string): EmailFinding[] {
  return value
    .split(",")
    .map((u) => u.trim())
    .filter((u) => !/^mailto:(?:[^\s@,!%]|%[0-9a-f]{2})+@[a-z0-9.-]+\.[a-z]{2,}(![0-9]+[kmgt]?)?$/i.test(u))
    .map((u) => error("dmarc-uri", `${tag}: "${u}" is not a mailto: URI such as mailto:dmarc@example.com`));
}

const VALUE_RULES: Readonly<Record<string, { readonly test: (v: string) => boolean; readonly allowed: string }>> = {
  sp: { test: isPolicy, allowed: POLICIES.join(", ") },
  np: { test: isPolicy, allowed: POLICIES.join(", ") },
  pct: { test: (v) => /^\d{1,3}$/.test(v) && Number(v) <= 100, allowed: "an integer 0-100" },
  adkim: { test: (v) => v === "r" || v === "s", allowed: "r (relaxed) or s (strict)" },
  aspf: { test: (v) => v === "r" || v === "s", allowed: "r (relaxed) or s (strict)" },
  fo: { test: (v) => /^[01ds](:[01ds])*$/.test(v), allowed: "0, 1, d, s separated by colons" },
  rf: { test: (v) => v === "afrf", allowed: "afrf" },
  ri: { test: (v) => /^\d{1,10}$/.test(v), allowed: "seconds, such as 86400" },
  t: { test: (v) => v === "y" || v === "n", allowed: "y or n" },
  psd: { test: (v) => v === "y" || v === "n" || v === "u", allowed: "y, n or u" },
};

/** Parses and validates every tag of a DMARC record (RFC 7489 6.3). */
export function parseDmarc(txt: string): DmarcRecord {
  const { tags, order, findings } = parseTagList(txt, "dmarc");
  const out = [...findings];
  if (order[0] !== "v" || tags.get("v") !== "DMARC1")
    out.push(error("dmarc-version", `a DMARC record must start with "v=DMARC1", got "${txt.slice(0, 20)}"`));
  const p = tags.get("p");
  if (p === undefined) out.push(error("dmarc-no-policy", "the p= tag is required; allowed: none, quarantine, reject"));
  else if (!isPolicy(p)) out.push(error("dmarc-policy", `p: got "${p}"; allowed: ${POLICIES.join(", ")}`));
  else if (order[1] !== "p") out.push(error("dmarc-order", "p= must directly follow v=DMARC1"));
  for (const [tag, value] of tags) {
    const rule = VALUE_RULES[tag];
    if (rule && !rule.test(value)) out.push(error(`dmarc-${tag}`, `${tag}: got "${value}"; allowed: ${rule.allowed}`));
    if (tag === "rua" || tag === "ruf") out.push(...checkUris(tag, value));
    if (!KNOWN_TAGS.includes(tag)) out.push(warning("dmarc-unknown-tag", `unknown tag "${tag}" is ignored by receivers`));
  }
  return { tags, findings: out };
}

/** Validation plus policy advice: p=none is a warning with the next ramp step, weaker sp is a warning. */
export function checkDmarc(txt: string): EmailFinding[] {
  const { tags, findings } = parseDmarc(txt);
  const out = [...findings];
  const p = tags.get("p");
  const pct = Number(tags.get("pct") ?? "100");
  if (p === "none")
    out.push(
      warning("dmarc-monitor-only", `p=none only monitors: forged mail is still delivered. Next step: ${rampSuggestion("none", pct)}`),
    );
  const sp = tags.get("sp");
  if (isPolicy(p) && isPolicy(sp) && POLICIES.indexOf(sp) < POLICIES.indexOf(p)) {
    out.push(warning("dmarc-weak-subdomains", `sp=${sp} is weaker than p=${p}: subdomains are easier to forge than the domain`));
  }
  if (!tags.has("rua"))
    out.push(warning("dmarc-no-rua", "no rua= address: nobody sees the aggregate reports needed to ramp the policy safely"));
  if (p !== "none" && pct < 100)
    out.push(
      warning("dmarc-partial", `pct=${pct}: the policy applies to part of failing mail; ${rampSuggestion(isPolicy(p) ? p : "none", pct)}`),
    );
  return out;
}

export interface DmarcParts {
  readonly policy: DmarcPolicy;
  readonly subdomainPolicy?: DmarcPolicy;
  readonly pct: number;
  readonly adkim: "r" | "s";
  readonly aspf: "r" | "s";
  readonly rua: readonly string[];
  readonly ruf: readonly string[];
}

/**
 * A report address as a `mailto:` URI: `rua`/`ruf` (RFC 7489 6.4) and TLS-RPT's `rua` (RFC 8460 3) are
 * RFC 3986 URIs, so a `%` in the address is written `%25` (RFC 6068 2), and DMARC's own delimiters `,`
 * and `!` and the record's `;` are percent-encoded too; a report sender decoding `mailto:a%b@x` fails.
 */
export function mailtoUri(address: string): string {
  const at = address.lastIndexOf("@");
  const local = address.slice(0, at).replace(/[%,!;]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
  return `mailto:${local}${address.slice(at)}`;
}

export function renderDmarc(d: DmarcParts): string {
  const parts = [`v=DMARC1`, `p=${d.policy}`];
  if (d.subdomainPolicy) parts.push(`sp=${d.subdomainPolicy}`);
  if (d.pct !== 100) parts.push(`pct=${d.pct}`);
  parts.push(`adkim=${d.adkim}`, `aspf=${d.aspf}`);
  if (d.rua.length > 0) parts.push(`rua=${d.rua.map(mailtoUri).join(",")}`);
  if (d.ruf.length > 0) parts.push(`ruf=${d.ruf.map(mailtoUri).join(",")}`, "fo=1");
  return parts.join("; ");
}
