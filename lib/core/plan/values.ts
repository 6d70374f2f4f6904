/**
 * Attribute values of a plan, read through Terraform's sensitivity and unknown masks. Plan JSON holds
 * sensitive values in the clear next to a mask (`before_sensitive`, `after_sensitive`); everything here
 * consults the mask first, so a sensitive value never reaches a display string.
 */
import { createHash } from "node:crypto";
import { isRecord, jsonText, MAX_NESTING, withDepthCap } from "../json";
import { comparablePair, decodeWalkableJson, LISTED, showLeaf } from "./json-attributes";
import {
  flaggedItemNames,
  hideFlaggedItems,
  isSecretValue,
  mayNameSecret,
  pairedName,
  REDACTED_VALUE,
  redactSecretNamed,
} from "./redact-values";

/** Stands for a value marked sensitive, in masked trees handed to risk rules. */
export const SENSITIVE: unique symbol = Symbol("sensitive");
/** Stands for a value known only after apply. */
export const UNKNOWN: unique symbol = Symbol("unknown");

export const SHOW_SENSITIVE = "(sensitive)";
export const SHOW_UNKNOWN = "(known after apply)";
/** Stands for an object or list MAX_NESTING levels deep in a value: shown as this, walked no further. */
export const SHOW_TOO_DEEP = `(nested more than ${MAX_NESTING} levels deep: not shown)`;

/** One changed leaf: path like `rules[0].action`, values already formatted for display. */
export interface AttributeDiff {
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

export type Mask = unknown;

export { isRecord };

function isEmptyMark(mask: Mask): boolean {
  if (Array.isArray(mask)) return mask.length === 0;
  if (!isRecord(mask)) return true;
  // Called for every value walked: no array of keys built just to count them.
  for (const k in mask) if (Object.hasOwn(mask, k)) return false;
  return true;
}

/**
 * True when a mark covers everything below it. Terraform writes `true`, `false` or a container that
 * mirrors the value; a mark it never writes (`"true"`, `1`) cannot be read, so it covers everything:
 * an unreadable sensitivity mark hides the value instead of showing it (fails closed).
 */
export function coversAll(mask: Mask): boolean {
  if (mask === true) return true;
  if (mask === undefined || mask === null || mask === false) return false;
  return typeof mask !== "object";
}

/** True when a mark hides this value: it covers all, or it marks parts of a value that has no parts. */
export function marksLeaf(value: unknown, mask: Mask): boolean {
  return coversAll(mask) || (!isContainer(value) && !isEmptyMark(mask));
}

/**
 * The part of a mask (sensitive or unknown) that covers `key`; `true` covers everything below it. A
 * mark shaped unlike its value (marks by name on a list, by position on an object) covers all of it.
 */
export function subMask(mask: Mask, key: string | number): Mask {
  if (coversAll(mask)) return true;
  if (Array.isArray(mask) && typeof key === "number") return mask[key];
  if (isRecord(mask) && typeof key === "string") return mask[key];
  return isEmptyMark(mask) ? undefined : true;
}

/**
 * Copy of `value` with sensitive parts replaced by SENSITIVE, unknown parts by UNKNOWN, and objects and
 * lists MAX_NESTING levels deep by SHOW_TOO_DEEP: risk rules and the review walk the copy recursively.
 */
export function maskValue(value: unknown, sensitive: Mask, unknown: Mask = undefined): unknown {
  const mask = (v: unknown, s: Mask, u: Mask, depth: number): unknown => {
    if (coversAll(u)) return UNKNOWN;
    if (marksLeaf(v, s) && v !== undefined && v !== null) return SENSITIVE;
    if (depth >= MAX_NESTING && (isContainer(v) || isRecord(u))) return SHOW_TOO_DEEP;
    if (Array.isArray(v)) return v.map((item, i) => mask(item, subMask(s, i), subMask(u, i), depth + 1));
    if (isRecord(v) || isRecord(u)) {
      const out: Record<string, unknown> = {};
      const source = isRecord(v) ? v : {};
      const keys = new Set([...Object.keys(source), ...(isRecord(u) ? Object.keys(u) : [])]);
      for (const k of keys) out[k] = mask(source[k], subMask(s, k), subMask(u, k), depth + 1);
      return out;
    }
    return v;
  };
  return mask(value, sensitive, unknown, 0);
}

/** A masked value for display: SENSITIVE and UNKNOWN become their display strings, parts MAX_NESTING deep SHOW_TOO_DEEP. */
export function displayable(masked: unknown): unknown {
  const show = (v: unknown, depth: number): unknown => {
    if (v === SENSITIVE) return SHOW_SENSITIVE;
    if (v === UNKNOWN) return SHOW_UNKNOWN;
    if (depth >= MAX_NESTING && isContainer(v)) return SHOW_TOO_DEEP;
    if (Array.isArray(v)) return v.map((item) => show(item, depth + 1));
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, show(item, depth + 1)]));
    return v;
  };
  return show(masked, 0);
}

