// The signature of one review comment: its line, what it covers, and checking one comment. Which comment
// of a commit is trusted, and the review-signature.ts command, are signature.ts's.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { DIGEST_MARKER } from "../../lib/engines/plan/comment-marks";
import { type FlagsRecord, parseFlagsLine } from "./flags-record";
import { isRunNumber, type ReviewRun, runWords } from "./review-run";

/** The start of the digest line plan-report ends its comment with. */
const DIGEST_LINE = `<!-- ${DIGEST_MARKER} `;

/**
 * The start of the line pr-review.yml writes after the flags line:
 * `v4 run <id> attempt <n> body sha256:<body> hmac sha256:<hmac> -->`: the version, the review run that
 * signed, the SHA-256 of the comment's body (coveredBodyOf) and the HMAC over them, the commit, the digest
 * line and the flags line.
 */
export const SIGNATURE_LINE = `<!-- ${DIGEST_MARKER}-hmac `;
/**
 * v4 since the comment's body joined the signature: GitHub lets anyone with write access edit the bot's
 * comment, and an edit of the text a reviewer reads (a risk flag removed) must break the signature.
 */
const VERSION = "v4";
const SIGNATURE = /^v4 run ([0-9]+) attempt ([0-9]+) body sha256:([0-9a-f]{64}) hmac sha256:([0-9a-f]{64}) -->$/;
/** What older golives wrote after the marker: v3 `run <id> attempt <n> sha256:<hmac> -->`, v1 and v2 `sha256:<hmac> -->`. */
const OLDER = /^(?:run [0-9]+ attempt [0-9]+ )?sha256:[0-9a-f]{64} -->$/;

/** What a v4 signature line holds. */
export interface SignatureFields {
  readonly run: ReviewRun;
  /** sha256 (hex) of the comment's body as signed (coveredBodyOf). */
  readonly body: string;
  readonly hmac: string;
}

/** The signature line of `fields`; its length does not depend on the two hashes. */
export function signatureLineOf({ run, body, hmac }: SignatureFields): string {
  return `${SIGNATURE_LINE}${VERSION} ${runWords(run)} body sha256:${body} hmac sha256:${hmac} -->`;
}

/** The fields of a v4 signature line, `older` for the line of an older golive, undefined for anything else. */
function signatureIn(line: string | undefined): SignatureFields | "older" | undefined {
  if (line === undefined || !line.startsWith(SIGNATURE_LINE)) return undefined;
  const rest = line.slice(SIGNATURE_LINE.length);
  if (OLDER.test(rest)) return "older";
  const [, id = "", attempt = "", body = "", hmac = ""] = SIGNATURE.exec(rest) ?? [];
  return isRunNumber(id) && isRunNumber(attempt) ? { run: { id, attempt }, body, hmac } : undefined;
}

/**
 * A comment body with CRLF line endings made LF, and nothing else changed: the API returns a body as it
 * was posted (pr-review.yml posts the signed file, LF), but a save in GitHub's browser editor stores
 * CRLF. Signing and verifying both read the body through this.
 */
export function normalisedBody(body: string): string {
  return body.replaceAll("\r\n", "\n");
}

/**
 * The body a signature covers: the comment's lines (normalised) but its flags line and signature line (at
 * `at + 1` and `at + 2`, `at` the digest line's index), so everything a reviewer reads, above the digest
 * line and after the signature line, is in it, and a line moved across them changes it.
 */
export function coveredBodyOf(lines: readonly string[], at: number): string {
  return [...lines.slice(0, at + 1), ...lines.slice(at + 3)].join("\n");
}

/** sha256 (hex) of the body a signature covers (coveredBodyOf). */
export function bodyDigestOf(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * HMAC-SHA256 over the commit, the review run, the sha256 of the comment's body, the exact digest line and
 * the exact flags line, with a version prefix (v4 since the body joined it: a v3 signature, without it, a
 * v2, without the run, and a v1, over the digest alone, verify nothing now).
 */
export function signatureOf(key: string, commit: string, fields: Omit<SignatureFields, "hmac">, digestLine: string, flags: string): string {
  const { run, body } = fields;
  return createHmac("sha256", key)
    .update(`golive-plan-review-${VERSION}\n${commit}\n${run.id}\n${run.attempt}\n${body}\n${digestLine}\n${flags}`)
    .digest("hex");
}

/** The last digest line of a comment (plan-report writes one, last), or undefined. */
export function digestLineOf(lines: readonly string[]): string | undefined {
  return lines.filter((l) => l.startsWith(DIGEST_LINE)).at(-1);
}

/** A review whose signature verifies: what was signed, and by which run. */
export interface SignedReview {
  readonly digestLine: string;
  readonly flagged: string;
  readonly flags: FlagsRecord;
  readonly run: ReviewRun;
  /** sha256 of the comment's body (coveredBodyOf). */
  readonly body: string;
}

/**
 * What one comment holds: a review whose signature verifies (`signed`); a signature line made with the key
 * for the commit in a comment whose body is not the one signed (`altered`: edited after it was signed);
 * an older golive's signature line (`older`: verifies nothing); or nothing signed for the commit (`none`).
 */
export type CommentCheck =
  | { readonly kind: "signed"; readonly review: SignedReview }
  | { readonly kind: "altered"; readonly run: ReviewRun }
  | { readonly kind: "older" | "none" };

/**
 * Whether a comment's signature line is the HMAC, for `commit`, of its run, its body's sha256, its digest
 * line and its flags line (compared in constant time), and its body (normalised) is the body signed.
 */
export function checkComment(comment: string, commit: string, key: string): CommentCheck {
  const lines = normalisedBody(comment).split("\n");
  const digestLine = digestLineOf(lines);
  if (digestLine === undefined) return { kind: "none" };
  const at = lines.lastIndexOf(digestLine);
  const [flagged = "", line] = [lines[at + 1], lines[at + 2]];
  const [signature, flags] = [signatureIn(line), parseFlagsLine(flagged)];
  if (signature === "older" || signatureIn(flagged) === "older") return { kind: "older" };
  if (flags === undefined || signature === undefined) return { kind: "none" };
  const expected = Buffer.from(signatureOf(key, commit, signature, digestLine, flagged), "hex");
  if (!timingSafeEqual(Buffer.from(signature.hmac, "hex"), expected)) return { kind: "none" };
  const body = bodyDigestOf(coveredBodyOf(lines, at));
  if (body !== signature.body) return { kind: "altered", run: signature.run };
  return { kind: "signed", review: { digestLine, flagged, flags, run: signature.run, body } };
}
