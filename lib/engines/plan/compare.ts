/**
 * Compares plans made after merge with the review record of the merged pull request: a stack may be
 * applied only when its plan does what was reviewed (same digest) or nothing at all (no change, or,
 * under a review of this commit that planned the stack, only reads during apply).
 */
import { addressKey, type ChangeDigest, planDigest, shortHash } from "../../core/plan/digest";
import { GOLIVE_RULES_BY_ID } from "./golive-rules";
import type { PlanInput } from "./report";
import { type DigestedFlag, flagKey, type ReviewDigest, reviewDigest } from "./review-digest";
import type { ReviewedStack, ReviewRecord } from "./review-record";

/** A flag the review showed and this plan does not raise: what the record holds of it (review-record.ts). */
export interface RemovedFlag {
  readonly rule: string;
  /** The rule's title, when this golive has the rule (the review's may have worded it otherwise). */
  readonly title?: string;
  /** Where this plan still lists the flag's address. */
  readonly address?: string;
}

/** The flags that differ between the review and this plan. */
export interface FlagChanges {
  /** Raised on this plan, not shown by the review. */
  readonly added: readonly DigestedFlag[];
  /** Shown by the review, not raised on this plan. */
  readonly removed: readonly RemovedFlag[];
}

export type StackVerdict =
  /** The plan does what the review showed. */
  | { readonly stack: string; readonly status: "same"; readonly changes: number }
  /** Nothing to apply (the reviewed changes, if any, are already there). */
  | { readonly stack: string; readonly status: "no-changes"; readonly reviewedChanges?: number }
  /** Changes that no review covers: no record, a stale record, or a stack the review did not plan. */
  | { readonly stack: string; readonly status: "not-reviewed"; readonly changes: readonly ChangeDigest[] }
  | {
      readonly stack: string;
      readonly status: "differs";
      /** In both, with another change now. */
      readonly changed: readonly ChangeDigest[];
      /** Changes the review did not have. */
      readonly added: readonly ChangeDigest[];
      /** Reviewed changes that are no longer planned, by address where this plan still lists it. */
      readonly gone: readonly string[];
      /** Reviewed changes whose address this plan does not list at all (only their hash was recorded). */
      readonly goneUnnamed: number;
      /** False when the review kept only the stack digest (too many changes): `changed` then lists every change. */
      readonly perChange: boolean;
      /**
       * True when every change is as reviewed and the risk flags read differently: what they read
       * beyond the changes differs (a pool's name in a no-op, who uses a policy document).
       */
      readonly flags: boolean;
      /** With `flags`, when the review recorded its flags one by one: which differ. */
      readonly flagChanges?: FlagChanges;
    }
  /** Terraform reported errors: the plan is incomplete, nothing can be compared or applied. */
  | { readonly stack: string; readonly status: "errored" };

export interface CompareResult {
  /** Set when the record is of another commit than the one merged. */
  readonly stale?: { readonly reviewed?: string; readonly merged: string };
  readonly stacks: readonly StackVerdict[];
  /** True when every stack may be applied. */
  readonly ok: boolean;
}

/** Two SHAs name the same commit when one is a prefix (7+ digits) of the other. */
export function sameCommit(a: string, b: string): boolean {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return Math.min(x.length, y.length) >= 7 && (x.startsWith(y) || y.startsWith(x));
}

function verdict(input: PlanInput, record: ReviewRecord | undefined): StackVerdict {
  const stack = input.stack;
  if (input.plan.errored === true) return { stack, status: "errored" };
  const fresh = planDigest(input.plan);
  const reviewed = record?.stacks[stack];
  if (fresh.changes.length === 0) return { stack, status: "no-changes", ...(reviewed ? { reviewedChanges: reviewed.changes } : {}) };
  // Reads during apply alone need a review too: the deploy applies every plan passed here, and applying a
  // read performs it (an aws_lambda_invocation data source calls its function; the result goes to state).
  // Under a review of this commit that planned the stack they read what the reviewed code declares, so
  // they are no changes (in the digest only for what they give a change), below.
  if (!reviewed) return { stack, status: "not-reviewed", changes: fresh.changes };
  // The flags only when there is a review to compare with: they cost a report of the plan.
  const review = reviewDigest(input, fresh);
  if (reviewed.digest === review.digest) return { stack, status: "same", changes: fresh.changes.length };
  if (fresh.changes.every((c) => c.action === "read")) return { stack, status: "no-changes", reviewedChanges: reviewed.changes };
  const entries = reviewed.entries;
  if (!entries)
    return { stack, status: "differs", changed: fresh.changes, added: [], gone: [], goneUnnamed: 0, perChange: false, flags: false };
  const seen = new Set<string>();
  const changed: ChangeDigest[] = [];
  const added: ChangeDigest[] = [];
  for (const c of fresh.changes) {
    const key = addressKey(c.address);
    seen.add(key);
    const was = entries[key];
    if (was === undefined) added.push(c);
    else if (was !== shortHash(c.hash)) changed.push(c);
  }
  const byKey = new Map([...fresh.addresses].map((a) => [addressKey(a), a]));
  const gone: string[] = [];
  let goneUnnamed = 0;
  for (const key of Object.keys(entries)) {
    if (seen.has(key)) continue;
    const address = byKey.get(key);
    if (address === undefined) goneUnnamed++;
    else gone.push(address);
  }
  const flags = changed.length === 0 && added.length === 0 && gone.length === 0 && goneUnnamed === 0;
  const flagChanges = flags && reviewed.flags ? flagsThatDiffer(reviewed.flags, review, byKey) : undefined;
  return {
    stack,
    status: "differs",
    changed,
    added,
    gone: gone.sort(),
    goneUnnamed,
    perChange: true,
    flags,
    ...(flagChanges ? { flagChanges } : {}),
  };
}

/** The flags of this plan the record does not hold, and those it holds that this plan does not raise. */
function flagsThatDiffer(
  recorded: NonNullable<ReviewedStack["flags"]>,
  fresh: ReviewDigest,
  addressByKey: ReadonlyMap<string, string>,
): FlagChanges {
  const now = new Map(fresh.flags.map((f) => [flagKey(f), f]));
  const added = [...now].filter(([key]) => !Object.hasOwn(recorded, key)).map(([, f]) => f);
  const removed = Object.entries(recorded)
    .filter(([key]) => !now.has(key))
    .map(([, [rule, where]]): RemovedFlag => {
      const title = GOLIVE_RULES_BY_ID.get(rule)?.title;
      const address = addressByKey.get(where);
      return { rule, ...(title ? { title } : {}), ...(address ? { address } : {}) };
    })
    .sort((a, b) => `${a.rule} ${a.address ?? ""}`.localeCompare(`${b.rule} ${b.address ?? ""}`));
  return { added, removed };
}

/**
 * The verdict for each plan. `mergedCommit` is the commit the review must be of (the pull request's
 * head when it was merged); a record of another commit covers nothing.
 */
export function compareWithReview(record: ReviewRecord | undefined, inputs: readonly PlanInput[], mergedCommit?: string): CompareResult {
  const stale =
    mergedCommit !== undefined && record !== undefined && (record.commit === undefined || !sameCommit(record.commit, mergedCommit))
      ? { ...(record.commit ? { reviewed: record.commit } : {}), merged: mergedCommit }
      : undefined;
  const stacks = inputs.map((input) => verdict(input, stale ? undefined : record));
  return { ...(stale ? { stale } : {}), stacks, ok: stacks.every((s) => s.status === "same" || s.status === "no-changes") };
}