function isContainer(value: unknown): boolean {
  return typeof value === "object" && value !== null;
}

/**
 * Every string (>= 4 chars) and long number under a sensitive mask, for scrubbing rendered text, in
 * document order. Iterative: every secret is found, however deep.
 */
export function collectSensitive(value: unknown, sensitive: Mask, into: Set<string>): void {
  const todo: { readonly v: unknown; readonly s: Mask }[] = [{ v: value, s: sensitive }];
  while (todo.length > 0) {
    const { v, s } = todo.pop() as (typeof todo)[number];
    if (marksLeaf(v, s)) collectScrubbable(v, into);
    else if (s === undefined || s === false || s === null) continue;
    else if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) todo.push({ v: v[i], s: subMask(s, i) });
    else if (isRecord(v)) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i] as string;
        todo.push({ v: v[k], s: subMask(s, k) });
      }
    }
  }
}

/** Every string (>= 4 chars) and long number in a value, in document order; iterative, like collectSensitive. */
export function collectScrubbable(value: unknown, into: Set<string>): void {
  const todo: unknown[] = [value];
  while (todo.length > 0) {
    const v = todo.pop();
    // Short strings and small numbers would blank out ordinary text ("true", counts); they are still
    // masked wherever Terraform marks them, which is the primary protection.
    if (typeof v === "string" && v.length >= 4) into.add(v);
    else if (typeof v === "number" && String(v).length >= 6) into.add(String(v));
    else if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) todo.push(v[i]);
    else if (isRecord(v)) {
      const values = Object.values(v);
      for (let i = values.length - 1; i >= 0; i--) todo.push(values[i]);
    }
  }
}

const MAX_VALUE_CHARS = 160;
/**
 * How much of a value `scrub` reads: far beyond what is shown, so whatever is cut there is never shown,
 * and a 50 MB value costs no more than a short one.
 */
const MAX_SCRUBBED_CHARS = 4096;

/** A plain (unmasked, non-sensitive) value as a short display string; `scrub` runs before truncation. */
export function formatValue(value: unknown, scrub: (text: string) => string = (t) => t): string {
  if (value === SENSITIVE) return SHOW_SENSITIVE;
  if (value === UNKNOWN) return SHOW_UNKNOWN;
  if (value === undefined || value === null) return "null";
  // Parts too deep to walk are not shown (what is shown is cut far above them anyway).
  const shown = withDepthCap(value, SHOW_TOO_DEEP);
  let json = JSON.stringify(shown) ?? String(shown);
  // A secret-named key's string goes wherever the value is shown whole (a known -> unknown line, a new
  // block, an output), also inside JSON held in a string, and a name/value pair's value (redact-values.ts).
  if (mayNameSecret(json)) {
    const redacted = redactSecretNamed(shown);
    if (redacted !== shown) json = JSON.stringify(redacted) ?? json;
  }
  const text = closedString(json, scrub(json.length > MAX_SCRUBBED_CHARS ? json.slice(0, MAX_SCRUBBED_CHARS) : json));
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 3)}...` : text;
}

/**
 * A string's scrubbed JSON text with its closing quote: a private key header without its end is hidden
 * to the end of the text (credential-shapes.ts), and the quote after it must not go with it.
 */
function closedString(json: string, scrubbed: string): string {
  const isString = json.length >= 2 && json.startsWith('"') && json.endsWith('"');
  return isString && scrubbed.startsWith('"') && !scrubbed.endsWith('"') ? `${scrubbed}"` : scrubbed;
}

/**
 * A leaf under a secret-named key (`DB_PASSWORD`, `api_key`), or a bare hex key under a key-named one
 * (`DATADOG_KEY`), that Terraform did not mark: a string is not shown.
 */
export function secretNamedLeaf(key: string | number | undefined, value: unknown): boolean {
  return typeof value === "string" && value !== "" && value !== LISTED && isSecretValue(key, value);
}

function joinPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  const safe = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
  return path === "" ? safe : `${path}.${safe}`;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return jsonText(a) === jsonText(b);
}

/** A block without its empty members (null, "", [], {}): a removed or added block shown whole fits its line. */
function withoutEmpty(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const empty = (v: unknown) =>
    v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0) || (isRecord(v) && isEmptyMark(v));
  return Object.fromEntries(Object.entries(value).filter(([, v]) => !empty(v)));
}

