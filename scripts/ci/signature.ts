import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { isRecord } from "../../lib/core/json";
import { writeFileAtomic } from "../../lib/core/write-file-atomic";
import { GITHUB_COMMENT_LIMIT } from "../../lib/engines/plan/comment-marks";
import {
  checkComment,
  digestLineOf,
  normalisedBody,
  SIGNATURE_LINE,
  type SignedReview,
  signatureLineOf,
  signatureOf,
  bodyDigestOf,
} from "./comment-signature";
import { FLAGS_LINE, type FlagsRecord, flagsLine, flagsRecordOf } from "./flags-record";
import type { TextSink } from "./gate";
import { compareRuns, isRunNumber, type ReviewRun, runWords } from "./review-run";

export { SIGNATURE_LINE };

/** `openssl rand -hex 32` gives 64 characters; anything much shorter is guessable. */
export const MIN_KEY_LENGTH = 32;

const COMMIT = /^[0-9a-f]{40}$/;

/** A usage problem: a missing key, a malformed commit, a file that is not what the command takes. */
export class SignatureUsageError extends Error {}

/** The key and commit checked once: every function below takes them as they come from the workflow. */
export function checkKeyAndCommit(key: string | undefined, commit: string): string {
  if (key === undefined || key.length < MIN_KEY_LENGTH)
    throw new SignatureUsageError(
      `PLAN_REVIEW_HMAC_KEY: not set or shorter than ${MIN_KEY_LENGTH} characters; set it as a secret of the plan-review environment (openssl rand -hex 32)`,
    );
  if (!COMMIT.test(commit))
    throw new SignatureUsageError(`--commit: got "${commit}", allowed: a full commit SHA (40 lower-case hex digits)`);
  return key;
}

/**
 * The comment with, right after its digest line, the flags line of `flags` and the signature line over
 * both, the review run `run` and the rest of the comment, its whole body (any flags or signature line it held before is
 * dropped; CRLF line endings become LF). When they would push the comment over GitHub's limit, the text
 * above the digest line is cut to make room, saying so, before it is signed.
 * Throws SignatureUsageError when the comment has no digest line.
 */
export function signComment(body: string, commit: string, key: string, flags: FlagsRecord, run: ReviewRun): string {
  const lines = normalisedBody(body)
    .split("\n")
    .filter((l) => !l.startsWith(SIGNATURE_LINE) && !l.startsWith(FLAGS_LINE));
  const digestLine = digestLineOf(lines);
  if (digestLine === undefined) throw new SignatureUsageError("the comment has no plan digest line to sign (is it plan-report's output?)");
  const at = lines.lastIndexOf(digestLine);
  const [flagged, after] = [flagsLine(flags), lines.slice(at + 1)];
  // The comment's text is the signed comment without the two lines added here: what coveredBodyOf reads back.
  const signed = (above: string): string => {
    const text = bodyDigestOf([above, digestLine, ...after].join("\n"));
    const signature = signatureLineOf({ run, body: text, hmac: signatureOf(key, commit, { run, body: text }, digestLine, flagged) });
    return [above, digestLine, flagged, signature, ...after].join("\n");
  };
  const above = lines.slice(0, at).join("\n");
  const over = signed(above).length - (GITHUB_COMMENT_LIMIT - 1);
  if (over <= 0) return signed(above);
  const cut = "\n\n… cut to fit GitHub's comment limit: the full report is the review run's artifact.\n";
  return signed(above.slice(0, Math.max(0, above.length - over - cut.length)) + cut);
}

/**
 * The trusted review of a commit, or why none: the number of candidates checked, how many verified, the
 * run whose signed comments disagree (`conflict`) or whose signed comment was edited since (`altered`),
 * or the candidates beside a signed review that are not signed for the commit (`strays`): then none is
 * trusted; and how many carry an older golive's signature (`older`, when any).
 */
export interface Verification {
  readonly digestLine: string | undefined;
  readonly flags: FlagsRecord | undefined;
  /** The review run that signed the trusted review. */
  readonly run?: ReviewRun;
  readonly conflict?: ReviewRun;
  readonly altered?: ReviewRun;
  /** The indexes of the candidates, beside a signed review of the commit, that are not one (oldest first). */
  readonly strays?: readonly number[];
  readonly older?: number;
  readonly checked: number;
  readonly signed: number;
}

/** The latest of some runs (highest id, then attempt), or undefined. */
function latestRun<T>(items: readonly T[], runOf: (item: T) => ReviewRun): T | undefined {
  return items.reduce<T | undefined>((a, b) => (a === undefined || compareRuns(runOf(b), runOf(a)) > 0 ? b : a), undefined);
}

