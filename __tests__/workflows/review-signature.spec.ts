import { createHash, createHmac } from "node:crypto";
import { GITHUB_COMMENT_LIMIT } from "../../lib/engines/plan/comment-marks";
import { type FlagsRecord, flagsLine, flagsRecordFrom, flagsRecordOf } from "../../scripts/ci/flags-record";
import { runReviewSignature, SIGNATURE_LINE, signComment, verifiedDigest } from "../../scripts/ci/signature";
import { HEAD, REVIEW_RUN, reviewedDigestLine } from "./support";

// review.yml's verify step runs scripts/ci/review-signature.ts as a process (reviewed-apply.spec.ts), and
// pr-review.yml's sign step too (plan-review.spec.ts); here the rules, in this process.
const KEY = "a1b2c3d4".repeat(8);
const line = reviewedDigestLine(["email-production"]);
const comment = `<!-- golive:plan-report -->\n## golive plan review\n\nsome review\n\n${line}\n`;
/** `golive plan-report --json` of plans with three flags in two stacks (the fields the record reads). */
const REPORT = JSON.stringify({
  totals: { delete: 1 },
  riskCount: 3,
  failures: [],
  stacks: [
    {
      stack: "secrets-production",
      errored: false,
      risks: [
        {
          rule: "trust-widened",
          title: "Trust widened",
          address: "aws_iam_role.deploy",
          detail: "new principal arn:aws:iam::222222222222:root",
        },
        {
          rule: "trust-widened",
          title: "Trust widened",
          address: "aws_iam_role.plan",
          detail: "environment:production -> ref:refs/heads/main",
        },
      ],
    },
    {
      stack: "email-production",
      errored: false,
      risks: [{ rule: "dmarc-weakened", title: "DMARC weakened", address: "x", detail: "p: reject -> none" }],
    },
  ],
});
const FLAGS = flagsRecordOf(REPORT, []) as FlagsRecord;
/** sign's report, failed steps and comment. */
const SIGN_FILES = ["--report", "r.json", "--failed-steps", "f.txt", "c.md"];

function run(
  argv: readonly string[],
  files: Record<string, string>,
  env: Record<string, string | undefined> = { PLAN_REVIEW_HMAC_KEY: KEY },
) {
  const out = { stdout: "", stderr: "" };
  const code = runReviewSignature(argv, env, {
    read: (f) => {
      const text = files[f];
      if (text === undefined) throw new Error(`ENOENT: ${f}`);
      return text;
    },
    write: (f, text) => void (files[f] = text),
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
  });
  return { code, ...out, files };
}

