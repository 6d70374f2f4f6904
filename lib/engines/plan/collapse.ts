import { markedDrift } from "./drift";
import type { ChangeKind, ChangeView } from "../../core/plan/changes";
import type { StackReport } from "./report";

/** One line of a change list: a change, or a group of identical changes shown once. */
export interface Entry {
  readonly change: ChangeView;
  /** Every change the line stands for (the change itself when alone). */
  readonly group: readonly ChangeView[];
}

/** Identical changes from this many resources up are one line with a count. */
const COLLAPSE_FROM = 3;
const COLLAPSIBLE: ReadonlySet<ChangeKind> = new Set(["update", "create"]);

/**
 * What makes two changes the same change: type, kind, reason, drift note, whether it is moved from
 * another address or imported (the group line names each: a rename or an import is never hidden among
 * plain updates) and every changed attribute with its whole value (attributesKey), not as shown: a
 * shown value is cut at 160 characters and redacted, so two changes that differ after that would read alike.
 */
function sameChangeKey(c: ChangeView, drift: ReadonlySet<string>): string {
  const moved = c.previousAddress === undefined ? "" : "moved";
  return [
    c.kind,
    c.type,
    c.reason ?? "",
    markedDrift(drift, c) ? "drift" : "",
    moved,
    c.importing ? "importing" : "",
    c.attributesKey,
  ].join("\u0002");
}

/**
 * Identical updates (or creates showing the same values) on COLLAPSE_FROM or more resources become one
 * entry. Never collapsed: destroys, replaces, forgets (each names what is lost), flagged changes, and
 * changes without attribute diffs (a create of another record is not the same change).
 */
function collapse(changes: readonly ChangeView[], flagged: ReadonlySet<string>, drift: ReadonlySet<string>): Entry[] {
  const groups = new Map<string, ChangeView[]>();
  for (const c of changes) {
    if (!COLLAPSIBLE.has(c.kind) || flagged.has(c.address) || c.attributes.length === 0) continue;
    const key = sameChangeKey(c, drift);
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  const out: Entry[] = [];
  const done = new Set<string>();
  for (const c of changes) {
    const key = COLLAPSIBLE.has(c.kind) && !flagged.has(c.address) && c.attributes.length > 0 ? sameChangeKey(c, drift) : undefined;
    const group = key === undefined ? undefined : groups.get(key);
    if (key === undefined || group === undefined || group.length < COLLAPSE_FROM) out.push({ change: c, group: [c] });
    else if (!done.has(key)) {
      done.add(key);
      out.push({ change: c, group });
    }
  }
  return out;
}

const ENTRIES = new WeakMap<StackReport, { readonly flagged: ReadonlySet<string>; readonly entries: readonly Entry[] }>();

/** A stack's list entries, computed once per report (the size limiter renders it up to eight times). */
export function entriesOf(s: StackReport): { readonly flagged: ReadonlySet<string>; readonly entries: readonly Entry[] } {
  const known = ENTRIES.get(s);
  if (known) return known;
  const flagged = new Set(s.risks.map((r) => r.address));
  const computed = { flagged, entries: collapse(s.changes, flagged, s.likelyDrift) };
  ENTRIES.set(s, computed);
  return computed;
}