/**
 * The digest line and flags of the review signed for `commit` by the latest review run: among the
 * comments whose digest line is followed by a flags line and a signature line, the HMAC of the run, the
 * comment's text, both lines and `commit`, the one with the highest (run id, attempt), wherever it stands
 * among the comments. An older signed review posted again keeps its run and never outranks a newer one.
 * Two signed comments of that run that differ in what was signed are a conflict, and a comment of that
 * run or a later one whose text was edited after it was signed is altered: none is trusted. Nor is any
 * when another candidate is not a review signed for `commit` (unsigned, signed for another commit or with
 * another key, an older golive's, altered): pr-review keeps one comment, so such a one was posted by
 * someone else (a workflow's token posts as github-actions[bot]), a look-alike ("No risk flags") a
 * reviewer may have read, and approved, instead of the signed review, whose flags the approval would
 * then accept.
 */
export function verifiedDigest(bodies: readonly string[], commit: string, key: string): Verification {
  const checks = bodies.map((body) => checkComment(body, commit, key));
  const reviews = checks.flatMap((c) => (c.kind === "signed" ? [c.review] : []));
  const counts = { checked: bodies.length, signed: reviews.length };
  const latest = latestRun(reviews, (r) => r.run);
  const altered = latestRun(
    checks.flatMap((c) => (c.kind === "altered" ? [c.run] : [])),
    (r) => r,
  );
  if (altered !== undefined && (latest === undefined || compareRuns(altered, latest.run) >= 0))
    return { digestLine: undefined, flags: undefined, altered, ...counts };
  if (latest === undefined) {
    const older = checks.filter((c) => c.kind === "older").length;
    return { digestLine: undefined, flags: undefined, ...(older > 0 ? { older } : {}), ...counts };
  }
  const differs = (r: SignedReview) => r.digestLine !== latest.digestLine || r.flagged !== latest.flagged || r.body !== latest.body;
  if (reviews.some((r) => compareRuns(r.run, latest.run) === 0 && differs(r)))
    return { digestLine: undefined, flags: undefined, conflict: latest.run, ...counts };
  const strays = checks.flatMap((c, i) => (c.kind === "signed" ? [] : [i]));
  if (strays.length > 0) return { digestLine: undefined, flags: undefined, strays, ...counts };
  return { digestLine: latest.digestLine, flags: latest.flags, run: latest.run, ...counts };
}

/** What review-signature.ts does through its process. */
export interface SignatureIo {
  readonly read: (file: string) => string;
  readonly write: (file: string, text: string) => void;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** review-signature.ts's io: files relative to `dir` (its working directory), and its two output streams. */
export function signatureFileIo(dir: string, out: TextSink, err: TextSink): SignatureIo {
  const at = (file: string): string => resolve(dir, file);
  return {
    read: (file) => readFileSync(at(file), "utf8"),
    write: (file, text) => writeFileAtomic(at(file), text),
    stdout: (text) => out.write(text),
    stderr: (text) => err.write(text),
  };
}

const USAGE =
  "usage: review-signature.ts sign --commit SHA --run-id ID --run-attempt N --report REPORT.json --failed-steps FILE COMMENT.md | verify --commit SHA [--flags-out FILE] COMMENTS.json";

/** The sign command's options, every one required. */
const SIGN_OPTIONS = ["--commit", "--run-id", "--run-attempt", "--report", "--failed-steps"];

interface Args {
  readonly command: "sign" | "verify";
  readonly commit: string;
  readonly file: string;
  readonly options: ReadonlyMap<string, string>;
}

/** The command, its options (each once, with a value) and the one file, last. */
function parseArgs(argv: readonly string[]): Args {
  const [command, ...rest] = argv;
  const file = rest.pop();
  const allowed = command === "sign" ? SIGN_OPTIONS : ["--commit", "--flags-out"];
  const options = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i] ?? "", rest[i + 1]];
    if (!allowed.includes(flag) || value === undefined || options.has(flag)) throw new SignatureUsageError(USAGE);
    options.set(flag, value);
  }
  const commit = options.get("--commit");
  if ((command !== "sign" && command !== "verify") || file === undefined || commit === undefined) throw new SignatureUsageError(USAGE);
  if (command === "sign" && !SIGN_OPTIONS.every((o) => options.has(o))) throw new SignatureUsageError(USAGE);
  return { command, commit, file, options };
}

/** The review run sign is given (pr-review.yml: github.run_id and github.run_attempt). */
function signingRun(options: ReadonlyMap<string, string>): ReviewRun {
  const [id, attempt] = [options.get("--run-id") ?? "", options.get("--run-attempt") ?? ""];
  if (!isRunNumber(id)) throw new SignatureUsageError(`--run-id: got "${id}", allowed: the review run's id (github.run_id: digits)`);
  if (!isRunNumber(attempt))
    throw new SignatureUsageError(`--run-attempt: got "${attempt}", allowed: the review run's attempt (github.run_attempt: 1 or more)`);
  return { id, attempt };
}

/** One candidate comment of a verify input: its body, and its address when the workflow gave it (`html_url`). */
interface Candidate {
  readonly body: string;
  readonly url?: string;
}

const candidate = (c: unknown): Candidate | undefined =>
  typeof c === "string"
    ? { body: c }
    : isRecord(c) && typeof c.body === "string" && (c.url === undefined || typeof c.url === "string")
      ? { body: c.body, ...(c.url === undefined ? {} : { url: c.url }) }
      : undefined;

