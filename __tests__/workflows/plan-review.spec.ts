import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { COMMENT_MARKER } from "../../lib/engines/plan";
import { REPO_ROOT } from "../helpers/example-config";
import { verifiedDigest } from "../../scripts/ci/signature";
import { closeGoliveServer, REAL_NODE } from "./golive-server";
import { type Posted, postingApi, reviewRunContext } from "./github-api";
import {
  checkoutWorkspace,
  HEAD,
  isRecord,
  jobsOf,
  reviewWorkspace,
  runGithubScript,
  stepNamed,
  stepsIn,
  workflow,
  SIGN_STEP_ENV,
} from "./support";

// The in-process golive behind the workspace's `node bin/golive.js` (support.ts).
afterAll(closeGoliveServer);

const FILE = "pr-review.yml";
const doc = workflow(FILE);
const jobs = Object.fromEntries(jobsOf(doc));
const job = jobs.review;
const steps = stepsIn(job);
const runSteps = jobsOf(doc)
  .flatMap(([, j]) => stepsIn(j))
  .filter((s): s is Record<string, unknown> & { run: string } => typeof s.run === "string");
const scriptOf = (name: string): string => {
  const step = stepNamed(FILE, name);
  return isRecord(step.with) ? String(step.with.script) : String(step.run);
};
const KEY = "f".repeat(20) + "0123456789abcdef".repeat(3);
const RUN_URL = "https://github.com/o/r/actions/runs/42";

