import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { COMMENT_MARKER } from "../../lib/engines/plan";
import { type FlagsRecord, flagsRecordOf } from "../../scripts/ci/flags-record";
import { runReviewSignature, signComment, signatureFileIo } from "../../scripts/ci/signature";
import { tempDir } from "../helpers/cli";
import { postingApi, pull, reviewRunContext } from "./github-api";
import { checkoutWorkspace, HEAD, isRecord, REVIEW_RUN, reviewedDigestLine, runGithubScript, stepNamed } from "./support";

// The audit: the steps that gather the candidate review comments took only github-actions[bot]'s that
// START with the marker, so a bot comment "## golive plan review ... No risk flags." without it (or with
// a space before it) was never a candidate: verify trusted the signed review beside it (exit 0) and
// pr-review never deleted it. Every github-actions[bot] comment is one. A person's carrying the marker is
// not (a second audit: anyone who may comment blocked the deploy of any merged pull request with an
// invisible `<!-- golive:plan-report -->`): it is warned of, as a mention.
const KEY = "5a".repeat(32);
const BOT = { login: "github-actions[bot]", type: "Bot" };
const NO_FLAGS = flagsRecordOf(JSON.stringify({ riskCount: 0, failures: [], stacks: [] }), []) as FlagsRecord;
const SIGNED = signComment(
  `${COMMENT_MARKER}\n## golive plan review\n\n${reviewedDigestLine(["email-production"])}\n`,
  HEAD,
  KEY,
  NO_FLAGS,
  REVIEW_RUN,
);
const url = (id: number) => `https://github.com/example-org/opsbot/pull/7#issuecomment-${id}`;
const comment = (id: number, user: { login: string; type: string }, body: string) => ({ id, user, body, html_url: url(id) });

const LOOK_ALIKES = {
  "a bot comment without the marker": comment(2, BOT, "## golive plan review\n\nNo changes. No risk flags.\n"),
  "a bot comment with a space before the marker": comment(2, BOT, ` ${COMMENT_MARKER}\n## golive plan review\n\nNo risk flags.\n`),
  "a bot comment naming nothing": comment(2, BOT, "✅ No changes. No risk flags."),
};

// A person's comment carrying the marker: it looks, rendered, like the same text without it, which was
// never a candidate, so it blocks nothing; a warning says it carries golive's marker and is not golive's.
const MARKED = {
  "a person's praise with the marker hidden (the audit's repro)": comment(
    2,
    { login: "mallory", type: "User" },
    `nice work!\n${COMMENT_MARKER}`,
  ),
  "a person's comment with the marker inside": comment(2, { login: "mallory", type: "User" }, `LGTM\n${COMMENT_MARKER}\nNo risk flags.`),
  "a person's comment with a hidden character in the marker": comment(
    2,
    { login: "mallory", type: "User" },
    "<!-- golive:plan\u200b-report -->\nNo risk flags.",
  ),
};

// A person's comment naming the review without the marker: anyone who may comment could otherwise stall
// every deploy. Not a candidate; a warning names it (author, address) for a reviewer to see.
const MENTIONS = {
  "a reviewer's thanks": comment(2, { login: "bob", type: "User" }, "Thanks, I read the golive plan review: LGTM"),
  "a person's title with a hidden character": comment(2, { login: "mallory", type: "User" }, "## golive plan\u200b review\nNo risk flags."),
};

const scriptOf = (file: string, name: string): string => {
  const step = stepNamed(file, name);
  return isRecord(step.with) ? String(step.with.script) : "";
};

/** What a step wrote for verify (the candidates), and the warnings it gave. */
interface Gathered {
  readonly candidates: string;
  readonly warnings: readonly string[];
}

