/**
 * Which attribute diffs a rendering keeps, from all to none. Over GitHub's limit they go in order of
 * importance: first those of stacks with no flag and no destroy, then those of the other changes of
 * stacks that have flags or destroys, and last those of flagged, destroyed or replaced changes.
 */
export type AttributeDetail = "all" | "stacks-at-risk" | "changes-at-risk" | "none";

/** How much a rendering shows; the size limiter steps down through these. */
export interface RenderOptions {
  /** Attribute-level changes in folded <details> blocks. */
  readonly attributes: AttributeDetail;
  /** At most this many lines per list of updates, creates, moves, imports, reads and outputs; the rest are counted. */
  readonly maxItems: number;
  /**
   * At most this many destroy, replace and forget lines, and resources in the attribute block: what a
   * reviewer needs most after the flags (limit.ts). Unset: maxItems.
   */
  readonly maxAtRisk?: number;
  /** At most this many risk flags, the last thing cut. Unset: maxAtRisk, or maxItems (at least 20). */
  readonly maxRisks?: number;
  /** Shown at the top when the comment is a summary of a larger report. */
  readonly summaryNote?: string;
  /**
   * Each not-planned stack's message cut to this many characters, the rest left to the full report: a
   * failed plan's output can run to megabytes, and shown whole above the flags it pushed every flag out
   * of the comment. Unset: whole.
   */
  readonly maxFailureChars?: number;
}

export const FULL: RenderOptions = { attributes: "all", maxItems: Number.POSITIVE_INFINITY };
