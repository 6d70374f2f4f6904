import { createHmac } from "node:crypto";
import { GITHUB_COMMENT_LIMIT } from "../../lib/engines/plan/limit";
import { runReviewSignature, SIGNATURE_LINE, signComment, verifiedDigest } from "../../scripts/ci/signature";
import { HEAD, reviewedDigestLine } from "./support";

// review.yml's verify step runs scripts/ci/review-signature.ts as a process (reviewed-apply.spec.ts), and
// pr-review.yml's sign step too (plan-review.spec.ts); here the rules, in this process.
const KEY = "a1b2c3d4".repeat(8);
const line = reviewedDigestLine(["email-production"]);
const comment = `<!-- golive:plan-report -->\n## golive plan review\n\nsome review\n\n${line}\n`;

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

describe("scripts/ci/review-signature.ts: the HMAC that makes a review comment's digest trusted", () => {
  test("sign puts, right after the digest line, HMAC-SHA256 over the commit and the exact digest line", () => {
    const signed = run(["sign", "--commit", HEAD, "c.md"], { "c.md": comment });
    expect(signed.code).toBe(0);
    const expected = createHmac("sha256", KEY).update(`golive-plan-digest-v1\n${HEAD}\n${line}`).digest("hex");
    expect(signed.files["c.md"]).toBe(`${comment.replace(`${line}\n`, `${line}\n${SIGNATURE_LINE}${expected} -->\n`)}`);
    // signing again replaces the signature: one line, still valid
    const again = signComment(signed.files["c.md"] ?? "", HEAD, KEY);
    expect(again).toBe(signed.files["c.md"]);
  });

  test("verify takes the newest comment signed for the commit; a digest changed after signing, or moved away from its signature, is not", () => {
    const signed = signComment(comment, HEAD, KEY);
    const other = reviewedDigestLine(["email-production", "traffic-production"]);
    const tampered = signed.replace(line, other);
    const moved = signed.replace(`${line}\n`, `${line}\n\n`);
    expect(verifiedDigest([signed, tampered, moved], HEAD, KEY)).toEqual({ digestLine: line, checked: 3 });
    expect(verifiedDigest([tampered, moved], HEAD, KEY).digestLine).toBeUndefined();
    expect(verifiedDigest([signed], "1".repeat(40), KEY).digestLine).toBeUndefined();
    expect(verifiedDigest([signed], HEAD, KEY.toUpperCase()).digestLine).toBeUndefined();
  });

  test("a comment at GitHub's limit is cut above the digest line to make room for the signature, saying so", () => {
    const long = `<!-- golive:plan-report -->\n${"x".repeat(GITHUB_COMMENT_LIMIT - line.length - 40)}\n${line}\n`;
    const signed = signComment(long, HEAD, KEY);
    expect(signed.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(signed).toContain("… cut to fit GitHub's comment limit");
    expect(verifiedDigest([signed], HEAD, KEY).digestLine).toBe(line);
  });

  test("fails when there is nothing to sign (exit 1) or nothing signed (exit 1, naming the commit)", () => {
    expect(run(["sign", "--commit", HEAD, "c.md"], { "c.md": "no digest here\n" })).toMatchObject({
      code: 1,
      stderr: "review-signature: c.md: the comment has no plan digest line to sign (is it plan-report's output?)\n",
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
    expect(usage(["check", "--commit", HEAD, "v.json"])).toContain("usage: review-signature.ts sign|verify --commit SHA FILE");
    expect(usage(["verify", "--commit", HEAD, "missing.json"])).toContain("missing.json: cannot be read");
    expect(usage(["verify", "--commit", HEAD, "bad.json"])).toContain("expected a JSON array of comment bodies");
  });
});