/**
 * True when a mask marks nothing below it: absent, false, or containers of those (Terraform writes
 * `[{"a": [false]}]`). Iterative: a mask mirrors its value, at any depth.
 */
function marksNothing(mask: Mask): boolean {
  const todo: Mask[] = [mask];
  while (todo.length > 0) {
    const m = todo.pop();
    if (m === undefined || m === null || m === false) continue;
    if (Array.isArray(m)) for (const item of m) todo.push(item);
    else if (isRecord(m)) {
      for (const k in m) if (Object.hasOwn(m, k)) todo.push(m[k]);
    } else return false;
  }
  return true;
}

/**
 * For two lists of blocks (objects) whose elements moved, the positions removed and added by content:
 * Terraform shows a set of blocks (`ingress`) as elements removed and added, and comparing by position
 * would read as if the https rule became the ssh one. Undefined when comparing by position says the
 * same (elements changed in place), or when sensitive marks hide what the elements hold.
 */
function movedElements(
  before: readonly unknown[],
  after: readonly unknown[],
  bs: Mask,
  as: Mask,
  au: Mask,
): { removed: number[]; added: number[] } | undefined {
  if (before.length + after.length < 3 || !before.every(isRecord) || !after.every(isRecord)) return undefined;
  if (!marksNothing(bs) || !marksNothing(as)) return undefined;
  const unmatched = new Map<string, number[]>();
  before.forEach((v, i) => {
    const text = jsonText(v) ?? "null";
    unmatched.set(text, [...(unmatched.get(text) ?? []), i]);
  });
  const added: number[] = [];
  after.forEach((v, i) => {
    // An element with values known only after apply equals nothing yet.
    const slots = marksNothing(subMask(au, i)) ? unmatched.get(jsonText(v) ?? "null") : undefined;
    if (slots && slots.length > 0) slots.shift();
    else added.push(i);
  });
  const removed = [...unmatched.values()].flat().sort((x, y) => x - y);
  const inPlace = removed.length === added.length && removed.every((i, n) => added[n] === i);
  return inPlace ? undefined : { removed, added };
}

export interface DiffInput {
  readonly before: unknown;
  readonly after: unknown;
  readonly beforeSensitive: Mask;
  readonly afterSensitive: Mask;
  readonly afterUnknown: Mask;
}

/** A raw value in a change's key (never shown): sensitive and unknown parts as markers no JSON text holds. */
function keyText(value: unknown, sensitive: Mask, unknown: Mask = undefined): string {
  if (coversAll(unknown)) return "\u0000unknown";
  if (marksLeaf(value, sensitive) && value !== null && value !== undefined) return "\u0000sensitive";
  if (isEmptyMark(sensitive) && isEmptyMark(unknown)) return jsonText(value ?? null) ?? "null";
  return jsonText(displayable(maskValue(value, sensitive, unknown))) ?? "null";
}

/**
 * Changed leaves between before and after, masked; at most `limit` (the rest are counted). `key` is a
 * hash of every changed leaf with its whole value (a displayed value is cut at 160 characters and
 * redacted), so two changes with one key make the same change.
 */
