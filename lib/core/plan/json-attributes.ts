/**
 * Attributes that hold a JSON document as a string (IAM, trust, key, bucket, topic policies): decoded
 * so a review shows the changed statement and value, not two 160-character prefixes that look alike.
 */
import { isRecord } from "../json";

/** The document inside a string attribute, when it is a JSON object or array. */
export function decodeJsonString(value: unknown): unknown {
  if (typeof value !== "string") return undefined;
  const t = value.trim();
  if (!(t.startsWith("{") && t.endsWith("}")) && !(t.startsWith("[") && t.endsWith("]"))) return undefined;
  try {
    const parsed: unknown = JSON.parse(t);
    return typeof parsed === "object" && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Stands for "this string is in the list" in a comparable document. */
export const LISTED = "\u0000listed";

/** How a leaf of a comparable document reads in a diff: list members as listed / absent. */
export function showLeaf(value: unknown, format: (v: unknown) => string): string {
  if (value === LISTED) return "listed";
  if (value === undefined || value === null) return "absent";
  return format(value);
}

/** A statement's key: its Sid, or what it does (effect, actions, resources) when it has none. */
function statementKey(st: unknown, i: number): string {
  if (!isRecord(st)) return `#${i}`;
  if (typeof st.Sid === "string" && st.Sid !== "") return st.Sid;
  const part = (v: unknown) => (Array.isArray(v) ? [...v].map(String).sort().join(",") : String(v ?? ""));
  return `${String(st.Effect ?? "")}:${part(st.Action ?? st.NotAction)}:${part(st.Resource ?? st.NotResource)}`;
}

/**
 * A policy shaped for comparison: statements keyed by Sid (or content) instead of position, and lists
 * of strings as sets (`{"a": true}`), so reordering is no change and one new subject is one line.
 */
export function comparable(doc: unknown): unknown {
  if (Array.isArray(doc)) {
    if (doc.every((v) => typeof v === "string")) return Object.fromEntries([...doc].sort().map((v) => [v, LISTED]));
    return doc.map(comparable);
  }
  if (!isRecord(doc)) return doc;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) {
    if (k === "Statement" && Array.isArray(v)) out[k] = Object.fromEntries(v.map((st, i) => [statementKey(st, i), comparable(st)]));
    else if (typeof v === "string" && (k === "Action" || k === "Resource" || k === "NotAction" || k === "NotResource"))
      out[k] = { [v]: LISTED };
    else out[k] = comparable(v);
  }
  return out;
}