/** review.yml's step: the candidates it writes for the merged pull request #7 with `comments`. */
async function reviewYmlCandidates(comments: readonly unknown[]): Promise<Gathered> {
  const warnings: string[] = [];
  const dir = tempDir("golive-lookalike-review-");
  const file = join(dir, "review-comments.json");
  const merged = { number: 7, merged_at: "2031-01-01T00:00:00Z", merge_commit_sha: "f".repeat(40), head: { sha: HEAD } };
  await runGithubScript(
    scriptOf("review.yml", "find the golive review comments").replaceAll('"review-comments.json"', JSON.stringify(file)),
    {
      github: {
        rest: {
          repos: { listPullRequestsAssociatedWithCommit: async () => ({ data: [merged] }) },
          issues: { listComments: "listComments" },
        },
        paginate: async () => comments,
      },
      context: { repo: { owner: "example-org", repo: "opsbot" }, sha: "f".repeat(40) },
      core: { setOutput: () => undefined, warning: (m: string) => void warnings.push(m), info: () => undefined },
    },
  );
  return { candidates: readFileSync(file, "utf8"), warnings };
}

/** pr-review.yml's approval job: the candidates it writes for the open pull request #7 with `comments`. */
async function approvalCandidates(comments: readonly unknown[]): Promise<Gathered> {
  const warnings: string[] = [];
  const root = checkoutWorkspace("golive-lookalike-approval-");
  const run = {
    event: "pull_request_review",
    path: ".github/workflows/pr-approval.yml",
    head_branch: "feature",
    head_sha: HEAD,
    head_repository: { full_name: "example-org/opsbot", owner: { login: "example-org" } },
    pull_requests: [{ number: 7, head: { ref: "feature", sha: HEAD }, base: { ref: "main", repo: { id: 1, name: "opsbot" } } }],
  };
  const found = pull(HEAD);
  await runGithubScript(scriptOf("pr-review.yml", "the open pull request of the branch"), {
    github: {
      rest: { pulls: { list: "pulls.list", get: async () => ({ data: found }) }, issues: { listComments: "listComments" } },
      paginate: async (method: string) => (method === "pulls.list" ? [found] : comments),
    },
    context: {
      repo: { owner: "example-org", repo: "opsbot" },
      payload: { workflow_run: run, repository: { id: 1, full_name: "example-org/opsbot", default_branch: "main" } },
    },
    core: { setOutput: () => undefined, notice: () => undefined, warning: (m: string) => void warnings.push(m) },
    env: { GITHUB_WORKSPACE: root },
  });
  return { candidates: readFileSync(join(root, "review", "comments.json"), "utf8"), warnings };
}

/** review-signature.ts verify of HEAD on the candidates a step wrote: its exit code and stderr. */
function verify(candidates: string): { rc: number; stderr: string } {
  const dir = tempDir("golive-lookalike-verify-");
  writeFileSync(join(dir, "comments.json"), candidates);
  let stderr = "";
  const sink = (onText: (t: string) => void) =>
    new Writable({
      write: (chunk, _enc, done) => {
        onText(String(chunk));
        done();
      },
    });
  const io = signatureFileIo(
    dir,
    sink(() => undefined),
    sink((t) => void (stderr += t)),
  );
  const rc = runReviewSignature(["verify", "--commit", HEAD, "comments.json"], { PLAN_REVIEW_HMAC_KEY: KEY }, io);
  return { rc, stderr };
}

const STEPS = [
  ["review.yml (the deploy)", reviewYmlCandidates],
  ["pr-review.yml's approval job", approvalCandidates],
] as const;