export function diffAttributes(
  input: DiffInput,
  limit = 40,
  scrub?: (text: string) => string,
  /** False: a block added or removed whole shows leaf by leaf (a data source's statements), not as one cut line. */
  wholeBlocks = true,
): { diffs: AttributeDiff[]; omitted: number; key: string } {
  const diffs: AttributeDiff[] = [];
  let omitted = 0;
  const fingerprint = createHash("sha256");
  const push = (d: AttributeDiff, before: string, after: string): void => {
    fingerprint.update(`${JSON.stringify(d.path)}\u0000${before}\u0000${after}\u0001`);
    if (diffs.length < limit) diffs.push(d);
    else omitted++;
  };
  const show = (v: unknown, sensitive: Mask): string =>
    marksLeaf(v, sensitive) && v !== null && v !== undefined ? SHOW_SENSITIVE : formatValue(v, scrub);
  const leaf = (key: string | number | undefined, v: unknown): string => (secretNamedLeaf(key, v) ? REDACTED_VALUE : formatValue(v, scrub));
  const walk = (b: unknown, a: unknown, bs: Mask, as: Mask, au: Mask, path: string, depth: number, key?: string | number): void => {
    if (coversAll(au)) {
      push({ path: path || "(value)", before: show(b, bs), after: SHOW_UNKNOWN }, keyText(b, bs), keyText(a, as, au));
      return;
    }
    if (marksLeaf(b, bs) || marksLeaf(a, as)) {
      if (!sameJson(b, a)) push({ path: path || "(value)", before: show(b, bs), after: show(a, as) }, keyText(b, bs), keyText(a, as));
      return;
    }
    if (
      wholeBlocks &&
      (b === undefined || b === null) !== (a === undefined || a === null) &&
      (isContainer(b) || isContainer(a)) &&
      !path.includes("{}")
    ) {
      // a whole block added or removed: one line, not one per leaf
      const side = (v: unknown, sensitive: Mask, unknown: Mask): string =>
        v === undefined || v === null ? "null" : formatValue(displayable(maskValue(v, sensitive, unknown)), scrub);
      push({ path: path || "(value)", before: side(b, bs, undefined), after: side(a, as, au) }, keyText(b, bs), keyText(a, as, au));
      return;
    }
    if (depth >= MAX_NESTING && (isContainer(b) || isContainer(a) || isContainer(au))) {
      // Deeper than any Terraform value: compared whole, shown as a placeholder, walked no further.
      const deep = (v: unknown): string => (isContainer(v) ? SHOW_TOO_DEEP : leaf(key, v));
      const unknownBelow = !marksNothing(au);
      if (unknownBelow || !sameJson(b, a))
        push({ path, before: deep(b), after: unknownBelow ? SHOW_UNKNOWN : deep(a) }, keyText(b, bs), keyText(a, as, au));
      return;
    }
    if (Array.isArray(b) || Array.isArray(a) || Array.isArray(au)) {
      const bl = Array.isArray(b) ? b : [];
      const al = Array.isArray(a) ? a : [];
      const moved = movedElements(bl, al, bs, as, au);
      if (moved) {
        // Blocks matched by content (a security group's rules): one removed, one added, the rest unchanged.
        for (const i of moved.removed)
          walk(withoutEmpty(bl[i]), undefined, subMask(bs, i), undefined, undefined, joinPath(path, i), depth + 1, key);
        for (const i of moved.added)
          walk(undefined, withoutEmpty(al[i]), undefined, subMask(as, i), subMask(au, i), joinPath(path, i), depth + 1, key);
        return;
      }
      const n = Math.max(bl.length, al.length, Array.isArray(au) ? au.length : 0);
      // The item after a secret flag (`["app", "--password", X]`) stands under the flag, on either side.
      const [fb, fa] = [flaggedItemNames(bl), flaggedItemNames(al)];
      for (let i = 0; i < n; i++)
        walk(bl[i], al[i], subMask(bs, i), subMask(as, i), subMask(au, i), joinPath(path, i), depth + 1, fb?.[i] ?? fa?.[i] ?? key);
      return;
    }
    if (isRecord(b) || isRecord(a) || isRecord(au)) {
      const bo = isRecord(b) ? b : {};
      const ao = isRecord(a) ? a : {};
      const keys = new Set([...Object.keys(bo), ...Object.keys(ao), ...(isRecord(au) ? Object.keys(au) : [])]);
      // The value of a name/value pair is shown as if under its name: `{name: "DB_PASSWORD", value: X}`.
      for (const k of [...keys].sort())
        walk(bo[k], ao[k], subMask(bs, k), subMask(as, k), subMask(au, k), joinPath(path, k), depth + 1, pairedName(bo, k, [ao]));
      return;
    }
    const [jb, ja] = [decodeWalkableJson(b), decodeWalkableJson(a)];
    if (
      (jb !== undefined || ja !== undefined) &&
      (jb !== undefined || b === undefined || b === null || b === "") &&
      (ja !== undefined || a === undefined || a === null)
    ) {
      // A JSON document in a string (a policy): compare what it says, leaf by leaf, under `path{}`.
      if (!sameJson(jb, ja)) {
        // Items after a secret flag go before lists become sets of their strings (and paths of them).
        const [hb, ha] = [hideFlaggedItems(jb ?? {}), hideFlaggedItems(ja ?? {}, jb, true)];
        const [cb, ca] = comparablePair(hb, ha);
        walk(cb, ca, undefined, undefined, undefined, `${path}{}`, depth + 1);
      }
      return;
    }
    if (sameJson(b ?? null, a ?? null)) return;
    const raw = [keyText(b, undefined), keyText(a, undefined)] as const;
    if (path.includes("{}")) push({ path, before: showLeaf(b, (v) => leaf(key, v)), after: showLeaf(a, (v) => leaf(key, v)) }, ...raw);
    else push({ path: path || "(value)", before: leaf(key, b), after: leaf(key, a) }, ...raw);
  };
  walk(input.before, input.after, input.beforeSensitive, input.afterSensitive, input.afterUnknown, "", 0);
  return { diffs, omitted, key: fingerprint.digest("hex") };
}
