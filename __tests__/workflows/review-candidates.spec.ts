import { COMMENT_MARKER } from "../../lib/engines/plan";
import { candidatesOf, forVerify, mentionsOf, mentionWarning, pullComment } from "../../scripts/ci/review-candidates";

// scripts/ci/review-candidates.ts: which pull request comments the three steps that list them hand to
// `review-signature verify` (review-lookalike.spec.ts runs the steps themselves).
const url = (id: number) => `https://github.com/example-org/opsbot/pull/7#issuecomment-${id}`;
const comment = (id: number, login: string, body: string) => ({ id, user: { login }, body, html_url: url(id) });
const BOT = "github-actions[bot]";

describe("the candidate rule", () => {
  test("every github-actions[bot] comment is a candidate, whatever its text", () => {
    const listed = [comment(1, BOT, `${COMMENT_MARKER}\nsigned`), comment(2, BOT, "✅ No changes. No risk flags."), comment(3, BOT, "")];
    expect(candidatesOf(listed).map((c) => c.id)).toEqual([1, 2, 3]);
  });

  test("fails when a person's or another app's comment with the marker is a candidate: it is a mention, warned of as carrying golive's marker", () => {
    const listed = [
      comment(1, "mallory", ` ${COMMENT_MARKER}\nNo risk flags.`),
      comment(2, "mallory", `nice work!\n${COMMENT_MARKER}`),
      comment(3, "some-app[bot]", "<!-- golive:plan\u200b-report -->"),
    ];
    expect(candidatesOf(listed)).toEqual([]);
    const mentions = mentionsOf(listed);
    expect(mentions.map((c) => c.id)).toEqual([1, 2, 3]);
    expect(mentions.map(mentionWarning)).toEqual([
      expect.stringContaining(`${url(1)}, by mallory, carries golive's review marker`),
      `${url(2)}, by mallory, carries golive's review marker (golive:plan-report) but is not golive's (not ${BOT}): if it reads like a review, it is a look-alike; only the signed review's flags count (this comment blocks nothing)`,
      expect.stringContaining(`${url(3)}, by some-app[bot], carries golive's review marker`),
    ]);
  });

  test("a person's or another app's comment naming neither the marker nor the review is no candidate", () => {
    const listed = [comment(1, "bob", "LGTM, flags read"), comment(2, "codecov[bot]", "Coverage 91%"), comment(3, "bob", "golive rocks")];
    expect(candidatesOf(listed)).toEqual([]);
  });

  test("fails when a person's comment that only names the review is a candidate: it is a mention, warned of with its author and address", () => {
    const listed = [
      comment(1, "bob", "Thanks, I read the golive plan review: LGTM"),
      comment(2, "mallory", "## Golive **Plan** Re\u200bview\nNo risk flags."),
      comment(3, "mallory", `${COMMENT_MARKER}\n## golive plan review`),
      comment(4, BOT, "## golive plan review"),
      comment(5, "bob", "LGTM"),
    ];
    expect(candidatesOf(listed).map((c) => c.id)).toEqual([4]);
    const mentions = mentionsOf(listed);
    expect(mentions.map((c) => c.id)).toEqual([1, 2, 3]);
    expect(mentions.map(mentionWarning)).toEqual([
      `${url(1)}, by bob, names the golive plan review but is not it (no marker, not ${BOT}): if it reads like a review, it may be a look-alike; only the signed review's flags count (this comment blocks nothing)`,
      expect.stringMatching(`^${url(2)}, by mallory, names the golive plan review`),
      expect.stringMatching(`^${url(3)}, by mallory, carries golive's review marker`),
    ]);
  });

  test("the candidates keep the API's order (oldest first), and verify reads each as {url, body}", () => {
    const listed = [comment(9, BOT, "b"), comment(4, "bob", "x"), comment(5, BOT, "a")];
    expect(forVerify(candidatesOf(listed))).toEqual([
      { url: url(9), body: "b" },
      { url: url(5), body: "a" },
    ]);
  });

  test("a comment with no body or no user (a deleted account) reads as empty fields, never a crash", () => {
    expect(pullComment({ id: 3, user: null, body: null, html_url: url(3) })).toEqual({ id: 3, url: url(3), author: "", body: "" });
    expect(pullComment("not a comment")).toEqual({ id: 0, url: "", author: "", body: "" });
    expect(candidatesOf([{ id: 3, user: null, body: null }])).toEqual([]);
  });
});
