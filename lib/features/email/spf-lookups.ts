import { error, warning, type EmailFinding } from "./findings";
import { knownSpfRecord } from "./spf-known";
import { evaluatedTerms, parseSpf, type SpfRecord, type SpfTerm } from "./spf-parse";
import { isInZone } from "../../core/names";

/** RFC 7208 4.6.4: at most 10 mechanisms/modifiers that query DNS. */
export const SPF_LOOKUP_LIMIT = 10;

/**
 * What an include of a record golive does not know is assumed to cost in total (itself included): a
 * guess, not a bound (one include may cost up to 9 more lookups, or have no record at all). The check
 * is `golive verify`'s live walk (spf-live.ts).
 */
export const UNKNOWN_INCLUDE_COST = 5;

/** The terms that query DNS, each one of the 10 lookups RFC 7208 4.6.4 allows (spf-live.ts counts them too). */
export const SPF_LOOKUP_KINDS: ReadonlySet<string> = new Set(["include", "a", "mx", "ptr", "exists", "redirect"]);

/** The SPF record of a name when golive knows it (declared in the zone, or a well-known provider). */
export type SpfRecordOf = (domain: string) => string | undefined;

/** An include:/redirect= target whose record golive does not know, and the terms that lead to it (the checked record's first). */
export interface UnknownTarget {
  readonly domain: string;
  readonly via: readonly SpfTerm[];
}

/**
 * Called for every term the walk reaches, with the name of the record holding it (what a bare a/mx
 * queries; `domain` for the checked record, else the include:/redirect= target) and the terms leading there.
 */
export type SpfTermVisitor = (term: SpfTerm, domain: string | undefined, via: readonly SpfTerm[]) => void;

interface Walk {
  readonly recordOf: SpfRecordOf;
  readonly unknown: UnknownTarget[];
  readonly visit?: SpfTermVisitor;
}

function lookupsOf(record: SpfRecord, walk: Walk, seen: ReadonlySet<string>, via: readonly SpfTerm[], at: string | undefined): number {
  const { recordOf, unknown } = walk;
  let lookups = 0;
  for (const t of evaluatedTerms(record)) {
    walk.visit?.(t, at, via);
    if (!SPF_LOOKUP_KINDS.has(t.kind)) continue;
    lookups += 1;
    if ((t.kind === "include" || t.kind === "redirect") && t.target) {
      const domain = t.target.toLowerCase().replace(/\.$/, "");
      // A record including itself never ends: receivers stop at the limit with a permerror.
      if (seen.has(domain)) return SPF_LOOKUP_LIMIT + 1;
      const txt = t.target.includes("%") ? undefined : recordOf(domain);
      if (txt === undefined) {
        unknown.push({ domain, via: [...via, t] });
        lookups += UNKNOWN_INCLUDE_COST - 1;
      } else lookups += lookupsOf(parseSpf(txt), walk, new Set([...seen, domain]), [...via, t], domain);
    }
  }
  return lookups;
}

/**
 * The record's lookups (as countSpfLookups counts them) and the include:/redirect= targets golive knows
 * no record of; `visit` sees each term on the way, the records golive knows included (`domain`: the
 * checked record's name).
 */
export function walkLookups(
  record: SpfRecord,
  recordOf: SpfRecordOf,
  domain?: string,
  visit?: SpfTermVisitor,
): { lookups: number; unknown: UnknownTarget[] } {
  const unknown: UnknownTarget[] = [];
  return { lookups: lookupsOf(record, { recordOf, unknown, ...(visit ? { visit } : {}) }, new Set(), [], domain), unknown };
}

/**
 * DNS lookups the record causes when evaluated in full (RFC 7208 4.6.4): one per include, a, mx, ptr,
 * exists and redirect, plus the lookups of every included record golive knows; includes it does not
 * know are counted as UNKNOWN_INCLUDE_COST (a guess) and returned.
 */
export function countSpfLookups(record: SpfRecord, recordOf: SpfRecordOf = knownSpfRecord): { lookups: number; unknownIncludes: string[] } {
  const { lookups, unknown } = walkLookups(record, recordOf);
  return { lookups, unknownIncludes: unknown.map((u) => u.via[u.via.length - 1]?.target ?? u.domain) };
}

/** Total lookups an `include:<domain>` costs (itself plus its record's), and whether the record is known. */
export function includeCost(domain: string, recordOf: SpfRecordOf = knownSpfRecord): { cost: number; known: boolean } {
  const { lookups, unknownIncludes } = countSpfLookups(parseSpf(`v=spf1 include:${domain}`), recordOf);
  return { cost: lookups, known: unknownIncludes.length === 0 };
}

/**
 * An include:/redirect= golive knows no record for: in the zone, where golive declares every record,
 * the name has none, which RFC 7208 5.2 (include) and 6.1 (redirect) make a permerror for every
 * receiver; elsewhere a provider's record, counted as a guess (UNKNOWN_INCLUDE_COST). `term` is the checked record's own
 * term that leads there, for callers that name its config field.
 */
export function unknownTargetFinding(u: UnknownTarget, zone: string | undefined): EmailFinding {
  const last = u.via[u.via.length - 1];
  const apex = zone?.toLowerCase().replace(/\.$/, "");
  if (last === undefined || apex === undefined || last.target?.includes("%") || !isInZone(u.domain, apex))
    return warning(
      "spf-unknown-include",
      `include:${last?.target ?? u.domain} is not in the known-provider table; counted as ${UNKNOWN_INCLUDE_COST} lookups, a guess (golive verify evaluates it live; check its record and add it to KNOWN_SPF_RECORDS)`,
    );
  const [rfc, instead] = last.kind === "redirect" ? ["6.1", "redirect to another name"] : ["5.2", "include another name"];
  return {
    ...error(
      "spf-undeclared-target",
      `${u.via.map((t) => `"${t.text}"`).join(", then ")}: the zone ${apex} declares no SPF record at ${u.domain}, so every receiver's SPF check ends in permerror (RFC 7208 ${rfc}); declare one there in edge.dns, or ${instead}`,
    ),
    term: u.via[0]?.text ?? last.text,
  };
}