describe("scripts/ci/review-signature.ts: the HMAC that makes a review comment's digest and risk flags trusted", () => {
  test("the flags record counts the report's flags per stack and rule, hashes the set, and says whether the review is complete", () => {
    expect(FLAGS).toEqual({
      v: 1,
      complete: true,
      count: 3,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      stacks: { "secrets-production": { "trust-widened": 2 }, "email-production": { "dmarc-weakened": 1 } },
    });
    expect(flagsRecordOf(REPORT, ["secret scan"])?.complete).toBe(false);
    // an incomplete record names what failed (review.yml's gate prints it): steps, then stacks not planned or errored
    const notPlanned = JSON.parse(REPORT);
    notPlanned.failures = [{ stack: "traffic-production", step: "plan", message: "x" }];
    notPlanned.stacks[1].errored = true;
    expect(flagsRecordOf(JSON.stringify(notPlanned), ["golive check", "secret scan"])).toMatchObject({
      complete: false,
      failed: ["golive check", "secret scan", "plan of traffic-production", "plan of email-production"],
    });
    const many = flagsRecordOf(
      REPORT,
      Array.from({ length: 25 }, (_, i) => `step ${i} ${"x".repeat(200)}`),
    );
    expect([many?.failed?.length, many?.failed?.at(-1), many?.failed?.[0]?.length]).toEqual([20, "+6 more", 120]);
    expect(flagsRecordFrom({ ...FLAGS, complete: false, failed: ["secret scan"] })?.failed).toEqual(["secret scan"]);
    expect(flagsRecordFrom({ ...FLAGS, complete: false, failed: [1] })).toBeUndefined();
    expect(flagsRecordOf(REPORT.replace('"p: reject -> none"', '"p: reject -> quarantine"'), [])?.sha256).not.toBe(FLAGS.sha256);
    // a report whose count disagrees with its flags, or no report: no record, nothing signed
    expect(flagsRecordOf(REPORT.replace('"riskCount":3', '"riskCount":0'), [])).toBeUndefined();
    expect(flagsRecordOf("not json", [])).toBeUndefined();
    // a name that could close the HTML comment is counted, never written
    const hostile = REPORT.replace('"email-production"', '"x --> <img src=x>"');
    const hostileLine = flagsLine(flagsRecordOf(hostile, []) as FlagsRecord);
    expect(hostileLine).toContain('"?":{"dmarc-weakened":1}');
    expect(hostileLine.slice("<!-- ".length, -" -->".length)).not.toMatch(/[<>]/);
  });

  test("sign puts the flags line, then the review run, the comment body's sha256 and the HMAC-SHA256 over the commit, the run, that sha256, the digest line and the flags line right after the digest line", () => {
    const signed = run(["sign", "--commit", HEAD, "--run-id", "4200", "--run-attempt", "1", ...SIGN_FILES], {
      "c.md": comment,
      "r.json": REPORT,
      "f.txt": "",
    });
    expect([signed.code, signed.stderr]).toEqual([
      0,
      "review-signature: c.md: digest and 3 risk flag(s) signed for 0123456789abcdef0123456789abcdef01234567 by review run 4200 attempt 1\n",
    ]);
    const flags = flagsLine(FLAGS);
    // the body: the whole comment but the two lines sign adds (above the digest line, the digest line, what follows)
    const body = createHash("sha256").update(comment).digest("hex");
    const expected = createHmac("sha256", KEY).update(`golive-plan-review-v4\n${HEAD}\n4200\n1\n${body}\n${line}\n${flags}`).digest("hex");
    expect(signed.files["c.md"]).toBe(
      comment.replace(
        `${line}\n`,
        `${line}\n${flags}\n<!-- golive:plan-digest-hmac v4 run 4200 attempt 1 body sha256:${body} hmac sha256:${expected} -->\n`,
      ),
    );
    // signing again replaces both lines: one of each, still valid
    expect(signComment(signed.files["c.md"] ?? "", HEAD, KEY, FLAGS, REVIEW_RUN)).toBe(signed.files["c.md"]);
    expect(verifiedDigest([signed.files["c.md"] ?? ""], HEAD, KEY)).toEqual({
      digestLine: line,
      flags: FLAGS,
      run: REVIEW_RUN,
      checked: 1,
      signed: 1,
    });
  });

  test("verify takes the comment signed for the commit; a digest or flags line changed after signing, or moved, is not, and none is trusted beside one", () => {
    const signed = signComment(comment, HEAD, KEY, FLAGS, REVIEW_RUN);
    const other = reviewedDigestLine(["email-production", "traffic-production"]);
    const tampered = signed.replace(line, other);
    // the flags line edited to say "no flags" (count and stacks consistent): its HMAC no longer matches
    const noFlags = signed.replace(flagsLine(FLAGS), flagsLine({ ...FLAGS, count: 0, stacks: {} }));
    const moved = signed.replace(`${line}\n`, `${line}\n\n`);
    expect(verifiedDigest([signed], HEAD, KEY)).toEqual({ digestLine: line, flags: FLAGS, run: REVIEW_RUN, checked: 1, signed: 1 });
    // beside the signed review, each is a look-alike a reviewer may have read instead: none is trusted
    expect(verifiedDigest([signed, tampered, noFlags, moved], HEAD, KEY)).toEqual({
      digestLine: undefined,
      flags: undefined,
      strays: [1, 2, 3],
      checked: 4,
      signed: 1,
    });
    // the run edited (to outrank another review): its HMAC no longer matches
    expect(verifiedDigest([signed.replace("run 4200 attempt 1", "run 9999 attempt 1")], HEAD, KEY).digestLine).toBeUndefined();
    expect(verifiedDigest([tampered, noFlags, moved], HEAD, KEY).digestLine).toBeUndefined();
    expect(verifiedDigest([signed], "1".repeat(40), KEY).digestLine).toBeUndefined();
    expect(verifiedDigest([signed], HEAD, KEY.toUpperCase()).digestLine).toBeUndefined();
  });

  test("fails when any character of the body above the digest line is edited, replaced or removed: verify says the comment was altered after it was signed", () => {
    const signed = signComment(comment, HEAD, KEY, FLAGS, REVIEW_RUN);
    const above = signed.indexOf(line);
    const edits = Array.from({ length: above }, (_, i) => [
      `${signed.slice(0, i)}${signed[i] === "x" ? "y" : "x"}${signed.slice(i + 1)}`,
      `${signed.slice(0, i)}${signed.slice(i + 1)}`,
      `${signed.slice(0, i)} ${signed.slice(i)}`,
    ]).flat();
    expect(edits.length).toBeGreaterThan(150);
    const altered = { digestLine: undefined, flags: undefined, altered: REVIEW_RUN, checked: 1, signed: 0 };
    // the newline before the digest line edited away leaves no digest line to trust (nor to call altered)
    const unsigned = { digestLine: undefined, flags: undefined, checked: 1, signed: 0 };
    for (const edited of edits)
      expect({ edited, v: verifiedDigest([edited], HEAD, KEY) }).toEqual({ edited, v: edited.includes(`\n${line}`) ? altered : unsigned });
    // the audit's edit: the body replaced by "no changes", the digest, flags and signature lines kept
    const audit = `<!-- golive:plan-report -->\n## golive plan review\n\nNo changes. No risk flags.\n\n${signed.slice(above)}`;
    // and text added after the signature line, or a line moved below it (GitHub hides the signed lines)
    const appended = `${signed}\nAll flags reviewed: safe to approve.\n`;
    const moved = signed.replace("some review\n", "").replace(/-->\n$/, "-->\nsome review\n");
    expect(verifiedDigest([audit, appended, moved], HEAD, KEY)).toEqual({ ...altered, checked: 3 });
    const out = run(["verify", "--commit", HEAD, "--flags-out", "flags.json", "v.json"], { "v.json": JSON.stringify([audit]) });
    expect(out).toMatchObject({
      code: 1,
      stdout: "",
      stderr: `review-signature: the review comment signed for ${HEAD} by review run 4200 attempt 1 was altered after it was signed (its text is not the text signed): none is trusted, every stack with changes is refused; re-run the pull request's pr workflow for a new review\n`,
    });
    expect(out.files["flags.json"]).toBeUndefined();
  });

  test("an unedited comment verifies, also with CRLF line endings (GitHub's browser editor saves those); nothing else is normalised", () => {
    const signed = signComment(comment, HEAD, KEY, FLAGS, REVIEW_RUN);
    const verified = { digestLine: line, flags: FLAGS, run: REVIEW_RUN, checked: 1, signed: 1 };
    expect(verifiedDigest([signed], HEAD, KEY)).toEqual(verified);
    const crlf = signed.replaceAll("\n", "\r\n");
    expect(verifiedDigest([crlf], HEAD, KEY)).toEqual(verified);
    // signing a CRLF comment signs the same body
    expect(signComment(comment.replaceAll("\n", "\r\n"), HEAD, KEY, FLAGS, REVIEW_RUN)).toBe(signed);
    // a lone CR, trailing spaces, a trailing newline removed: edits, not line endings
    for (const edited of [
      signed.replace("some review", "some\rreview"),
      signed.replace("some review", "some review  "),
      signed.slice(0, -1),
    ])
      expect(verifiedDigest([edited], HEAD, KEY).altered).toEqual(REVIEW_RUN);
  });

  test("fails when the latest run's comment was altered, even with an older intact review of the commit posted; an altered older one beside the latest is a look-alike", () => {
    const older = signComment(comment, HEAD, KEY, FLAGS, { id: "4200", attempt: "1" });
    const newer = signComment(comment, HEAD, KEY, flagsRecordOf(REPORT, ["secret scan"]) as FlagsRecord, { id: "4201", attempt: "1" });
    const alter = (c: string) => c.replace("some review", "No risk flags.");
    for (const bodies of [
      [older, alter(newer)],
      [alter(newer), older],
      [newer, alter(newer)],
    ])
      expect(verifiedDigest(bodies, HEAD, KEY)).toMatchObject({ digestLine: undefined, altered: { id: "4201", attempt: "1" } });
    expect(verifiedDigest([alter(older), newer], HEAD, KEY)).toMatchObject({ digestLine: undefined, strays: [0] });
    // an edit of the signature line itself verifies nothing: no review trusted
    const broken = alter(newer).replace(/body sha256:[0-9a-f]{64}/, `body sha256:${"0".repeat(64)}`);
    expect(verifiedDigest([broken], HEAD, KEY)).toEqual({ digestLine: undefined, flags: undefined, checked: 1, signed: 0 });
  });

  test("a v1 signature (the digest line only), a v2 one (before the review run was signed) or a v3 one (before the comment's body was signed) verifies nothing, saying so", () => {
    const v1 = createHmac("sha256", KEY).update(`golive-plan-digest-v1\n${HEAD}\n${line}`).digest("hex");
    const v1Comment = comment.replace(`${line}\n`, `${line}\n${SIGNATURE_LINE}sha256:${v1} -->\n`);
    const flags = flagsLine(FLAGS);
    const v2 = createHmac("sha256", KEY).update(`golive-plan-review-v2\n${HEAD}\n${line}\n${flags}`).digest("hex");
    const v2Comment = comment.replace(`${line}\n`, `${line}\n${flags}\n${SIGNATURE_LINE}sha256:${v2} -->\n`);
    const v3 = createHmac("sha256", KEY).update(`golive-plan-review-v3\n${HEAD}\n4200\n1\n${line}\n${flags}`).digest("hex");
    const v3Comment = comment.replace(`${line}\n`, `${line}\n${flags}\n${SIGNATURE_LINE}run 4200 attempt 1 sha256:${v3} -->\n`);
    expect(verifiedDigest([v1Comment, v2Comment, v3Comment], HEAD, KEY)).toEqual({
      digestLine: undefined,
      flags: undefined,
      older: 3,
      checked: 3,
      signed: 0,
    });
    const out = run(["verify", "--commit", HEAD, "v.json"], { "v.json": JSON.stringify([v3Comment]) });
    expect([out.code, out.stdout]).toEqual([1, ""]);
    expect(out.stderr).toBe(
      `review-signature: no review comment signed for ${HEAD} among 1 candidate(s): 1 carry the signature of an older golive (before the comment's text was signed), which verifies nothing now: none is trusted, every stack with changes is refused; re-run the pull request's pr workflow for a new review\n`,
    );
  });

  test("verify takes the review of the latest review run (highest run id, then attempt), wherever its comment stands", () => {
    const incomplete = flagsRecordOf(REPORT, ["secret scan"]) as FlagsRecord;
    const older = signComment(comment, HEAD, KEY, FLAGS, { id: "4200", attempt: "2" });
    const newer = signComment(comment, HEAD, KEY, incomplete, { id: "4201", attempt: "1" });
    for (const bodies of [
      [older, newer],
      [newer, older],
      [older, newer, older],
    ])
      expect(verifiedDigest(bodies, HEAD, KEY)).toMatchObject({ flags: incomplete, run: { id: "4201", attempt: "1" } });
    // a re-run (the next attempt of the same run) is later than its first attempt; ids compare as numbers
    const rerun = signComment(comment, HEAD, KEY, incomplete, { id: "4200", attempt: "3" });
    expect(verifiedDigest([rerun, older], HEAD, KEY)).toMatchObject({ flags: incomplete, run: { id: "4200", attempt: "3" } });
    const longer = signComment(comment, HEAD, KEY, incomplete, { id: "10000", attempt: "1" });
    expect(verifiedDigest([longer, older], HEAD, KEY).run).toEqual({ id: "10000", attempt: "1" });
  });

  test("fails when two comments signed by the latest review run differ (a conflict): none is trusted, exit 1 naming the run", () => {
    const a = signComment(comment, HEAD, KEY, FLAGS, REVIEW_RUN);
    const b = signComment(comment, HEAD, KEY, flagsRecordOf(REPORT, ["secret scan"]) as FlagsRecord, REVIEW_RUN);
    expect(verifiedDigest([a, b], HEAD, KEY)).toEqual({
      digestLine: undefined,
      flags: undefined,
      conflict: REVIEW_RUN,
      checked: 2,
      signed: 2,
    });
    const out = run(["verify", "--commit", HEAD, "--flags-out", "flags.json", "v.json"], { "v.json": JSON.stringify([a, b]) });
    expect(out).toMatchObject({
      code: 1,
      stdout: "",
      stderr: `review-signature: the review comments signed for ${HEAD} by review run 4200 attempt 1, the latest, differ: none is trusted, every stack with changes is refused; re-run the pull request's pr workflow for a new review\n`,
    });
    expect(out.files["flags.json"]).toBeUndefined();
    // the same review twice is no conflict; an older run's differing review is simply outranked
    expect(verifiedDigest([a, a], HEAD, KEY).flags).toEqual(FLAGS);
    expect(verifiedDigest([b, a, signComment(comment, HEAD, KEY, FLAGS, { id: "4300", attempt: "1" })], HEAD, KEY).flags).toEqual(FLAGS);
  });

  test('fails when an unsigned "No risk flags" comment stands beside the signed risky review (the audit\'s case): exit 1, no flags, one line naming it', () => {
    // a pull request's own pr.yml, given pull-requests: write, posts it as github-actions[bot]
    const signed = signComment(comment, HEAD, KEY, FLAGS, REVIEW_RUN);
    const clean = `<!-- golive:plan-report -->\n## golive plan review\n\nNo changes. No risk flags.\n\n${line}\n`;
    const url = "https://github.com/example-org/opsbot/pull/7#issuecomment-9";
    for (const [comments, name] of [
      [[signed, clean], "candidate 2 of 2"],
      [
        [
          { url, body: clean },
          { url: `${url}0`, body: signed },
        ],
        url,
      ],
    ] as const) {
      const out = run(["verify", "--commit", HEAD, "--flags-out", "flags.json", "comments.json"], {
        "comments.json": JSON.stringify(comments),
      });
      expect(out).toMatchObject({
        code: 1,
        stdout: "",
        stderr: `review-signature: the signed review of ${HEAD} has 1 golive comment(s) beside it not signed for that commit (the first: ${name}), a look-alike a reviewer may have read and approved instead: none is trusted, every stack with changes is refused; delete it (the pull request's next pr-review run deletes every github-actions[bot] comment but its own), and have whoever approved ${HEAD.slice(0, 12)} while it stood check the signed review's flags\n`,
      });
      expect(out.files["flags.json"]).toBeUndefined();
    }
    // neither a signed review of another commit nor an older golive's passes beside it
    const other = signComment(comment, "1".repeat(40), KEY, FLAGS, REVIEW_RUN);
    expect(verifiedDigest([other, signed], HEAD, KEY)).toMatchObject({ digestLine: undefined, strays: [0] });
    expect(run(["verify", "--commit", HEAD, "c.json"], { "c.json": JSON.stringify([{ url: 7, body: signed }]) })).toMatchObject({
      code: 2,
      stderr: "review-signature: c.json: expected a JSON array of comment bodies (strings) or of {url, body}, oldest first\n",
    });
  });

  test("verify --flags-out writes the signed flags for the deploy's risk gate", () => {
    const signed = signComment(comment, HEAD, KEY, FLAGS, REVIEW_RUN);
    const out = run(["verify", "--commit", HEAD, "--flags-out", "flags.json", "v.json"], { "v.json": JSON.stringify([signed]) });
    expect([out.code, out.stdout]).toEqual([0, `${line}\n`]);
    expect(out.stderr).toBe(
      `review-signature: the review of ${HEAD} signed by review run 4200 attempt 1, the latest of 1 signed comment(s)\n`,
    );
    expect(JSON.parse(out.files["flags.json"] ?? "null")).toEqual(FLAGS);
  });

  test("a comment at GitHub's limit is cut above the digest line to make room for the flags and the signature, saying so", () => {
    const long = `<!-- golive:plan-report -->\n${"x".repeat(GITHUB_COMMENT_LIMIT - line.length - 40)}\n${line}\n`;
    const signed = signComment(long, HEAD, KEY, FLAGS, REVIEW_RUN);
    expect(signed.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(signed).toContain("… cut to fit GitHub's comment limit");
    expect(verifiedDigest([signed], HEAD, KEY).digestLine).toBe(line);
  });

  test("fails when there is nothing to sign (no digest line, no report: exit 1) or nothing signed (exit 1, naming the commit)", () => {
    const sign = ["sign", "--commit", HEAD, "--run-id", "4200", "--run-attempt", "1", ...SIGN_FILES];
    expect(run(sign, { "c.md": "no digest here\n", "r.json": REPORT, "f.txt": "" })).toMatchObject({
      code: 1,
      stderr: "review-signature: c.md: the comment has no plan digest line to sign (is it plan-report's output?)\n",
    });
    expect(run(sign, { "c.md": comment, "f.txt": "" })).toMatchObject({
      code: 1,
      stderr: "review-signature: r.json: no plan-report --json output to take the risk flags from: nothing signed\n",
    });
    const none = run(["verify", "--commit", HEAD, "v.json"], { "v.json": JSON.stringify([comment]) });
    expect(none).toMatchObject({ code: 1, stdout: "" });
    expect(none.stderr).toContain(`no review comment signed for ${HEAD} among 1 candidate(s)`);
  });

  test("fails with exit 2 and one line on a missing or short key, a short commit, bad arguments or an unreadable file", () => {
    const usage = (argv: readonly string[], env?: Record<string, string | undefined>) => {
      const r = run(argv, { "v.json": "[]", "bad.json": '{"a":1}' }, env);
      expect({ code: r.code, lines: r.stderr.split("\n").length }).toEqual({ code: 2, lines: 2 });
      return r.stderr;
    };
    expect(usage(["verify", "--commit", HEAD, "v.json"], {})).toContain("PLAN_REVIEW_HMAC_KEY: not set or shorter than 32 characters");
    expect(usage(["verify", "--commit", HEAD, "v.json"], { PLAN_REVIEW_HMAC_KEY: "short" })).toContain("openssl rand -hex 32");
    expect(usage(["verify", "--commit", HEAD.slice(0, 12), "v.json"])).toContain("a full commit SHA");
    expect(usage(["check", "--commit", HEAD, "v.json"])).toContain(
      "usage: review-signature.ts sign --commit SHA --run-id ID --run-attempt N --report",
    );
    expect(usage(["sign", "--commit", HEAD, "v.json"])).toContain("usage: review-signature.ts sign");
    // the review run is required, as GitHub writes it
    expect(usage(["sign", "--commit", HEAD, ...SIGN_FILES])).toContain("usage: review-signature.ts sign --commit SHA --run-id ID");
    expect(usage(["sign", "--commit", HEAD, "--run-id", "", "--run-attempt", "1", ...SIGN_FILES])).toContain(
      '--run-id: got "", allowed: the review run\'s id (github.run_id: digits)',
    );
    expect(usage(["sign", "--commit", HEAD, "--run-id", "42", "--run-attempt", "0", ...SIGN_FILES])).toContain(
      '--run-attempt: got "0", allowed: the review run\'s attempt (github.run_attempt: 1 or more)',
    );
    expect(usage(["verify", "--commit", HEAD, "--report", "r.json", "v.json"])).toContain("usage:");
    expect(usage(["verify", "--commit", HEAD, "missing.json"])).toContain("missing.json: cannot be read");
    expect(usage(["verify", "--commit", HEAD, "bad.json"])).toContain("expected a JSON array of comment bodies");
  });
});
