import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { writeFileAtomic } from "../../lib/core/write-file-atomic";
import { DIGEST_MARKER, GITHUB_COMMENT_LIMIT } from "../../lib/engines/plan/comment-marks";
import { FLAGS_LINE, type FlagsRecord, flagsLine, flagsRecordOf, parseFlagsLine } from "./flags-record";
import type { TextSink } from "./gate";
import { compareRuns, isRunNumber, type ReviewRun, runWords } from "./review-run";

/** The start of the digest line plan-report ends its comment with. */
const DIGEST_LINE = `<!-- ${DIGEST_MARKER} `;
/**
 * The start of the line pr-review.yml writes after the flags line: `run <id> attempt <n> sha256:<hmac> -->`,
 * the review run that signed and the HMAC that makes the digest line, the flags line and that run trusted.
 */
export const SIGNATURE_LINE = `<!-- ${DIGEST_MARKER}-hmac `;
const SIGNATURE = /^run ([0-9]+) attempt ([0-9]+) sha256:([0-9a-f]{64}) -->$/;
/** `openssl rand -hex 32` gives 64 characters; anything much shorter is guessable. */
export const MIN_KEY_LENGTH = 32;

const COMMIT = /^[0-9a-f]{40}$/;

/** The run and HMAC a signature line holds, or undefined when the line is none (an older one, without the run, included). */
function signatureIn(line: string | undefined): { readonly run: ReviewRun; readonly hex: string } | undefined {
  if (line === undefined || !line.startsWith(SIGNATURE_LINE)) return undefined;
  const [, id = "", attempt = "", hex = ""] = SIGNATURE.exec(line.slice(SIGNATURE_LINE.length)) ?? [];
  return isRunNumber(id) && isRunNumber(attempt) ? { run: { id, attempt }, hex } : undefined;
}

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
 * HMAC-SHA256 over the commit, the review run, the exact digest line and the exact flags line, with a
 * version prefix (v3 since the run joined it: a v2 signature, without it, and a v1, over the digest
 * alone, verify nothing now).
 */
export function signatureOf(key: string, commit: string, run: ReviewRun, digestLine: string, flags: string): string {
  return createHmac("sha256", key)
    .update(`golive-plan-review-v3\n${commit}\n${run.id}\n${run.attempt}\n${digestLine}\n${flags}`)
    .digest("hex");
}

/** The last digest line of a comment (plan-report writes one, last), or undefined. */
function digestLineOf(lines: readonly string[]): string | undefined {
  return lines.filter((l) => l.startsWith(DIGEST_LINE)).at(-1);
}

/**
 * The comment with, right after its digest line, the flags line of `flags` and the signature line over
 * both and the review run `run` (any flags or signature line it held before is dropped). When they would
 * push the comment over GitHub's limit, the text above the digest line is cut to make room, saying so.
 * Throws SignatureUsageError when the comment has no digest line.
 */
export function signComment(body: string, commit: string, key: string, flags: FlagsRecord, run: ReviewRun): string {
  const lines = body.split("\n").filter((l) => !l.startsWith(SIGNATURE_LINE) && !l.startsWith(FLAGS_LINE));
  const digestLine = digestLineOf(lines);
  if (digestLine === undefined) throw new SignatureUsageError("the comment has no plan digest line to sign (is it plan-report's output?)");
  const at = lines.lastIndexOf(digestLine);
  const flagged = flagsLine(flags);
  const signatureLine = `${SIGNATURE_LINE}${runWords(run)} sha256:${signatureOf(key, commit, run, digestLine, flagged)} -->`;
  let above = lines.slice(0, at).join("\n");
  const below = [digestLine, flagged, signatureLine, ...lines.slice(at + 1)].join("\n");
  const over = above.length + 1 + below.length - (GITHUB_COMMENT_LIMIT - 1);
  if (over > 0) {
    const cut = "\n\n… cut to fit GitHub's comment limit: the full report is the review run's artifact.\n";
    above = above.slice(0, Math.max(0, above.length - over - cut.length)) + cut;
  }
  return `${above}\n${below}`;
}

