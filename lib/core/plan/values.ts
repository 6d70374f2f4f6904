/**
 * Attribute values of a plan, read through Terraform's sensitivity and unknown masks. Plan JSON holds
 * sensitive values in the clear next to a mask (`before_sensitive`, `after_sensitive`); the masked copy
 * made here stands a marker in for every hidden part, so a sensitive value never reaches a display
 * string. The copies stop MAX_NESTING levels deep: rules and the review walk them recursively.
 */
import { isRecord, MAX_NESTING } from "../json";
import { coversAll, isContainer, type Mask, marksLeaf, subMask } from "./marks";

/** Stands for a value marked sensitive, in masked trees handed to risk rules. */
export const SENSITIVE: unique symbol = Symbol("sensitive");
/** Stands for a value known only after apply. */
export const UNKNOWN: unique symbol = Symbol("unknown");

export const SHOW_SENSITIVE = "(sensitive)";
export const SHOW_UNKNOWN = "(known after apply)";
/** Stands for an object or list MAX_NESTING levels deep in a value: shown as this, walked no further. */
export const SHOW_TOO_DEEP = `(nested more than ${MAX_NESTING} levels deep: not shown)`;

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