describe("pr-review.yml runs only the default branch's code, on the pull request's data", () => {
  test("runs when a pr run completes, as the default branch has the file, in the plan-review environment, with only the permissions it uses", () => {
    expect(doc.on).toEqual({
      workflow_run: { workflows: [workflow("pr.yml").name, workflow("pr-approval.yml").name], types: ["completed"] },
    });
    expect(Object.keys(jobs)).toEqual(["review", "approval"]);
    expect(job?.if).toBe("github.event.workflow_run.event == 'pull_request'");
    expect(job?.environment).toBe("plan-review");
    expect(job?.permissions).toEqual({
      actions: "write",
      contents: "read",
      "pull-requests": "write",
      "security-events": "write",
      statuses: "write",
    });
    // a submitted or dismissed review: the status again, from the signed comment and the approvals; no plan, no artifact
    expect(jobs.approval?.if).toBe("github.event.workflow_run.event == 'pull_request_review'");
    expect(jobs.approval?.environment).toBe("plan-review");
    expect(jobs.approval?.permissions).toEqual({ contents: "read", "pull-requests": "write", statuses: "write" });
  });

  test("checks out the default branch's commit into base/, and the pull request's head as data into pr-head/, both without credentials", () => {
    const checkouts = steps.filter((s) => String(s.uses).startsWith("actions/checkout@")).map((s) => s.with);
    expect(checkouts).toEqual([
      { ref: "${{ github.sha }}", path: "base", "persist-credentials": false },
      { ref: "${{ github.event.workflow_run.head_sha }}", path: "pr-head", "fetch-depth": 0, "persist-credentials": false },
    ]);
    // the approval job reads nothing of the pull request's files: the default branch's golive only
    const approvalCheckouts = stepsIn(jobs.approval).filter((s) => String(s.uses).startsWith("actions/checkout@"));
    expect(approvalCheckouts.map((s) => s.with)).toEqual([{ ref: "${{ github.sha }}", path: "base", "persist-credentials": false }]);
    expect(JSON.stringify(jobs.approval)).not.toMatch(/artifact|pr-head|workflow_run\.head_sha/);
  });

  test("no step runs code from the pull request's files or the pr run's data: every program is the default branch's", () => {
    expect(runSteps.length).toBeGreaterThan(5);
    for (const step of runSteps) {
      const where = step["working-directory"];
      const { run } = step;
      const at = { step: step.name, where };
      expect({ ...at, allowed: [undefined, "base", "${{ runner.temp }}/pr-data"].includes(where as string | undefined) }).toEqual({
        ...at,
        allowed: true,
      });
      // nothing that resolves a program through PATH or a package, nothing that changes the job's PATH or env
      expect({ ...at, run }).not.toEqual({
        ...at,
        run: expect.stringMatching(/\bnpx\b|\$GITHUB_PATH|\$GITHUB_ENV|\bsource\b|^\s*\.\s|^\s*\.\/|chmod/m),
      });
      for (const m of run.matchAll(/\bnpm\s+(\S+)/g)) expect({ ...at, npm: m[1] }).toEqual({ step: step.name, where: "base", npm: "ci" });
      for (const m of run.matchAll(/\bbash\s+(\S+)/g))
        expect({ ...at, bash: m[1] }).toEqual({ ...at, bash: expect.stringMatching(/^base\/scripts\/[\w-]+\.sh$/) });
      for (const m of run.matchAll(/\bnode\s+(\S+)(?:\s+(\S+))?/g)) {
        const program = m[1] === "-r" ? m[2] : m[1];
        const known =
          (where === "base" && (program === "bin/golive.js" || (m[1] === "-r" && m[2] === "./lib/runtime/register-ts.js"))) ||
          program === '"$GITHUB_WORKSPACE/base/bin/golive.js"';
        expect({ ...at, program, known }).toEqual({ ...at, program, known: true });
      }
      // no line starts a program from the pull request's checkout or the data
      for (const line of run.split("\n"))
        expect({ ...at, line }).not.toEqual({ ...at, line: expect.stringMatching(/^\s*"?(?:pr-head|\$RUNNER_TEMP|\$data|\$zip)/) });
    }
    // fs, path, and the default branch's checkout (base/: its .ts loader and scripts/ci), nothing else
    for (const step of jobsOf(doc)
      .flatMap(([, j]) => stepsIn(j))
      .filter((s) => isRecord(s.with) && typeof s.with.script === "string"))
      expect(String(isRecord(step.with) ? step.with.script : "")).not.toMatch(
        /require\((?!"fs"\)|"path"\)|"\.\/base\/lib\/runtime\/register-ts\.js"\)|"\.\/base\/scripts\/ci\/[\w-]+\.ts"\))|child_process|exec\(/,
      );
  });

  test("the pr run's data is downloaded and unpacked outside the workspace ($RUNNER_TEMP), and checked before anything reads it", () => {
    expect(scriptOf("find the pull request")).toContain(
      'fs.writeFileSync(path.join(process.env.RUNNER_TEMP, "pr-data.zip"), Buffer.from(data));',
    );
    const unpack = scriptOf("unpack the pr run's data");
    expect(unpack).toContain('data="$RUNNER_TEMP/pr-data" zip="$RUNNER_TEMP/pr-data.zip"');
    expect(unpack).toContain('unzip -q "$zip" -d "$data"');
    expect(unpack).toContain('scripts/ci/plan-review-data.ts "$data" --commit "$HEAD_SHA"');
    const index = (name: string) => steps.findIndex((s) => String(s.name).startsWith(name));
    for (const reader of ["secret scan", "golive check", "golive plan-report"])
      expect(index(reader)).toBeGreaterThan(index("unpack the pr run's data"));
    // the pull request is found through the API from the run's head, never from the data
    expect(scriptOf("find the pull request")).toMatch(/github\.rest\.pulls\.list\(|pulls\.list, \{ owner, repo, state: "open", head,/);
  });

  test("the secret scan is the default branch's, with the default branch's ignore list, on the head commit since the pull request's base", () => {
    const scan = stepNamed(FILE, "secret scan");
    const run = String(scan.run);
    expect(scan.env).toEqual({ BASE_SHA: "${{ steps.data.outputs.base }}" });
    const replaced = run.indexOf("rm -f pr-head/.secretlintignore && cp base/.secretlintignore pr-head/.secretlintignore");
    expect(replaced).toBeGreaterThan(-1);
    expect(run.indexOf('bash base/scripts/secret-scan.sh tree history "$BASE_SHA" "${synth[@]}" --root pr-head')).toBeGreaterThan(replaced);
  });

  test("the comment, the verdict and golive/plan-review are written whatever failed before them", () => {
    // pending is set by the find step once the pull request is verified (never by a fork's run): review-run-origin.spec.ts
    expect(steps.map((s) => String(s.name))).not.toContainEqual(expect.stringMatching(/pending/));
    for (const name of ["find the pull request", "unpack", "golive plan-report", "sign the plan digest", "verdict"])
      expect(String(stepNamed(FILE, name).if)).toContain("!cancelled()");
    const publish = steps.at(-1);
    expect(publish?.if).toBe("always()");
    expect(String(isRecord(publish?.with) ? publish.with.script : "")).toContain('context: "golive/plan-review"');
  });
});

interface Published extends Posted {
  failed?: string;
  warnings: string[];
}

/** The last step of pr-review.yml with stand-ins for the API (the pull request's `comments`), in a workspace whose review/ holds `files`. */
async function publish(
  files: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string>>,
  comments: readonly unknown[] = [],
): Promise<Published> {
  const root = checkoutWorkspace("golive-pr-publish-");
  mkdirSync(join(root, "review"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, "review", name), text);
  const { github, posted } = postingApi(comments);
  const out: Published = { ...posted, warnings: [] };
  const core = {
    setFailed: (m: string) => void (out.failed = m),
    notice: () => undefined,
    warning: (m: string) => void out.warnings.push(m),
  };
  await runGithubScript(scriptOf("post the review comment"), {
    github,
    context: reviewRunContext("o", "r"),
    core,
    env: { HEAD_SHA: HEAD, REVIEW_RUN_URL: RUN_URL, GITHUB_WORKSPACE: root, PR_NUMBER: "7", STALE: "false", ...env },
  });
  return out;
}

describe("pr-review.yml, run: a pr run whose data is partly invalid and whose secret scan failed", () => {
  // One pass through the steps that read the data, in order, as the runner runs them (the workspace's
  // golive is this repository's, in-process; the scripts in scripts/ci run as processes).
  const ws = reviewWorkspace("golive-pr-review-");
  let comment = "";
  let verdict: Record<string, unknown> = {};
  let failedSteps: string[] = [];
  let published: Published;
  beforeAll(async () => {
    const src = join(ws.root, "artifact");
    mkdirSync(join(src, "review-data"), { recursive: true });
    mkdirSync(join(src, "plans"));
    writeFileSync(join(src, "review-data", "head-sha"), `${HEAD}\n`);
    writeFileSync(join(src, "review-data", "pull-request"), "7\n");
    writeFileSync(join(src, "review-data", "failed-steps"), "plan (staging)\n");
    cpSync(join(REPO_ROOT, "__tests__", "fixtures", "plans", "sample", "edge-production.json"), join(src, "plans", "edge-production.json"));
    // A link would make the base branch's golive read (and print) a file of the runner: removed, named.
    symlinkSync("/etc/hostname", join(src, "plans", "hostname.json"));
    const zip = spawnSync("zip", ["-qry", join(ws.temp, "pr-data.zip"), "."], { cwd: src });
    expect(zip.status).toBe(0);
    const job = { HEAD_SHA: HEAD, REVIEW_RUN_URL: RUN_URL };
    const steps = [
      ["unpack the pr run's data", { DATA_OUTCOME: "success", PR_NUMBER: "7", PR_CONCLUSION: "failure" }],
      // no synth output in the data: edge and monitoring get no configuration diff, a failed step
      [
        "golive plan-report",
        { HEAD_OUTCOME: "success", SCAN_OUTCOME: "failure", CHECK_OUTCOME: "skipped", BASE_SYNTH_OUTCOME: "success", HEAD_SYNTH: "" },
      ],
      // review-signature.ts sign as a process here, as the runner runs it
      ["sign the plan digest", { PLAN_REVIEW_HMAC_KEY: KEY, ...SIGN_STEP_ENV, ...REAL_NODE }],
      ["verdict", { SIGN_OUTCOME: "success", PR_LABELS: '["golive:replace"]' }],
    ] as const;
    for (const [name, env] of steps) {
      const result = await ws.run(scriptOf(name), { ...job, ...env });
      expect({ name, status: result.status, stderr: result.status === 0 ? "" : result.stderr }).toEqual({ name, status: 0, stderr: "" });
    }
    comment = readFileSync(join(ws.root, "review", "plan-comment.md"), "utf8");
    verdict = JSON.parse(readFileSync(join(ws.root, "review", "verdict.json"), "utf8"));
    failedSteps = readFileSync(join(ws.root, "review", "failed-steps.txt"), "utf8")
      .trim()
      .split("\n");
    const files = Object.fromEntries(["plan-comment.md", "verdict.json"].map((f) => [f, readFileSync(join(ws.root, "review", f), "utf8")]));
    published = await publish(files, {});
  });

  test("the data lands in $RUNNER_TEMP, its link is removed, and every failure is a failed step: the pr run's, the data's, the scan's", () => {
    expect(existsSync(join(ws.temp, "pr-data", "plans", "edge-production.json"))).toBe(true);
    expect(existsSync(join(ws.temp, "pr-data", "plans", "hostname.json"))).toBe(false);
    expect(failedSteps).toEqual(["plan (staging)", "pr data (invalid)", "secret scan", "configuration diff (edge and monitoring)"]);
    expect(ws.outputs()).not.toContain("synth=true"); // no synth output: golive check does not run
  });

  test("the comment names the head commit, the run and each failed step, and still shows the plans it could read", () => {
    expect(comment.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    expect(comment).toContain(`Plans of commit \`${HEAD}\` · [CI run](${RUN_URL})`);
    expect(comment).toContain(
      `Incomplete review of \`${HEAD}\`: \`plan (staging)\`, \`pr data (invalid)\`, \`secret scan\`, \`configuration diff (edge and monitoring)\` failed.`,
    );
    expect(comment).toContain("| `edge-production` | **5** | 1 |");
    expect(comment).not.toContain("hostname");
  });

  test("the digest line and the risk flags are signed for the head commit with the environment's key, and only that key verifies them", () => {
    expect(verifiedDigest([comment], HEAD, KEY).digestLine).toMatch(new RegExp(`^<!-- golive:plan-digest \\{"v":\\d+,"commit":"${HEAD}"`));
    // the deploy reads these: five flags of edge-production, and a review that is incomplete (steps failed)
    expect(verifiedDigest([comment], HEAD, KEY).flags).toMatchObject({
      count: 5,
      complete: false,
      stacks: { "edge-production": { "dmarc-weakened": 3, "dkim-removed": 1, "lb-weights-moved": 1 } },
    });
    expect(verifiedDigest([comment], HEAD, `${KEY}x`).digestLine).toBeUndefined();
  });

  test("golive/plan-review fails on the head commit naming what failed; the comment is posted and the labels follow the plans", () => {
    expect(verdict).toMatchObject({ state: "failure", add: ["golive:destroy", "golive:risk"], remove: ["golive:replace"] });
    expect(published.comments).toEqual([comment]);
    expect(published.added).toEqual(["golive:destroy", "golive:risk"]);
    expect(published.removed).toEqual(["golive:replace"]);
    expect(published.statuses).toEqual([
      {
        owner: "o",
        repo: "r",
        sha: HEAD,
        state: "failure",
        context: "golive/plan-review",
        target_url: RUN_URL,
        description:
          "incomplete review of 0123456789ab: plan (staging), pr data (invalid), secret scan, configuration diff (edge and monitoring) failed",
      },
    ]);
    expect(published.failed).toContain("secret scan, configuration diff (edge and monitoring) failed");
  });
});

describe("pr-review.yml's last step keeps one golive comment: a look-alike beside it is deleted", () => {
  const bot = { login: "github-actions[bot]", type: "Bot" };
  const at = (id: number) => `https://github.com/o/r/pull/7#issuecomment-${id}`;
  const ours = { id: 2, user: bot, html_url: at(2), body: `${COMMENT_MARKER}\n## golive plan review\n\nan older review\n` };
  // a pull request's own pr.yml, given pull-requests: write, posts it as github-actions[bot]
  const forged = { id: 5, user: bot, html_url: at(5), body: `${COMMENT_MARKER}\n## golive plan review\n\nNo changes. No risk flags.\n` };
  const person = { id: 6, user: { login: "mallory", type: "User" }, html_url: at(6), body: `${COMMENT_MARKER}\nNo risk flags.\n` };
  const verdict = JSON.stringify({ state: "failure", description: "3 risk flag(s) of 0123456789ab not accepted", add: [], remove: [] });

  test("fails on nothing: the review updates the first, deletes every other github-actions[bot] comment, names each, warns of a person's marker comment, and sets the status", async () => {
    const out = await publish({ "verdict.json": verdict, "plan-comment.md": "the signed review" }, {}, [ours, forged, person]);
    expect(out.comments).toEqual(["the signed review"]);
    expect(out.deleted).toEqual([5]); // a person's comment is no candidate: warned of, it blocks nothing
    expect(out.warnings).toEqual([
      `${at(6)}, by mallory, carries golive's review marker (golive:plan-report) but is not golive's (not github-actions[bot]): if it reads like a review, it is a look-alike; only the signed review's flags count (this comment blocks nothing)`,
      `deleted ${at(5)}: a github-actions[bot] comment this review did not post (another workflow's token posted it)`,
    ]);
    expect(out.statuses.map((s) => s.state)).toEqual(["failure"]);
  });

  test("a look-alike that cannot be deleted is named, and the status is still set", async () => {
    const { github, posted } = postingApi([ours, forged]);
    const warnings: string[] = [];
    const refusing = {
      ...github,
      rest: { ...github.rest, issues: { ...github.rest.issues, deleteComment: async () => Promise.reject(new Error("Not Found")) } },
    };
    await runGithubScript(scriptOf("post the review comment"), {
      github: refusing,
      context: reviewRunContext("o", "r"),
      core: { setFailed: () => undefined, notice: () => undefined, warning: (m: string) => void warnings.push(m) },
      env: {
        HEAD_SHA: HEAD,
        REVIEW_RUN_URL: RUN_URL,
        GITHUB_WORKSPACE: checkoutWorkspace("golive-pr-publish-"),
        PR_NUMBER: "7",
        STALE: "false",
      },
    });
    expect(warnings).toEqual([
      `${at(5)}, a github-actions[bot] comment this review did not post, could not be deleted (Not Found): delete it by hand`,
    ]);
    expect(posted.statuses.map((s) => s.state)).toEqual(["failure"]);
  });
});

describe("pr-review.yml's last step when steps before it failed", () => {
  test("no verdict and no comment (the job broke early): a comment that says the review of the commit failed, and a failing status", async () => {
    const out = await publish({}, {});
    expect(out.comments).toHaveLength(1);
    expect(out.comments[0]).toContain(`${COMMENT_MARKER}\n## golive plan review\n`);
    expect(out.comments[0]).toContain(`No review of \`${HEAD}\`:** the review of 0123456789ab failed before its verdict`);
    expect(out.statuses.map((s) => [s.sha, s.state])).toEqual([[HEAD, "failure"]]);
  });

  test("a pull request pushed again since: the status of the old commit is set, its comment and labels are left to the new one", async () => {
    const verdict = JSON.stringify({ state: "success", description: "1 stack(s) reviewed", add: ["golive:risk"], remove: [] });
    const out = await publish({ "verdict.json": verdict, "plan-comment.md": "x" }, { STALE: "true" });
    expect([out.comments, out.added]).toEqual([[], []]);
    expect(out.statuses.map((s) => [s.sha, s.state])).toEqual([[HEAD, "success"]]);
    expect(out.failed).toBeUndefined();
  });

  test("no open pull request for the head: only the status, failing", async () => {
    const verdict = JSON.stringify({
      state: "failure",
      description: "incomplete review: pull request (none open with this head) failed",
      add: [],
      remove: [],
    });
    const out = await publish({ "verdict.json": verdict }, { PR_NUMBER: "" });
    expect(out.comments).toEqual([]);
    expect(out.statuses.map((s) => s.state)).toEqual(["failure"]);
  });
});