/** A review whose signature verifies: what was signed, and by which run. */
interface SignedReview {
  readonly digestLine: string;
  readonly flagged: string;
  readonly flags: FlagsRecord;
  readonly run: ReviewRun;
}

/** The review a comment holds when its signature line is the HMAC, for `commit`, of its run, digest line and flags line (compared in constant time). */
function signedReviewIn(body: string, commit: string, key: string): SignedReview | undefined {
  const lines = body.split("\n");
  const digestLine = digestLineOf(lines);
  if (digestLine === undefined) return undefined;
  const at = lines.lastIndexOf(digestLine);
  const [flagged, signature] = [lines[at + 1] ?? "", signatureIn(lines[at + 2])];
  const flags = parseFlagsLine(flagged);
  if (flags === undefined || signature === undefined) return undefined;
  const expected = Buffer.from(signatureOf(key, commit, signature.run, digestLine, flagged), "hex");
  return timingSafeEqual(Buffer.from(signature.hex, "hex"), expected) ? { digestLine, flagged, flags, run: signature.run } : undefined;
}

/**
 * The trusted review of a commit, or why none: the number of candidates checked, how many verified, and
 * the run whose signed comments disagree (`conflict`: then none is trusted).
 */
export interface Verification {
  readonly digestLine: string | undefined;
  readonly flags: FlagsRecord | undefined;
  /** The review run that signed the trusted review. */
  readonly run?: ReviewRun;
  readonly conflict?: ReviewRun;
  readonly checked: number;
  readonly signed: number;
}

/**
 * The digest line and flags of the review signed for `commit` by the latest review run: among the
 * comments whose digest line is followed by a flags line and a signature line, the HMAC of the run, both
 * lines and `commit`, the one with the highest (run id, attempt), wherever it stands among the comments.
 * An older signed review posted again keeps its run and never outranks a newer one. Two signed comments
 * of that run that differ in what was signed are a conflict: none is trusted. A comment anyone else
 * posted (or one a pull request posted with its own token) has no valid signature and is passed over.
 */
export function verifiedDigest(bodies: readonly string[], commit: string, key: string): Verification {
  const reviews = bodies.flatMap((body) => signedReviewIn(body, commit, key) ?? []);
  const counts = { checked: bodies.length, signed: reviews.length };
  const latest = reviews.reduce<SignedReview | undefined>((a, b) => (a === undefined || compareRuns(b.run, a.run) > 0 ? b : a), undefined);
  if (latest === undefined) return { digestLine: undefined, flags: undefined, ...counts };
  const differs = (r: SignedReview) => r.digestLine !== latest.digestLine || r.flagged !== latest.flagged;
  if (reviews.some((r) => compareRuns(r.run, latest.run) === 0 && differs(r)))
    return { digestLine: undefined, flags: undefined, conflict: latest.run, ...counts };
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

/** The comment bodies of a verify input: a JSON array of strings, oldest first. */
function bodiesOf(file: string, text: string): string[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  if (!Array.isArray(data) || !data.every((b): b is string => typeof b === "string"))
    throw new SignatureUsageError(`${file}: expected a JSON array of comment bodies (strings), oldest first`);
  return data;
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

function verify(io: SignatureIo, { commit, file, options }: Args, key: string): 0 | 1 {
  const { digestLine, flags, run, conflict, checked, signed } = verifiedDigest(bodiesOf(file, readOrRefuse(io, file)), commit, key);
  if (conflict !== undefined) {
    io.stderr(
      `review-signature: the review comments signed for ${commit} by review ${runWords(conflict)}, the latest, differ: none is trusted, every stack with changes is refused; re-run the pull request's pr workflow for a new review\n`,
    );
    return 1;
  }
  if (digestLine === undefined || flags === undefined || run === undefined) {
    io.stderr(
      `review-signature: no review comment signed for ${commit} among ${checked} candidate(s): unsigned, signed for another commit, with another key, or by an older golive (before the review run was signed: re-run the pull request's pr workflow); every stack with changes is refused\n`,
    );
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
