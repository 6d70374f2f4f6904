import { FEATURES } from "../../features";
import { CHECKLIST_ROWS, type Rule } from "../../platform/readiness";

const ROW_ORDER = new Map<string, number>(CHECKLIST_ROWS.map((r, i) => [r.id, i]));

/** Every launch-readiness rule of every concern, in scorecard row order (then registry order). Ids are unique (a test checks). */
export const RULES: readonly Rule[] = FEATURES.flatMap((f) => f.rules)
  .map((rule, i) => ({ rule, i }))
  .sort((a, b) => (ROW_ORDER.get(a.rule.row) ?? 0) - (ROW_ORDER.get(b.rule.row) ?? 0) || a.i - b.i)
  .map(({ rule }) => rule);
