/**
 * How two lists of plain values line up, for the attribute diff (attribute-diff.ts): an element
 * removed from or inserted into a list is one element removed or added, as Terraform shows a list
 * (`- "--dry-run"`), not every later element changed into its neighbour.
 */
import { isContainer } from "./marks";

/** One line of the alignment: a `before` index removed, an `after` index added, or both: changed in place. */
export interface AlignedStep {
  readonly before?: number;
  readonly after?: number;
}

/** Edits found at most (Myers' D), and list length times edits at most: the work stays linear in the lists. */
const MAX_EDITS = 256;
const MAX_WORK = 4_000_000;

/** A run of kept elements: `length` elements from `before` index `b` equal those from `after` index `a`. */
interface Run {
  readonly b: number;
  readonly a: number;
  readonly length: number;
}

/**
 * The runs of elements a shortest edit script keeps (a longest common subsequence) of `a` and `b` from
 * `from` (their common start) over `n` and `m` elements, by Myers' O((N+M)D) algorithm: linear for the
 * usual one or two edits. Undefined past `maxEdits` edits.
 */
function keptRuns(a: readonly unknown[], b: readonly unknown[], from: number, n: number, m: number, maxEdits: number): Run[] | undefined {
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  /** trace[d]: the furthest x on each diagonal k (index k + offset) before step d. */
  const trace: Int32Array[] = [];
  const down = (w: Int32Array, k: number, d: number) => k === -d || (k !== d && (w[offset + k - 1] ?? 0) < (w[offset + k + 1] ?? 0));
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = down(v, k, d) ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      while (x < n && x - k < m && a[from + x] === b[from + x - k]) x++;
      v[offset + k] = x;
      if (x < n || x - k < m) continue;
      // Found: walk back through the trace, collecting the diagonal runs (kept elements).
      const runs: Run[] = [];
      let [atX, atK] = [x, k];
      for (let e = d; e > 0; e--) {
        const w = trace[e] ?? v;
        const prevK = down(w, atK, e) ? atK + 1 : atK - 1;
        const prevX = w[offset + prevK] ?? 0;
        // The run on diagonal atK starts where the edit that reached it ended: x unchanged by an insertion.
        const runStart = prevK === atK + 1 ? prevX : prevX + 1;
        if (atX > runStart) runs.push({ b: from + runStart, a: from + runStart - atK, length: atX - runStart });
        [atX, atK] = [prevX, prevK];
      }
      if (atX > 0) runs.push({ b: from, a: from, length: atX });
      return runs.reverse();
    }
  }
  return undefined;
}

/**
 * The steps that turn `before` into `after`, elements kept as they were left out: in each gap between
 * kept elements, removed and added ones pair up in order as changed in place (`"us-east-1" ->
 * "eu-west-1"`), and the rest are each removed or added. Their common start and end are set aside
 * first (an unchanged list costs one pass, no allocation). Undefined when the rest holds a container
 * (blocks are matched by moved-elements.ts), the lists differ by more edits than MAX_EDITS (or
 * MAX_WORK), or comparing them by position reads in fewer lines: then they are compared by position.
 */
export function alignScalars(before: readonly unknown[], after: readonly unknown[]): AlignedStep[] | undefined {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  if (start === before.length && start === after.length) return [];
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end])
    end++;
  const [n, m] = [before.length - start - end, after.length - start - end];
  for (let i = start; i < start + n; i++) if (isContainer(before[i])) return undefined;
  for (let j = start; j < start + m; j++) if (isContainer(after[j])) return undefined;
  const budget = Math.min(MAX_EDITS, Math.floor(MAX_WORK / (n + m)));
  const runs = n === 0 || m === 0 ? [] : keptRuns(before, after, start, n, m, budget);
  if (!runs) return undefined;
  runs.push({ b: start + n, a: start + m, length: 0 });
  const steps: AlignedStep[] = [];
  let b = start;
  let a = start;
  for (const run of runs) {
    // The gap before this run: removed and added elements pair up in order, the rest stand alone.
    const paired = Math.min(run.b - b, run.a - a);
    for (let i = 0; i < paired; i++) steps.push({ before: b + i, after: a + i });
    for (let i = b + paired; i < run.b; i++) steps.push({ before: i });
    for (let j = a + paired; j < run.a; j++) steps.push({ after: j });
    b = run.b + run.length;
    a = run.a + run.length;
  }
  // By position when that reads in as few lines: a reversed list is two values swapped, not four moved.
  let positional = 0;
  for (let i = start; i < Math.max(before.length, after.length); i++) if (before[i] !== after[i]) positional++;
  return positional < steps.length ? undefined : steps;
}
