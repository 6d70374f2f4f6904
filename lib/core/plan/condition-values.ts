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

/** Stand-ins for a literal `*` and `?` (written `${*}`, `${?}`): matched by a wildcard, never one themselves. */
const LITERAL: Readonly<Record<string, string>> = { "*": "\uE000", "?": "\uE001", $: "$" };

/**
 * A condition value as the string or pattern IAM compares: `${*}`, `${?}` and `${$}` are the literal
 * characters ("Special characters", IAM User Guide, policy variables), a wildcard `*` or `?` stays one
 * under StringLike and is a literal character under StringEquals. Undefined when it holds a policy
 * variable (`${aws:username}`): its strings are known only per request, so nothing compares with it.
 */
function comparable(value: string, like: boolean): string | undefined {
  let variable = false;
  const plain = like ? value : value.replace(/[*?]/g, (c) => LITERAL[c] ?? c);
  const out = plain.replace(/\$\{([^}]*)\}/g, (_, inner: string) => {
    const literal = LITERAL[inner];
    if (literal === undefined) variable = true;
    return literal ?? "";
  });
  return variable ? undefined : out;
}

/**
 * The values of `from` (read under `fromKey`) matching some string the values of `to` (under `toKey`)
 * do not: a StringEquals value is one string, a StringLike value every string its pattern matches.
 * Both keys are StringEquals or StringLike (valueCounterpart, or one key). A value with a policy
 * variable is never matched, nor matches: it is reported.
 */
export function unmatched(fromKey: string, from: readonly string[], toKey: string, to: readonly string[]): string[] {
  const fromLike = matching(fromKey)?.like === true;
  const toLike = matching(toKey)?.like === true;
  const targets = to.flatMap((t) => comparable(t, toLike) ?? []);
  return from.filter((raw) => {
    const v = comparable(raw, fromLike);
    if (v === undefined) return true;
    if (toLike) return !covers(reachingOnly(targets), reachingOnly([v]));
    // StringEquals matches one string: a pattern's many are matched only when it has no wildcard.
    return !targets.includes(v) || (fromLike && /[*?]/.test(v));
  });
}
