/**
 * Attributes that hold a JSON document as a string (IAM, trust, key, bucket, topic policies): decoded
 * so a review shows the changed statement and value, not two 160-character prefixes that look alike.
 */
import { createHash } from "node:crypto";
import { isRecord, MAX_NESTING, tooDeepAt } from "../json";
import { exactJson, parseJson } from "./exact-numbers";

/** The document inside a string attribute, when it is a JSON object or array; numbers as written (exact-numbers.ts). */
export function decodeJsonString(value: unknown): unknown {
  if (typeof value !== "string") return undefined;
  const t = value.trim();
  if (!(t.startsWith("{") && t.endsWith("}")) && !(t.startsWith("[") && t.endsWith("]"))) return undefined;
  try {
    const parsed: unknown = parseJson(t);
    return typeof parsed === "object" && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The document inside a string, when a review can walk it: also undefined when it nests MAX_NESTING
 * levels or more, so such a string is shown (and redacted) as the text it is.
 */
export function decodeWalkableJson(value: unknown): unknown {
  const doc = decodeJsonString(value);
  return doc !== undefined && tooDeepAt(doc) === undefined ? doc : undefined;
}

/**
 * True when a block or list holds a JSON document in a string somewhere (an `inline_policy` block's
 * `policy`): a new block like that is shown leaf by leaf, not as one line cut before its statements.
 * Walks at most MAX_NESTING levels, iteratively, and stops at the first document.
 */
export function holdsJsonDocument(value: unknown): boolean {
  const pending: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { v, depth } = next;
    if (typeof v === "string") {
      if (decodeWalkableJson(v) !== undefined) return true;
    } else if (depth < MAX_NESTING && (Array.isArray(v) || isRecord(v))) {
      for (const item of Object.values(v)) pending.push({ v: item, depth: depth + 1 });
    }
  }
  return false;
}

/** Stands for "this string is in the list" in a comparable document. */
export const LISTED = "\u0000listed";

/** How a leaf of a comparable document reads in a diff: list members as listed / absent. */
export function showLeaf(value: unknown, format: (v: unknown) => string): string {
  if (value === LISTED) return "listed";
  if (value === undefined || value === null) return "absent";
  return format(value);
}

/** A policy's statements: IAM allows `Statement` to be one object instead of a list. */
export function statementList(value: unknown): readonly unknown[] | undefined {
  return Array.isArray(value) ? value : isRecord(value) ? [value] : undefined;
}

/** Strings of a value that IAM reads as a set (`"a"` and `["a"]` are the same), sorted; other members as JSON. */
export function setMembers(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.map((v) => (typeof v === "string" ? v : (exactJson(v) ?? "null"))).sort();
}

/** `AWS:arn:...`, `Service:ecs-tasks.amazonaws.com` or `*`: each principal a statement names. */
export function principalMembers(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!isRecord(value)) return setMembers(value);
  return Object.keys(value)
    .sort()
    .flatMap((kind) => setMembers(value[kind]).map((id) => (id === "*" ? "*" : `${kind}:${id}`)));
}

/**
 * What a statement does, without its Sid and Condition: effect, actions, resources and principals
 * (`Allow kms:Decrypt on * for AWS:arn:aws:iam::111111111111:role/app`; `not(...)` for NotAction and the
 * like). Two statements alike in all of these differ only in their conditions.
 */
export function statementIdentity(st: Readonly<Record<string, unknown>>): string {
  const part = (key: string): string | undefined => {
    if (st[key] !== undefined) return setMembers(st[key]).join(",");
    if (st[`Not${key}`] !== undefined) return `not(${setMembers(st[`Not${key}`]).join(",")})`;
    return undefined;
  };
  const who =
    st.Principal !== undefined
      ? principalMembers(st.Principal).join(",")
      : st.NotPrincipal !== undefined
        ? `not(${principalMembers(st.NotPrincipal).join(",")})`
        : undefined;
  const resources = part("Resource");
  return [
    `${String(st.Effect ?? "")} ${part("Action") ?? ""}`,
    resources === undefined ? "" : ` on ${resources}`,
    who === undefined ? "" : ` for ${who}`,
  ].join("");
}

/**
 * JSON with object keys sorted, so equal values always give equal text; an absent member reads as null,
 * an exact number as its digits (exact-numbers.ts). Iterative (jsonText): a value nested thousands deep
 * is compared too (the digest, renames).
 */
export function canonicalJson(value: unknown): string {
  return exactJson(value, true) ?? "null";
}

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}

/** A statement's group: its Sid, else what it does; statements of one group are told apart by content. */
function groupOf(st: unknown, i: number): string {
  if (!isRecord(st)) return `#${i}`;
  if (typeof st.Sid === "string" && st.Sid !== "") return st.Sid;
  return statementIdentity(st);
}