describe("a look-alike review comment is a candidate wherever the signed review is looked for, so verify refuses it", () => {
  for (const [where, candidatesOf] of STEPS) {
    test.each(Object.entries(LOOK_ALIKES))(`fails for ${where} when the signed review stands beside %s`, async (_name, lookAlike) => {
      const { rc, stderr } = verify((await candidatesOf([comment(1, BOT, SIGNED), lookAlike])).candidates);
      expect(rc).toBe(1);
      expect(stderr).toContain(`look-alike`);
      expect(stderr).toContain(url(2));
    });

    test(`${where}: the signed review alone, beside people's comments that do not name it, verifies`, async () => {
      const talk = [
        comment(3, { login: "bob", type: "User" }, "LGTM, flags read"),
        comment(4, { login: "codecov[bot]", type: "Bot" }, "Coverage 91%"),
      ];
      const gathered = await candidatesOf([comment(1, BOT, SIGNED), ...talk]);
      expect([verify(gathered.candidates).rc, gathered.warnings]).toEqual([0, []]);
    });

    test.each(Object.entries(MENTIONS))(
      `${where}: the signed review beside %s verifies, and a warning names the comment's author and address`,
      async (_name, mention) => {
        const gathered = await candidatesOf([comment(1, BOT, SIGNED), mention]);
        expect(verify(gathered.candidates).rc).toBe(0);
        expect(gathered.warnings).toEqual([
          expect.stringMatching(`^${url(2)}, by ${mention.user.login}, names the golive plan review but is not it`),
        ]);
      },
    );

    test.each(Object.entries(MARKED))(
      `fails for ${where} when %s blocks the deploy: the signed review verifies, and a warning says the comment is not golive's`,
      async (_name, marked) => {
        const gathered = await candidatesOf([comment(1, BOT, SIGNED), marked]);
        expect(verify(gathered.candidates).rc).toBe(0);
        expect(gathered.warnings).toEqual([
          expect.stringMatching(`^${url(2)}, by mallory, carries golive's review marker \\(golive:plan-report\\) but is not golive's`),
        ]);
      },
    );
  }
});

describe("pr-review.yml's publish step keeps one golive comment: every other candidate deleted or named", () => {
  test("fails unless each look-alike by github-actions[bot] is deleted, and a person's with the marker or naming the review only warned of", async () => {
    const root = checkoutWorkspace("golive-lookalike-publish-");
    mkdirSync(join(root, "review"));
    writeFileSync(join(root, "review", "plan-comment.md"), SIGNED);
    writeFileSync(
      join(root, "review", "verdict.json"),
      JSON.stringify({ state: "success", description: "no risk flags", add: [], remove: [] }),
    );
    const people = MARKED["a person's comment with the marker inside"];
    const comments = [
      comment(1, BOT, `${COMMENT_MARKER}\nthe previous review`),
      { ...LOOK_ALIKES["a bot comment without the marker"], id: 2 },
      { ...LOOK_ALIKES["a bot comment with a space before the marker"], id: 3 },
      { ...people, id: 4, html_url: url(4) },
      comment(5, { login: "bob", type: "User" }, "LGTM"),
      { ...MENTIONS["a reviewer's thanks"], id: 6, html_url: url(6) },
    ];
    const { github, posted } = postingApi(comments);
    const warnings: string[] = [];
    await runGithubScript(scriptOf("pr-review.yml", "post the review comment"), {
      github,
      context: reviewRunContext("example-org", "opsbot"),
      core: { setFailed: () => undefined, notice: () => undefined, warning: (m: string) => void warnings.push(m) },
      env: { HEAD_SHA: HEAD, REVIEW_RUN_URL: "https://github.com/r/1", GITHUB_WORKSPACE: root, PR_NUMBER: "7", STALE: "false" },
    });
    expect(posted.comments).toEqual([SIGNED]);
    expect(posted.deleted).toEqual([2, 3]);
    expect(warnings.filter((w) => w.includes(url(4)))).toEqual([expect.stringContaining("by mallory, carries golive's review marker")]);
    expect(warnings.join("\n")).not.toContain(url(5));
    expect(warnings.filter((w) => w.includes(url(6)))).toEqual([
      expect.stringContaining("by bob, names the golive plan review but is not it"),
    ]);
  });
});

// The rule lives in scripts/ci/review-candidates.ts (its own tests: review-candidates.spec.ts); a step
// with a rule of its own would drift from the other two.
test.each([
  ["review.yml", "find the golive review comments", "./"],
  ["pr-review.yml", "the open pull request of the branch", "./base/"],
  ["pr-review.yml", "post the review comment", "./base/"],
])("fails unless %s's step %s loads the candidate rule from the default branch's checkout", (file, step, checkout) => {
  const script = scriptOf(file, step);
  expect(script).toContain(`require("${checkout}lib/runtime/register-ts.js");`);
  expect(script).toContain(`require("${checkout}scripts/ci/review-candidates.ts")`);
  expect(script).toMatch(/\bcandidatesOf\(comments\)/);
  expect(script).not.toMatch(/github-actions\[bot\]"|golive\\W|c\.user\?\.login/);
});
