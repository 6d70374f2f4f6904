/**
 * String condition values read as the sets of strings they match, so that a condition moved between
 * StringEquals and StringLike on one key (`ForAnyValue:StringEquals kms:ResourceAliases` [a, b] ->
 * `ForAnyValue:StringLike kms:ResourceAliases` "a*") is compared by what it matches, not read as a new
 * condition. IAM: "StringLike: case-sensitive matching; the values can include a multi-character match
 * wildcard (*) and a single-character match wildcard (?)" (IAM User Guide, condition operators).
 */
import { covers, type Statement } from "./policy-statements";

const MATCHING = /^((?:For(?:Any|All)Value:)?)String(Equals|Like)((?:IfExists)?) (.+)$/;

/** An `Operator key` of StringEquals or StringLike: its set qualifier and IfExists kept, its key in lower case (IAM reads keys ignoring case). */
function matching(opKey: string): { readonly like: boolean; readonly same: string } | undefined {
  const m = MATCHING.exec(opKey);
  return m ? { like: m[2] === "Like", same: `${m[1]}|${m[3]}|${m[4]?.toLowerCase()}` } : undefined;
}

/**
 * The StringEquals or StringLike `Operator key` of `other` that `opKey` (a key of `own`, the same
 * statement before or after a change) became, to be compared by value: the other one of the two on the
 * same key, with the same set qualifier and IfExists (a changed qualifier changes how a request's values
 * are read, so it stays a new condition), and not in `own` as well (there it is compared with itself).
 */
export function valueCounterpart(
  opKey: string,
  own: ReadonlyMap<string, readonly string[]>,
  other: ReadonlyMap<string, readonly string[]>,
): string | undefined {
  const mine = matching(opKey);
  if (!mine || other.has(opKey)) return undefined;
  for (const key of other.keys()) {
    const m = matching(key);
    if (m?.same === mine.same && m.like !== mine.like && !own.has(key)) return key;
  }
  return undefined;
}

/** A statement reaching `resources` only: covers() reads its Resource list with IAM's `*` and `?`, as StringLike reads its values. */
function reachingOnly(resources: readonly string[]): Statement {
  return {
    effect: "Deny",
    actions: [],
    notAction: false,
    resources,
    notResource: false,
    principals: [],
    notPrincipal: false,
    conditions: new Map(),
    identity: "",
    text: "",
  };
}

/**
 * The values of `from` (read under `fromKey`) matching some string the values of `to` (under `toKey`)
 * do not: a StringEquals value is one string, a StringLike value every string its pattern matches.
 * Both keys are StringEquals or StringLike (valueCounterpart, or one key).
 */
export function unmatched(fromKey: string, from: readonly string[], toKey: string, to: readonly string[]): string[] {
  const fromLike = matching(fromKey)?.like === true;
  const toLike = matching(toKey)?.like === true;
  return from.filter((v) => {
    if (toLike) return !covers(reachingOnly(to), reachingOnly([v]));
    // StringEquals matches one string: a pattern's many are matched only when it has no wildcard.
    return !to.includes(v) || (fromLike && /[*?]/.test(v));
  });
}
