import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { writeFileAtomic } from "../../lib/core/write-file-atomic";
import { DIGEST_MARKER, GITHUB_COMMENT_LIMIT } from "../../lib/engines/plan/comment-marks";
import { FLAGS_LINE, type FlagsRecord, flagsLine, flagsRecordOf, parseFlagsLine } from "./flags-record";
import type { TextSink } from "./gate";

/** The start of the digest line plan-report ends its comment with. */
const DIGEST_LINE = `<!-- ${DIGEST_MARKER} `;
/** The start of the line pr-review.yml writes after it: the HMAC that makes the digest line trusted. */
export const SIGNATURE_LINE = `<!-- ${DIGEST_MARKER}-hmac sha256:`;
/** `openssl rand -hex 32` gives 64 characters; anything much shorter is guessable. */
export const MIN_KEY_LENGTH = 32;

const COMMIT = /^[0-9a-f]{40}$/;

/** The HMAC a signature line holds, or undefined when the line is none. */
function signatureIn(line: string | undefined): string | undefined {
  if (line === undefined || !line.startsWith(SIGNATURE_LINE) || !line.endsWith(" -->")) return undefined;
  const hex = line.slice(SIGNATURE_LINE.length, -" -->".length);
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
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
 * HMAC-SHA256 over the commit, the exact digest line and the exact flags line, with a version prefix
 * (v2 since the flags joined it: a v1 signature, over the digest alone, verifies nothing now).
 */
export function signatureOf(key: string, commit: string, digestLine: string, flags: string): string {
  return createHmac("sha256", key).update(`golive-plan-review-v2\n${commit}\n${digestLine}\n${flags}`).digest("hex");
}

/** The last digest line of a comment (plan-report writes one, last), or undefined. */
function digestLineOf(lines: readonly string[]): string | undefined {
  return lines.filter((l) => l.startsWith(DIGEST_LINE)).at(-1);
}

/**
 * The comment with, right after its digest line, the flags line of `flags` and the signature line over
 * both (any flags or signature line it held before is dropped). When they would push the comment over
 * GitHub's limit, the text above the digest line is cut to make room, saying so. Throws
 * SignatureUsageError when the comment has no digest line.
 */
export function signComment(body: string, commit: string, key: string, flags: FlagsRecord): string {
  const lines = body.split("\n").filter((l) => !l.startsWith(SIGNATURE_LINE) && !l.startsWith(FLAGS_LINE));
  const digestLine = digestLineOf(lines);
  if (digestLine === undefined) throw new SignatureUsageError("the comment has no plan digest line to sign (is it plan-report's output?)");
  const at = lines.lastIndexOf(digestLine);
  const flagged = flagsLine(flags);
  const signatureLine = `${SIGNATURE_LINE}${signatureOf(key, commit, digestLine, flagged)} -->`;
  let above = lines.slice(0, at).join("\n");
  const below = [digestLine, flagged, signatureLine, ...lines.slice(at + 1)].join("\n");
  const over = above.length + 1 + below.length - (GITHUB_COMMENT_LIMIT - 1);
  if (over > 0) {
    const cut = "\n\n… cut to fit GitHub's comment limit: the full report is the review run's artifact.\n";
    above = above.slice(0, Math.max(0, above.length - over - cut.length)) + cut;
  }
  return `${above}\n${below}`;
}

/** Whether `line` is the signature of the digest and flags lines for `commit` (compared in constant time). */
function signs(line: string | undefined, key: string, commit: string, digestLine: string, flags: string): boolean {
  const given = signatureIn(line);
  if (given === undefined) return false;
  return timingSafeEqual(Buffer.from(given, "hex"), Buffer.from(signatureOf(key, commit, digestLine, flags), "hex"));
}

/** The trusted review of a commit, or why none: the number of candidates checked. */
export interface Verification {
  readonly digestLine: string | undefined;
  readonly flags: FlagsRecord | undefined;
  readonly checked: number;
}

/**
 * The digest line and flags of the newest comment (comments oldest first) whose digest line is followed
 * by a flags line and a signature line, the HMAC of both for `commit`. A comment anyone else posted (or
 * one a pull request posted with its own token) has no valid signature and is passed over.
 */
export function verifiedDigest(bodies: readonly string[], commit: string, key: string): Verification {
  for (const body of [...bodies].reverse()) {
    const lines = body.split("\n");
    const digestLine = digestLineOf(lines);
    if (digestLine === undefined) continue;
    const at = lines.lastIndexOf(digestLine);
    const [flagged, signature] = [lines[at + 1] ?? "", lines[at + 2]];
    const flags = parseFlagsLine(flagged);
    if (flags !== undefined && signs(signature, key, commit, digestLine, flagged)) return { digestLine, flags, checked: bodies.length };
  }
  return { digestLine: undefined, flags: undefined, checked: bodies.length };
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
  "usage: review-signature.ts sign --commit SHA --report REPORT.json --failed-steps FILE COMMENT.md | verify --commit SHA [--flags-out FILE] COMMENTS.json";

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
  const allowed = command === "sign" ? ["--commit", "--report", "--failed-steps"] : ["--commit", "--flags-out"];
  const options = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i] ?? "", rest[i + 1]];
    if (!allowed.includes(flag) || value === undefined || options.has(flag)) throw new SignatureUsageError(USAGE);
    options.set(flag, value);
  }
  const commit = options.get("--commit");
  if ((command !== "sign" && command !== "verify") || file === undefined || commit === undefined) throw new SignatureUsageError(USAGE);
  if (command === "sign" && (!options.has("--report") || !options.has("--failed-steps"))) throw new SignatureUsageError(USAGE);
  return { command, commit, file, options };
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
    signed = signComment(text, commit, key, flags);
  } catch (err) {
    if (!(err instanceof SignatureUsageError)) throw err;
    io.stderr(`review-signature: ${file}: ${err.message}\n`);
    return 1;
  }
  io.write(file, signed);
  io.stderr(`review-signature: ${file}: digest and ${flags.count} risk flag(s) signed for ${commit}\n`);
  return 0;
}

function verify(io: SignatureIo, { commit, file, options }: Args, key: string): 0 | 1 {
  const { digestLine, flags, checked } = verifiedDigest(bodiesOf(file, readOrRefuse(io, file)), commit, key);
  if (digestLine === undefined || flags === undefined) {
    io.stderr(
      `review-signature: no review comment signed for ${commit} among ${checked} candidate(s): unsigned, signed for another commit, with another key or before the risk flags were signed; every stack with changes is refused\n`,
    );
    return 1;
  }
  const out = options.get("--flags-out");
  if (out !== undefined) io.write(out, `${JSON.stringify(flags)}\n`);
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
