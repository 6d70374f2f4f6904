import { error, warning, type EmailFinding } from "./findings";
import { spfNetworkTooWide } from "./schema";
import { knownSpfRecord } from "./spf-known";
import { checkNetwork, domainSpecProblem, macroProblem, parseDomainAndCidr } from "./spf-syntax";
import { isTxtOfKind } from "./single-txt";

/** RFC 7208 4.6.4: at most 10 mechanisms/modifiers that query DNS, and at most 2 void lookups. */
export const SPF_LOOKUP_LIMIT = 10;
export const SPF_VOID_LIMIT = 2;

/** What an include of a record golive does not know is assumed to cost in total (itself included). */
export const UNKNOWN_INCLUDE_COST = 5;

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
const LOOKUP_KINDS: readonly string[] = ["include", "a", "mx", "ptr", "exists", "redirect"];

function isMechanism(kind: string): kind is SpfMechanismKind {
  return (MECHANISMS as readonly string[]).includes(kind);
}

function qualifierOf(text: string): SpfQualifier {
  return QUALIFIERS.find((q) => q === text) ?? "+";
}

export function isSpf(txt: string): boolean {
  return isTxtOfKind("spf", txt);
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
function evaluatedTerms(record: SpfRecord): SpfTerm[] {
  const idx = record.terms.findIndex((t) => t.kind === "all");
  return idx === -1 ? [...record.terms] : record.terms.slice(0, idx + 1).filter((t) => t.kind !== "redirect");
}

/** The SPF record of a name when golive knows it (declared in the zone, or a well-known provider). */
export type SpfRecordOf = (domain: string) => string | undefined;

function lookupsOf(record: SpfRecord, recordOf: SpfRecordOf, seen: ReadonlySet<string>, unknown: string[]): number {
  let lookups = 0;
  for (const t of evaluatedTerms(record)) {
    if (!LOOKUP_KINDS.includes(t.kind)) continue;
    lookups += 1;
    if ((t.kind === "include" || t.kind === "redirect") && t.target) {
      const domain = t.target.toLowerCase().replace(/\.$/, "");
      // A record including itself never ends: receivers stop at the limit with a permerror.
      if (seen.has(domain)) return SPF_LOOKUP_LIMIT + 1;
      const txt = t.target.includes("%") ? undefined : recordOf(domain);
      if (txt === undefined) {
        unknown.push(t.target);
        lookups += UNKNOWN_INCLUDE_COST - 1;
      } else lookups += lookupsOf(parseSpf(txt), recordOf, new Set([...seen, domain]), unknown);
    }
  }
  return lookups;
}

/**
 * DNS lookups the record causes when evaluated in full (RFC 7208 4.6.4): one per include, a, mx, ptr,
 * exists and redirect, plus the lookups of every included record golive knows; includes it does not
 * know are counted pessimistically and returned.
 */
export function countSpfLookups(record: SpfRecord, recordOf: SpfRecordOf = knownSpfRecord): { lookups: number; unknownIncludes: string[] } {
  const unknownIncludes: string[] = [];
  const lookups = lookupsOf(record, recordOf, new Set(), unknownIncludes);
  return { lookups, unknownIncludes };
}

/** Total lookups an `include:<domain>` costs (itself plus its record's), and whether the record is known. */
export function includeCost(domain: string, recordOf: SpfRecordOf = knownSpfRecord): { cost: number; known: boolean } {
  const { lookups, unknownIncludes } = countSpfLookups(parseSpf(`v=spf1 include:${domain}`), recordOf);
  return { cost: lookups, known: unknownIncludes.length === 0 };
}

export interface SpfCheckOptions {
  /** Allow `~all` (config gives a reason). @default false */
  readonly allowSoftFail?: boolean;
  /**
   * Whether a name has records of a type, when known (see declaredPresence); a/mx targets without
   * them are void lookups. Undefined means unknown: the mechanism is reported as a void-lookup risk.
   */
  readonly hasRecords?: (name: string, type: "A" | "MX") => boolean | undefined;
  /** SPF records golive declares itself, read before the known-provider table when counting includes. */
  readonly spfRecordOf?: SpfRecordOf;
  /** Name the record is published at (target of a bare `a` / `mx`). */
  readonly domain?: string;
}

function checkAll(record: SpfRecord, options: SpfCheckOptions): EmailFinding[] {
  const out: EmailFinding[] = [];
  const idx = record.terms.findIndex((t) => t.kind === "all");
  const all = record.terms[idx];
  if (!all) {
    if (!record.terms.some((t) => t.kind === "redirect"))
      out.push(error("spf-no-all", 'the record does not end with "-all", so unlisted senders get a neutral result; add -all'));
    return out;
  }
  if (all.qualifier === "+" || all.qualifier === "?")
    out.push(error("spf-permissive-all", `"${all.text}" lets any server send as the domain; allowed: -all (or ~all with a reason)`));
  if (all.qualifier === "~" && !options.allowSoftFail)
    out.push(error("spf-softfail", '"~all" only marks forged mail as suspicious; use -all, or give email.spf.softFail.reason'));
  const after = record.terms.slice(idx + 1).filter((t) => t.kind !== "exp" && t.kind !== "unknown-modifier");
  if (after.length > 0)
    out.push(warning("spf-after-all", `terms after "${all.text}" are never evaluated: ${after.map((t) => t.text).join(" ")}`));
  return out;
}

function checkVoid(record: SpfRecord, options: SpfCheckOptions): EmailFinding[] {
  const out: EmailFinding[] = [];
  let voids = 0;
  for (const t of evaluatedTerms(record)) {
    if (t.kind !== "a" && t.kind !== "mx" && t.kind !== "exists") continue;
    const name = t.target ?? options.domain;
    const known = name !== undefined && t.kind !== "exists" && !name.includes("%");
    const has = known ? options.hasRecords?.(name, t.kind === "a" ? "A" : "MX") : undefined;
    if (has === false) voids += 1;
    else if (has === undefined)
      out.push(
        warning(
          "spf-void-risk",
          `"${t.text}" queries DNS for a name whose records golive cannot see; if it returns nothing it is a void lookup (at most ${SPF_VOID_LIMIT} allowed)`,
        ),
      );
  }
  if (voids > SPF_VOID_LIMIT)
    out.push(
      error(
        "spf-void-lookups",
        `${voids} mechanisms name records that do not exist; more than ${SPF_VOID_LIMIT} void lookups is a permerror`,
      ),
    );
  else if (voids > 0)
    out.push(warning("spf-void-risk", `${voids} mechanism(s) name records that do not exist (void lookups); remove them`));
  return out;
}

/** A passing `ip4:` / `ip6:` so wide it lets a large part of the internet send as the domain (`ip4:0.0.0.0/0` is `+all`). */
function checkWideNetworks(record: SpfRecord): EmailFinding[] {
  return evaluatedTerms(record).flatMap((t) => {
    const problem = (t.kind === "ip4" || t.kind === "ip6") && t.qualifier === "+" && t.target ? spfNetworkTooWide(t.target) : undefined;
    return problem ? [error("spf-wide-network", `"${t.text}": ${problem}`)] : [];
  });
}

/** Every rule for one SPF value: syntax, all-qualifier, network width, lookup limit, void lookups, ptr. */
export function checkSpf(txt: string, options: SpfCheckOptions = {}): EmailFinding[] {
  const record = parseSpf(txt);
  if (record.terms.length === 0 && record.findings.length > 0) return [...record.findings];
  const out: EmailFinding[] = [
    ...record.findings,
    ...checkAll(record, options),
    ...checkWideNetworks(record),
    ...checkVoid(record, options),
  ];
  const declared = options.spfRecordOf;
  const recordOf: SpfRecordOf = declared ? (d) => declared(d) ?? knownSpfRecord(d) : knownSpfRecord;
  const { lookups, unknownIncludes } = countSpfLookups(record, recordOf);
  for (const u of unknownIncludes)
    out.push(
      warning(
        "spf-unknown-include",
        `include:${u} is not in the known-provider table; counted as ${UNKNOWN_INCLUDE_COST} lookups (check its record and add it to KNOWN_SPF_RECORDS)`,
      ),
    );
  if (lookups > SPF_LOOKUP_LIMIT)
    out.push(
      error(
        "spf-lookups",
        `the record needs ${lookups} DNS lookups; allowed: at most ${SPF_LOOKUP_LIMIT} (remove includes or use ip4:/ip6: networks)`,
      ),
    );
  if (record.terms.some((t) => t.kind === "ptr"))
    out.push(warning("spf-ptr", '"ptr" is slow and unreliable (RFC 7208 5.5); use ip4:/ip6: or include: instead'));
  return out;
}

/** Exactly one SPF record per name: two or more is a permerror for every receiver. */
export function checkSpfCount(name: string, txtValues: readonly string[]): EmailFinding[] {
  const spf = txtValues.filter(isSpf);
  return spf.length > 1 ? [error("spf-multiple", `${name} has ${spf.length} SPF records; allowed: exactly one (merge them)`)] : [];
}

/** `v=spf1 include:a ip4:n -all`, in config order. */
export function renderSpf(parts: {
  readonly includes: readonly string[];
  readonly networks: readonly string[];
  readonly softFail: boolean;
}): string {
  const nets = parts.networks.map((n) => (n.includes(":") ? `ip6:${n}` : `ip4:${n}`));
  return ["v=spf1", ...parts.includes.map((i) => `include:${i}`), ...nets, parts.softFail ? "~all" : "-all"].join(" ");
}
