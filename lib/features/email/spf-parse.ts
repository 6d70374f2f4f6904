import { error, warning, type EmailFinding } from "./findings";
import { checkNetwork, domainSpecProblem, macroProblem, parseDomainAndCidr } from "./spf-syntax";

export type SpfQualifier = "+" | "-" | "~" | "?";
export type SpfMechanismKind = "all" | "include" | "a" | "mx" | "ptr" | "ip4" | "ip6" | "exists";

export interface SpfTerm {
  readonly kind: SpfMechanismKind | "redirect" | "exp" | "unknown-modifier";
  readonly qualifier: SpfQualifier;
  /** Domain or network after the colon/equals sign, if any (for a/mx the domain, without CIDR lengths). */
  readonly target?: string;
  readonly text: string;
}

export interface SpfRecord {
  readonly terms: readonly SpfTerm[];
  readonly findings: readonly EmailFinding[];
}

const MECHANISMS: readonly SpfMechanismKind[] = ["all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"];
const QUALIFIERS: readonly SpfQualifier[] = ["+", "-", "~", "?"];

function isMechanism(kind: string): kind is SpfMechanismKind {
  return (MECHANISMS as readonly string[]).includes(kind);
}

function qualifierOf(text: string): SpfQualifier {
  return QUALIFIERS.find((q) => q === text) ?? "+";
}

/** The value of one mechanism (`rest` is what follows its name), checked as RFC 7208 5 defines it. */
function mechanismValue(kind: SpfMechanismKind, rest: string, word: string): { target?: string; finding?: EmailFinding } {
  const syntax = (message: string) => ({ finding: error("spf-syntax", message) });
  switch (kind) {
    case "all":
      return rest === "" ? {} : syntax(`"${word}": all takes no value`);
    case "include":
    case "exists": {
      if (!rest.startsWith(":") || rest === ":") return syntax(`"${word}" needs a domain after the colon`);
      const problem = domainSpecProblem(rest.slice(1));
      return problem ? { target: rest.slice(1), ...syntax(`"${word}": ${problem}`) } : { target: rest.slice(1) };
    }
    case "ptr": {
      if (rest === "") return {};
      const problem = rest.startsWith(":") ? domainSpecProblem(rest.slice(1)) : "ptr takes [:domain] and no prefix length";
      return problem ? syntax(`"${word}": ${problem}`) : { target: rest.slice(1) };
    }
    case "a":
    case "mx": {
      const parsed = parseDomainAndCidr(kind, rest);
      if (parsed.error) return syntax(parsed.error);
      return parsed.domain === undefined ? {} : { target: parsed.domain };
    }
    case "ip4":
    case "ip6": {
      if (!rest.startsWith(":") || rest === ":") return syntax(`"${word}" needs a network after the colon, such as ${kind}:192.0.2.0/24`);
      const net = checkNetwork(kind, rest.slice(1));
      if (net.error) return { target: rest.slice(1), finding: error("spf-network", net.error) };
      return { target: rest.slice(1), ...(net.warning ? { finding: warning("spf-host-bits", net.warning) } : {}) };
    }
  }
}

function modifierTerm(name: string, value: string, word: string): { term: SpfTerm; finding?: EmailFinding } {
  const kind = name === "redirect" || name === "exp" ? name : "unknown-modifier";
  const term: SpfTerm = { kind, qualifier: "+", target: value, text: word };
  // Unknown modifiers are ignored by receivers, but their macros must still parse (RFC 7208 6).
  const problem = kind === "unknown-modifier" ? macroProblem(value, true) : domainSpecProblem(value);
  return problem ? { term, finding: error("spf-syntax", `"${word}": ${problem}`) } : { term };
}

/** RFC 7208 6: redirect= and exp= may each appear at most once; a second is a permerror. */
function duplicateModifiers(terms: readonly SpfTerm[]): EmailFinding[] {
  return (["redirect", "exp"] as const).flatMap((kind) => {
    const count = terms.filter((t) => t.kind === kind).length;
    return count > 1
      ? [error("spf-duplicate-modifier", `${kind}= appears ${count} times; allowed: at most once (a permerror otherwise)`)]
      : [];
  });
}

/** Parses one SPF TXT value; syntax problems (each a permerror for receivers) become findings, never exceptions. */
export function parseSpf(txt: string): SpfRecord {
  const findings: EmailFinding[] = [];
  const words = txt.trim().split(/\s+/);
  if ((words[0] ?? "").toLowerCase() !== "v=spf1")
    return { terms: [], findings: [error("spf-version", `SPF must start with "v=spf1", got "${words[0] ?? ""}"`)] };
  const terms: SpfTerm[] = [];
  for (const word of words.slice(1)) {
    const mod = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(word);
    if (mod) {
      const { term, finding } = modifierTerm((mod[1] ?? "").toLowerCase(), mod[2] ?? "", word);
      terms.push(term);
      if (finding) findings.push(finding);
      continue;
    }
    const m = /^([+\-~?]?)([a-z][a-z0-9]*)(.*)$/i.exec(word);
    const kind = (m?.[2] ?? "").toLowerCase();
    if (!m || !isMechanism(kind)) {
      findings.push(error("spf-syntax", `"${word}" is not an SPF mechanism; allowed: ${MECHANISMS.join(", ")}, redirect=, exp=`));
      continue;
    }
    const { target, finding } = mechanismValue(kind, m[3] ?? "", word);
    if (finding) findings.push(finding);
    terms.push({ kind, qualifier: qualifierOf(m[1] ?? ""), text: word, ...(target !== undefined ? { target } : {}) });
  }
  return { terms, findings: [...findings, ...duplicateModifiers(terms)] };
}

/**
 * The terms a receiver evaluates: mechanisms up to the first `all` (later ones are never reached),
 * and `redirect=` only when there is no `all` (RFC 7208 6.1).
 */
export function evaluatedTerms(record: SpfRecord): SpfTerm[] {
  const idx = record.terms.findIndex((t) => t.kind === "all");
  return idx === -1 ? [...record.terms] : record.terms.slice(0, idx + 1).filter((t) => t.kind !== "redirect");
}