/**
 * Keys for the statements of two versions of a policy, so the diff compares a statement with itself:
 * by Sid, else by what it does (effect, actions, resources, principals). Within one group, identical
 * statements pair up (`<group>#<hash of the statement>`); when exactly one statement of the group is
 * left on each side, they are the same statement changed and share the group's key, so only their
 * changed leaves show; any other leftover keeps a key of its own (shown as removed or added whole).
 */
function statementKeys(before: readonly unknown[], after: readonly unknown[]): Map<unknown, string> {
  const keys = new Map<unknown, string>();
  const groups = new Map<string, { b: unknown[]; a: unknown[] }>();
  const add = (side: "b" | "a", list: readonly unknown[]) =>
    list.forEach((st, i) => {
      const g = groupOf(st, i);
      const entry = groups.get(g) ?? { b: [], a: [] };
      entry[side].push(st);
      groups.set(g, entry);
    });
  add("b", before);
  add("a", after);
  for (const [group, { b, a }] of groups) {
    if (b.length <= 1 && a.length <= 1) {
      for (const st of [...b, ...a]) keys.set(st, group);
      continue;
    }
    const counts = { b: new Map<string, number>(), a: new Map<string, number>() };
    for (const [side, list] of [
      ["b", b],
      ["a", a],
    ] as const) {
      for (const st of list) {
        const text = canonicalJson(st);
        const n = (counts[side].get(text) ?? 0) + 1;
        counts[side].set(text, n);
        keys.set(st, `${group}#${shortHash(text)}${n > 1 ? `~${n}` : ""}`);
      }
    }
    // The n-th copy of a statement on one side pairs with the n-th copy on the other; the rest are left over.
    const leftOver = (list: readonly unknown[], other: ReadonlyMap<string, number>) => {
      const seen = new Map<string, number>();
      return list.filter((st) => {
        const text = canonicalJson(st);
        const n = (seen.get(text) ?? 0) + 1;
        seen.set(text, n);
        return n > (other.get(text) ?? 0);
      });
    };
    const [onlyBefore, ...moreBefore] = leftOver(b, counts.a);
    const [onlyAfter, ...moreAfter] = leftOver(a, counts.b);
    if (onlyBefore !== undefined && onlyAfter !== undefined && moreBefore.length === 0 && moreAfter.length === 0) {
      keys.set(onlyBefore, group);
      keys.set(onlyAfter, group);
    }
  }
  return keys;
}

/** A set of strings in a comparable document: `{"a": LISTED}`, so one new member is one line. */
function asSet(value: unknown, keyOf: (st: unknown, i: number) => string): unknown {
  if (typeof value === "string") return { [value]: LISTED };
  return comparableWith(value, keyOf);
}

function comparableWith(doc: unknown, keyOf: (st: unknown, i: number) => string): unknown {
  if (Array.isArray(doc)) {
    if (doc.every((v) => typeof v === "string")) return Object.fromEntries([...doc].sort().map((v) => [v, LISTED]));
    return doc.map((v) => comparableWith(v, keyOf));
  }
  if (!isRecord(doc)) return doc;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) {
    const statements = k === "Statement" ? statementList(v) : undefined;
    if (statements) out[k] = Object.fromEntries(statements.map((st, i) => [keyOf(st, i), comparableWith(st, keyOf)]));
    else if (k === "Action" || k === "Resource" || k === "NotAction" || k === "NotResource") out[k] = asSet(v, keyOf);
    else if ((k === "Principal" || k === "NotPrincipal") && isRecord(v))
      out[k] = Object.fromEntries(Object.entries(v).map(([kind, ids]) => [kind, asSet(ids, keyOf)]));
    else if (k === "Condition" && isRecord(v))
      out[k] = Object.fromEntries(
        Object.entries(v).map(([op, byKey]) => [
          op,
          isRecord(byKey) ? Object.fromEntries(Object.entries(byKey).map(([key, values]) => [key, asSet(values, keyOf)])) : byKey,
        ]),
      );
    else out[k] = comparableWith(v, keyOf);
  }
  return out;
}

/**
 * Two versions of a policy shaped for comparison: statements keyed (see statementKeys) instead of by
 * position, and string lists as sets (`{"a": LISTED}`, a lone string as a one-member set, as IAM reads
 * it), so reordering is no change and one new subject is one line.
 */
export function comparablePair(before: unknown, after: unknown): [unknown, unknown] {
  const keys = statementKeys(statementList(statementsOf(before)) ?? [], statementList(statementsOf(after)) ?? []);
  const keyOf = (st: unknown, i: number): string => keys.get(st) ?? groupOf(st, i);
  return [comparableWith(before, keyOf), comparableWith(after, keyOf)];
}

function statementsOf(doc: unknown): unknown {
  return isRecord(doc) ? doc.Statement : undefined;
}
