/**
 * The record of a review: each reviewed stack's plan digest, and per change a short hash keyed by a
 * short hash of its address (so a later plan can be told apart change by change without putting every
 * address in the comment). plan-report writes it into the PR comment as one HTML comment line, which
 * GitHub does not render; the deploy reads it back from the comment of the merged pull request.
 */
import { z } from "zod";
import { formatPath } from "../../core/issues";
import { isRecord } from "../../core/json";
import { addressKey, type PlanDigest, shortHash } from "../../core/plan/digest";
import { DIGEST_MARKER } from "./comment-marks";
import type { PlanInput } from "./report";
import { flagKey, type ReviewDigest, reviewDigest } from "./review-digest";

/** The most characters the digest line takes in a PR comment; beyond it, per-change hashes are dropped. */
export const MAX_RECORD_CHARS = 16_000;

const Hex12 = z.string().regex(/^[0-9a-f]{12}$/, "must be 12 lower-case hex digits");
const RuleId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "must be a rule id (2-63 lower-case letters, digits and -)");

const ReviewedStack = z.strictObject({
  digest: z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 digest (64 lower-case hex digits)"),
  changes: z.number().int().min(0),
  /** Per change: the short hash of its address to the short hash of the change. */
  entries: z.record(Hex12, Hex12).optional(),
  /**
   * Per golive flag the review showed: its short hash (flagKey) to its rule id and the short hash of its
   * address, so plan-compare can name the flags that differ when only the flags do.
   */
  flags: z.record(Hex12, z.tuple([RuleId, Hex12])).optional(),
});
export type ReviewedStack = z.infer<typeof ReviewedStack>;

/**
 * What the digest covers, as a version: a change to it (2: the values before each change and Terraform's
 * reason joined the digest; 3: each change's mode, type, name, index, module and provider, and the
 * secrets its review hides; 4: data sources read during apply; 5: which values are sensitive, changed
 * or not, and golive's risk flags as shown, with what they read beyond the changes: review-digest.ts)
 * makes every earlier review cover nothing, so the deploy refuses until the pull request is reviewed
 * again.
 */
export const DIGEST_VERSION = 5;

export const ReviewRecord = z.strictObject({
  v: z.literal(DIGEST_VERSION, {
    error: `must be ${DIGEST_VERSION}: this review was recorded by another golive version and covers nothing; review the pull request again`,
  }),
  commit: z
    .string()
    .regex(/^[0-9a-f]{7,40}$/, "must be a commit SHA")
    .optional(),
  stacks: z.record(z.string().min(1).max(200), ReviewedStack),
  /** Stacks reviewed as a configuration diff (config-diff.ts): the sha256 of the head's synthesized stack (config-digest.ts). */
  config: z
    .record(z.string().min(1).max(200), z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 digest (64 lower-case hex digits)"))
    .optional(),
});
export type ReviewRecord = z.infer<typeof ReviewRecord>;

/** A record that is there but cannot be read: the deploy must stop, not treat it as "nothing reviewed". */
export class ReviewRecordError extends Error {
  /** One line per problem, each naming the file (the message joins them with line breaks). */
  readonly problems: readonly string[];
  constructor(file: string, problems: readonly string[]) {
    const lines = problems.map((p) => `${file}: ${p}`);
    super(lines.join("\n"));
    this.name = "ReviewRecordError";
    this.problems = lines;
  }
}

function entriesOf(digest: PlanDigest): Record<string, string> {
  return Object.fromEntries(digest.changes.map((c) => [addressKey(c.address), shortHash(c.hash)]));
}

function flagsOf(digest: ReviewDigest): Record<string, [string, string]> {
  return Object.fromEntries(digest.flags.map((f) => [flagKey(f), [f.rule, addressKey(f.address)]]));
}

/** The record of these plans: every stack whose plan is complete (a plan that errored is not reviewable). */
export function reviewRecord(
  inputs: readonly PlanInput[],
  commit?: string,
  digests: readonly (ReviewDigest | undefined)[] = inputs.map((i) => reviewDigest(i)),
): ReviewRecord {
  const stacks: Record<string, ReviewedStack> = {};
  inputs.forEach((input, i) => {
    const digest = digests[i];
    if (input.plan.errored === true || digest === undefined) return;
    stacks[input.stack] = { digest: digest.digest, changes: digest.changes.length, entries: entriesOf(digest), flags: flagsOf(digest) };
  });
  return { v: DIGEST_VERSION, ...(commit ? { commit } : {}), stacks };
}

/**
 * A record to write, of any digest version: written as given, so a record of an earlier version reads
 * as one (findReviewRecord refuses it, saying so).
 */
export type RecordToWrite = Omit<ReviewRecord, "v"> & { readonly v: number };

/** The record as one line that cannot end the HTML comment it sits in (`<` and `>` are escaped). */
function line(record: RecordToWrite): string {
  return `<!-- ${DIGEST_MARKER} ${JSON.stringify(record).replace(/</g, "\\u003c").replace(/>/g, "\\u003e")} -->`;
}

/**
 * The digest line for a PR comment, within `budget` characters where possible: per-change and per-flag
 * hashes are dropped from the stacks with most changes first (their digest stays, so a difference is
 * still found, only not named address by address or flag by flag).
 */
export function recordLine(record: RecordToWrite, budget = MAX_RECORD_CHARS): string {
  const stacks: Record<string, ReviewedStack> = { ...record.stacks };
  let text = line({ ...record, stacks });
  const largest = Object.keys(stacks).sort((a, b) => (stacks[b]?.changes ?? 0) - (stacks[a]?.changes ?? 0));
  for (const name of largest) {
    if (text.length <= budget) break;
    const { entries: _dropped, flags: _droppedToo, ...rest } = stacks[name] ?? { digest: "", changes: 0 };
    stacks[name] = rest;
    text = line({ ...record, stacks });
  }
  return text;
}

function validated(file: string, data: unknown): ReviewRecord {
  const parsed = ReviewRecord.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new ReviewRecordError(
    file,
    parsed.error.issues.slice(0, 10).map((i) => `${formatPath(i.path.filter((p) => typeof p !== "symbol"))}: ${i.message}`),
  );
}

function parse(file: string, json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw new ReviewRecordError(file, ["the plan digest is not valid JSON"]);
  }
}

const LINE = new RegExp(`<!-- ${DIGEST_MARKER} (\\{[^\\n]*?\\}) -->`, "g");

/**
 * The review record in a file: a PR comment (or any text) holding the digest line, `plan-report
 * --digest` output, or `plan-report --json` output. Undefined when the text holds no record at all.
 */
export function findReviewRecord(file: string, text: string): ReviewRecord | undefined {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    const data = parse(file, trimmed);
    if (isRecord(data) && "review" in data) return validated(`${file} (review)`, data.review);
    return validated(file, data);
  }
  const found = [...text.matchAll(LINE)];
  if (found.length > 1) throw new ReviewRecordError(file, [`holds ${found.length} plan digests; expected one`]);
  const json = found[0]?.[1];
  // A marker without a record after it (`<!-- golive:plan-digest { -->`, a comment cut short or edited)
  // is a damaged digest, not a review without one.
  if (json === undefined && text.includes(`<!-- ${DIGEST_MARKER}`))
    throw new ReviewRecordError(file, [`holds a ${DIGEST_MARKER} line that is not a digest record (<!-- ${DIGEST_MARKER} {...} -->)`]);
  return json === undefined ? undefined : validated(file, parse(file, json));
}
