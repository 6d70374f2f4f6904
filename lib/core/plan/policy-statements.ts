/**
 * IAM policy statements as a plan holds them (a JSON string, sometimes already an object), read into
 * sets a risk rule can compare: who, what, on which resources, under which conditions.
 */
import { isRecord } from "../json";
import { parseJson } from "./exact-numbers";
import { canonicalJson, principalMembers, setMembers, statementIdentity, statementList } from "./json-attributes";

/** One statement; lists are sorted, `not` marks NotAction / NotResource / NotPrincipal. */
export interface Statement {
  readonly sid?: string;
  readonly effect: string;
  /** Action, or NotAction when `notAction`. */
  readonly actions: readonly string[];
  readonly notAction: boolean;
  /** Resource, or NotResource when `notResource`; empty in a trust policy. */
  readonly resources: readonly string[];
  readonly notResource: boolean;
  /** `AWS:arn:...`, `Federated:...`, `*`; Principal, or NotPrincipal when `notPrincipal`; empty in an identity policy. */
  readonly principals: readonly string[];
  readonly notPrincipal: boolean;
  /** Condition values by `Operator key` (`StringEquals kms:ViaService`). */
  readonly conditions: ReadonlyMap<string, readonly string[]>;
  /** What it does without Sid and Condition (json-attributes statementIdentity). */
  readonly identity: string;
  /** The statement as JSON with sorted keys: equal text, equal statement. */
  readonly text: string;
}

function asDocument(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return parseJson(value);
  } catch {
    return undefined;
  }
}

function conditionsOf(value: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!isRecord(value)) return out;
  for (const [op, byKey] of Object.entries(value)) {
    if (!isRecord(byKey)) continue;
    for (const [key, values] of Object.entries(byKey)) out.set(`${op} ${key}`, setMembers(values));
  }
  return out;
}

function statementOf(st: Readonly<Record<string, unknown>>): Statement {
  const either = (key: string): [string[], boolean] =>
    st[key] !== undefined
      ? [setMembers(st[key]), false]
      : st[`Not${key}`] !== undefined
        ? [setMembers(st[`Not${key}`]), true]
        : [[], false];
  const [actions, notAction] = either("Action");
  const [resources, notResource] = either("Resource");
  const notPrincipal = st.Principal === undefined && st.NotPrincipal !== undefined;
  return {
    ...(typeof st.Sid === "string" && st.Sid !== "" ? { sid: st.Sid } : {}),
    effect: String(st.Effect ?? ""),
    actions,
    notAction,
    resources,
    notResource,
    principals: principalMembers(notPrincipal ? st.NotPrincipal : st.Principal),
    notPrincipal,
    conditions: conditionsOf(st.Condition),
    identity: statementIdentity(st),
    text: canonicalJson(st),
  };
}

/** The statements of a policy document; undefined when it is not a readable document (unknown, sensitive, not JSON). */
export function readStatements(value: unknown): Statement[] | undefined {
  const doc = asDocument(value);
  if (!isRecord(doc)) return undefined;
  return (statementList(doc.Statement) ?? []).filter(isRecord).map(statementOf);
}

/** How a statement is named in a flag: its Sid, else what it does. */
export function statementLabel(st: Statement): string {
  return st.sid !== undefined ? `statement ${JSON.stringify(st.sid)}` : `statement "${st.identity}"`;
}

const GLOBS = new Map<string, RegExp>();

/** IAM's wildcards: `*` any run of characters, `?` one character. */
export function globMatches(pattern: string, value: string, caseless: boolean): boolean {
  if (!pattern.includes("*") && !pattern.includes("?")) return caseless ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  // Beyond any real ARN or action: not matched (so not covered: the statement reads as new), never a slow match.
  if (value.length > 2048 || pattern.split("*").length > 9) return false;
  const key = `${caseless ? "i" : "s"}${pattern}`;
  let re = GLOBS.get(key);
  if (!re) {
    const source = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, "[^*]"); // one character of a name, never a `*` of the narrower pattern (s3:G? does not cover s3:G*)
    re = new RegExp(`^${source}$`, caseless ? "is" : "s");
    if (GLOBS.size > 10_000) GLOBS.clear();
    GLOBS.set(key, re);
  }
  return re.test(value);
}

/** True when every member of `narrow` is matched by some member of `wide`. */
function coversAll(wide: readonly string[], narrow: readonly string[], caseless: boolean): boolean {
  return narrow.every((n) => wide.some((w) => globMatches(w, n, caseless)));
}

/** True when a list (or its Not form) reaches at least what the other does: `not` lists must exclude less. */
function reaches(wide: readonly string[], wideNot: boolean, narrow: readonly string[], narrowNot: boolean, caseless: boolean): boolean {
  if (wide.length === 0 && narrow.length === 0) return wideNot === narrowNot;
  if (!wideNot && wide.includes("*")) return true;
  if (wideNot !== narrowNot) return false;
  return wideNot ? coversAll(narrow, wide, caseless) : coversAll(wide, narrow, caseless);
}

/** True when some request may match both lists (or their Not forms): read widely, as a Deny is judged. */
function meets(a: readonly string[], aNot: boolean, b: readonly string[], bNot: boolean, caseless: boolean): boolean {
  // An empty list (no Principal in an identity policy) or a Not form limits nothing this can tell.
  if (aNot || bNot || a.length === 0 || b.length === 0) return true;
  return a.some((x) => b.some((y) => globMatches(x, y, caseless) || globMatches(y, x, caseless)));
}

/**
 * True when `deny` may apply to a request `allow` lets through, conditions aside: their actions,
 * resources and principals meet (wildcards either way). Read widely, so a Deny that might block a
 * grant is never missed.
 */
export function mayDeny(deny: Statement, allow: Statement): boolean {
  return (
    deny.effect === "Deny" &&
    meets(deny.actions, deny.notAction, allow.actions, allow.notAction, true) &&
    meets(deny.resources, deny.notResource, allow.resources, allow.notResource, false) &&
    meets(deny.principals, deny.notPrincipal, allow.principals, allow.notPrincipal, false)
  );
}

/**
 * True when `wide` applies to every request `narrow` applies to, its conditions aside: the same effect,
 * and actions, resources and principals that reach at least as far (wildcards read as IAM does).
 */
export function covers(wide: Statement, narrow: Statement): boolean {
  return (
    wide.effect === narrow.effect &&
    reaches(wide.actions, wide.notAction, narrow.actions, narrow.notAction, true) &&
    reaches(wide.resources, wide.notResource, narrow.resources, narrow.notResource, false) &&
    reaches(wide.principals, wide.notPrincipal, narrow.principals, narrow.notPrincipal, false)
  );
}

/** The statements of `others` that are `st` before or after a change: the same Sid, or covering / covered in what they do. */
export function counterparts(st: Statement, others: readonly Statement[], direction: "covers" | "covered"): Statement[] {
  return others.filter(
    (o) =>
      o.effect === st.effect && ((st.sid !== undefined && o.sid === st.sid) || (direction === "covers" ? covers(st, o) : covers(o, st))),
  );
}