/** The candidate comments of a verify input: a JSON array, oldest first, of bodies or of `{url, body}`. */
function candidatesOf(file: string, text: string): Candidate[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  const candidates = Array.isArray(data) ? data.map(candidate) : [undefined];
  if (!candidates.every((c): c is Candidate => c !== undefined))
    throw new SignatureUsageError(`${file}: expected a JSON array of comment bodies (strings) or of {url, body}, oldest first`);
  return candidates;
}

function readOrRefuse(io: SignatureIo, file: string): string {
  try {
    return io.read(file);
  } catch (err) {
    throw new SignatureUsageError(`${file}: cannot be read (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** The failed steps, one a line; a file that cannot be read makes the review incomplete. */
function failedStepsIn(io: SignatureIo, file: string): string[] {
  try {
    return io
      .read(file)
      .split("\n")
      .filter((l) => l.trim().length > 0);
  } catch {
    return ["review (failed steps unknown)"];
  }
}

function sign(io: SignatureIo, { commit, file, options }: Args, key: string): 0 | 1 {
  const run = signingRun(options);
  const text = readOrRefuse(io, file);
  const report = options.get("--report") ?? "";
  let reportText = "";
  try {
    reportText = io.read(report);
  } catch {
    reportText = "";
  }
  const flags = flagsRecordOf(reportText, failedStepsIn(io, options.get("--failed-steps") ?? ""));
  if (flags === undefined) {
    io.stderr(`review-signature: ${report}: no plan-report --json output to take the risk flags from: nothing signed\n`);
    return 1;
  }
  let signed: string;
  try {
    signed = signComment(text, commit, key, flags, run);
  } catch (err) {
    if (!(err instanceof SignatureUsageError)) throw err;
    io.stderr(`review-signature: ${file}: ${err.message}\n`);
    return 1;
  }
  io.write(file, signed);
  io.stderr(`review-signature: ${file}: digest and ${flags.count} risk flag(s) signed for ${commit} by review ${runWords(run)}\n`);
  return 0;
}

/** Why verify trusts no review, one line. */
function refusal(commit: string, v: Verification, candidates: readonly Candidate[]): string {
  const refused = "none is trusted, every stack with changes is refused; re-run the pull request's pr workflow for a new review";
  const [first] = v.strays ?? [];
  if (first !== undefined) {
    const name = candidates[first]?.url ?? `candidate ${first + 1} of ${v.checked}`;
    return `the signed review of ${commit} has ${v.strays?.length} golive comment(s) beside it not signed for that commit (the first: ${name}), a look-alike a reviewer may have read and approved instead: none is trusted, every stack with changes is refused; delete it (the pull request's next pr-review run deletes every github-actions[bot] comment but its own), and have whoever approved ${commit.slice(0, 12)} while it stood check the signed review's flags`;
  }
  if (v.altered !== undefined)
    return `the review comment signed for ${commit} by review ${runWords(v.altered)} was altered after it was signed (its text is not the text signed): ${refused}`;
  if (v.conflict !== undefined)
    return `the review comments signed for ${commit} by review ${runWords(v.conflict)}, the latest, differ: ${refused}`;
  if (v.older !== undefined)
    return `no review comment signed for ${commit} among ${v.checked} candidate(s): ${v.older} carry the signature of an older golive (before the comment's text was signed), which verifies nothing now: ${refused}`;
  return `no review comment signed for ${commit} among ${v.checked} candidate(s): unsigned, signed for another commit or with another key, or its signature line edited; every stack with changes is refused`;
}

function verify(io: SignatureIo, { commit, file, options }: Args, key: string): 0 | 1 {
  const candidates = candidatesOf(file, readOrRefuse(io, file));
  const verification = verifiedDigest(
    candidates.map((c) => c.body),
    commit,
    key,
  );
  const { digestLine, flags, run, signed } = verification;
  if (digestLine === undefined || flags === undefined || run === undefined) {
    io.stderr(`review-signature: ${refusal(commit, verification, candidates)}\n`);
    return 1;
  }
  const out = options.get("--flags-out");
  if (out !== undefined) io.write(out, `${JSON.stringify(flags)}\n`);
  io.stderr(`review-signature: the review of ${commit} signed by review ${runWords(run)}, the latest of ${signed} signed comment(s)\n`);
  io.stdout(`${digestLine}\n`);
  return 0;
}

function run(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: SignatureIo): 0 | 1 {
  const args = parseArgs(argv);
  const key = checkKeyAndCommit(env.PLAN_REVIEW_HMAC_KEY, args.commit);
  return args.command === "sign" ? sign(io, args, key) : verify(io, args, key);
}

/** review-signature.ts without its process: exit 0 done, 1 nothing to sign or nothing signed, 2 usage (one line). */
export function runReviewSignature(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: SignatureIo): 0 | 1 | 2 {
  try {
    return run(argv, env, io);
  } catch (err) {
    if (!(err instanceof SignatureUsageError)) throw err;
    io.stderr(`review-signature: ${err.message}\n`);
    return 2;
  }
}
