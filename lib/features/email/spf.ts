import { error, warning, type EmailFinding } from "./findings";

/** RFC 7208 4.6.4: at most 10 mechanisms/modifiers that query DNS, and at most 2 void lookups. */
export const SPF_LOOKUP_LIMIT = 10;
export const SPF_VOID_LIMIT = 2;

/**
 * DNS lookups an `include:` of a well-known provider costs in total (the include itself plus what its
 * record includes), as those providers published them when this table was written. Re-check with
 * `dig TXT <name>` when a provider changes its record; unknown names are counted pessimistically.
 */
export const KNOWN_INCLUDE_COSTS: Readonly<Record<string, number>> = {
  "amazonses.com": 1,
  "_spf.google.com": 4,
  "spf.protection.outlook.com": 2,
  "spf.mtasv.net": 1,
  "sendgrid.net": 1,
  "mailgun.org": 3,
  "servers.mcsv.net": 1,
  "_spf.salesforce.com": 1,
};

/** What an include of a provider not in the table is assumed to cost. */
export const UNKNOWN_INCLUDE_COST = 5;

export type SpfQualifier = "+" | "-" | "~" | "?";
export type SpfMechanismKind = "all" | "include" | "a" | "mx" | "ptr" | "ip4" | "ip6" | "exists";

export interface SpfTerm {
  readonly kind: SpfMechanismKind | "redirect" | "exp" | "unknown-modifier";
  readonly qualifier: SpfQualifier;
  /** Domain or network after the colon/equals sign, if any. */
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
const LOOKUP_KINDS: readonly string[] = ["include", "a", "mx", "ptr", "exists", "redirect"];

export function isSpf(txt: string): boolean {
  return /^v=spf1(\s|$)/i.test(txt.trim());
}

/** Parses one SPF TXT value; syntax problems become findings, never exceptions. */
export function parseSpf(txt: string): SpfRecord {
  const findings: EmailFinding[] = [];
  const words = txt.trim().split(/\s+/);
  if ((words[0] ?? "").toLowerCase() !== "v=spf1")
    return { terms: [], findings: [error("spf-version", `SPF must start with "v=spf1", got "${words[0] ?? ""}"`)] };
  const terms: SpfTerm[] = [];
  for (const word of words.slice(1)) {
    const mod = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(word);
    if (mod) {
      const name = (mod[1] ?? "").toLowerCase();
      const kind = name === "redirect" || name === "exp" ? name : "unknown-modifier";
      terms.push({ kind, qualifier: "+", target: mod[2] ?? "", text: word });
      continue;
    }
    const m = /^([+\-~?]?)([a-z0-9]+)(?:[:/](.*))?$/i.exec(word);
    const kind = (m?.[2] ?? "").toLowerCase();
    if (!m || !isMechanism(kind)) {
      findings.push(error("spf-syntax", `"${word}" is not an SPF mechanism; allowed: ${MECHANISMS.join(", ")}, redirect=, exp=`));
      continue;
    }
    const qualifier = qualifierOf(m[1] ?? "");
    const target = word.includes(":") ? word.slice(word.indexOf(":") + 1) : undefined;
    if ((kind === "include" || kind === "exists" || kind === "ip4" || kind === "ip6") && !target) {
      findings.push(error("spf-syntax", `"${word}" needs a value after the colon`));
    }
    terms.push({ kind, qualifier, text: word, ...(target ? { target } : {}) });
  }
  return { terms, findings };
}

/** Lookup cost of an include target: the known table, or the pessimistic default. */
export function includeCost(domain: string): { cost: number; known: boolean } {
  const known = KNOWN_INCLUDE_COSTS[domain.toLowerCase()];
  return known === undefined ? { cost: UNKNOWN_INCLUDE_COST, known: false } : { cost: known, known: true };
}

/** Total DNS lookups the record can cause, and the unknown includes counted pessimistically. */
export function countSpfLookups(record: SpfRecord): { lookups: number; unknownIncludes: string[] } {
  let lookups = 0;
  const unknownIncludes: string[] = [];
  for (const t of record.terms) {
    if (!LOOKUP_KINDS.includes(t.kind)) continue;
    if ((t.kind === "include" || t.kind === "redirect") && t.target) {
      const { cost, known } = includeCost(t.target);
      lookups += cost;
      if (!known) unknownIncludes.push(t.target);
    } else lookups += 1;
  }
  return { lookups, unknownIncludes };
}

export interface SpfCheckOptions {
  /** Allow `~all` (config gives a reason). @default false */
  readonly allowSoftFail?: boolean;
  /**
   * Whether a name has records of a type, when known (desired records); a/mx targets without them are
   * void lookups. Undefined means unknown: the mechanism is reported as a void-lookup risk instead.
   */
  readonly hasRecords?: (name: string, type: "A" | "MX") => boolean | undefined;
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
  if (idx < record.terms.length - 1)
    out.push(
      warning(
        "spf-after-all",
        `terms after "${all.text}" are never evaluated: ${record.terms
          .slice(idx + 1)
          .map((t) => t.text)
          .join(" ")}`,
      ),
    );
  return out;
}

function checkVoid(record: SpfRecord, options: SpfCheckOptions): EmailFinding[] {
  const out: EmailFinding[] = [];
  let voids = 0;
  for (const t of record.terms) {
    if (t.kind !== "a" && t.kind !== "mx" && t.kind !== "exists") continue;
    const name = t.target?.split("/")[0] ?? options.domain;
    const has = name && t.kind !== "exists" ? options.hasRecords?.(name, t.kind === "a" ? "A" : "MX") : undefined;
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

/** Every rule for one SPF value: syntax, all-qualifier, lookup limit, void lookups, ptr. */
export function checkSpf(txt: string, options: SpfCheckOptions = {}): EmailFinding[] {
  const record = parseSpf(txt);
  if (record.terms.length === 0 && record.findings.length > 0) return [...record.findings];
  const out: EmailFinding[] = [...record.findings, ...checkAll(record, options), ...checkVoid(record, options)];
  const { lookups, unknownIncludes } = countSpfLookups(record);
  for (const u of unknownIncludes)
    out.push(
      warning(
        "spf-unknown-include",
        `include:${u} is not in the known-provider table; counted as ${UNKNOWN_INCLUDE_COST} lookups (check its record and add it to KNOWN_INCLUDE_COSTS)`,
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
