import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { closeGoliveServer } from "./golive-server";
import { BRANCH, type Posted, postingApi, pull, REPOSITORY, reviewRunContext } from "./github-api";
import { checkoutWorkspace, HEAD, isRecord, reviewWorkspace, runGithubScript, stepNamed } from "./support";

afterAll(closeGoliveServer);

// The audit: pr-review.yml found the pull request by the run's head repository and branch alone, and
// checked the artifact against itself. A branch `evil-base` with a workflow named `pr` (no `branches:`
// filter), and a pull request from the victim's branch into it, made a pr run whose head is the victim's:
// pr-review signed its made-up "no changes" onto the victim's pull request. The run must be this
// repository's pr.yml and name exactly one pull request, into the default branch; a fork's names none.
const REPO_ID = 4242;
const into = (number: number, base: string) => ({
  id: number * 1000,
  number,
  url: `https://api.github.com/repos/${REPOSITORY}/pulls/${number}`,
  head: { ref: BRANCH, sha: HEAD, repo: { id: REPO_ID, name: "opsbot" } },
  base: { ref: base, sha: "c".repeat(40), repo: { id: REPO_ID, name: "opsbot" } },
});
/** #7, the victim's pull request into main; #9, the attacker's from the same branch into evil-base. */
const VICTIM = into(7, "main");
const ATTACK = into(9, "evil-base");

interface RunShape {
  readonly path: string;
  readonly pullRequests: readonly ReturnType<typeof into>[];
  readonly fork?: boolean;
  /** A fork's head repository other than alice/opsbot: its own pull request #12, from that repository. */
  readonly forkRepository?: string;
  readonly event?: string;
}

/** Runs `step` of pr-review.yml with stand-ins for the API: its outputs, warnings and the calls it made. */
async function runFind(step: string, shape: RunShape) {
  const root = checkoutWorkspace("golive-run-origin-");
  const outputs: Record<string, string> = {};
  const warnings: string[] = [];
  const calls: string[] = [];
  const statuses: Posted["statuses"] = [];
  const headRepo = shape.forkRepository ?? (shape.fork ? "alice/opsbot" : REPOSITORY);
  const forked = pull(HEAD, { fork: true });
  const pulls: Record<number, unknown> = {
    7: pull(HEAD, { fork: shape.fork }),
    9: { ...pull(HEAD, { fork: shape.fork }), number: 9, base: { ref: "evil-base", sha: "d".repeat(40), repo: { full_name: REPOSITORY } } },
    12: { ...forked, number: 12, head: { ...forked.head, repo: { full_name: headRepo } } },
  };
  const github = {
    paginate: async (method: string) => {
      calls.push(method);
      if (method === "pulls.list") return [pulls[shape.forkRepository ? 12 : 7]]; // by head: the victim's is what the old step took
      if (method === "artifacts") return [{ id: 99, name: "golive-pr-review", expired: false, size_in_bytes: 10 }];
      return [];
    },
    rest: {
      pulls: {
        list: "pulls.list",
        get: async (a: { pull_number: number }) => {
          calls.push(`get #${a.pull_number}`);
          return { data: pulls[a.pull_number] };
        },
      },
      issues: { listComments: "comments" },
      repos: { createCommitStatus: async (st: Posted["statuses"][number]) => void statuses.push(st) },
      actions: {
        listWorkflowRunArtifacts: "artifacts",
        downloadArtifact: async () => {
          calls.push("download");
          return { data: new ArrayBuffer(3) };
        },
        deleteArtifact: async () => void calls.push("delete"),
      },
    },
  };
  const run = {
    id: 31337,
    event: shape.event ?? "pull_request",
    path: shape.path,
    html_url: `https://github.com/${REPOSITORY}/actions/runs/31337`,
    head_branch: BRANCH,
    head_sha: HEAD,
    head_repository: { full_name: headRepo, owner: { login: headRepo.split("/")[0] } },
    pull_requests: shape.pullRequests,
  };
  const scriptStep = stepNamed("pr-review.yml", step);
  await runGithubScript(isRecord(scriptStep.with) ? String(scriptStep.with.script) : "", {
    github,
    context: {
      repo: { owner: "example-org", repo: "opsbot" },
      payload: { workflow_run: run, repository: { id: REPO_ID, full_name: REPOSITORY, default_branch: "main" } },
    },
    core: {
      setOutput: (k: string, v: string) => void (outputs[k] = v),
      warning: (m: string) => void warnings.push(m),
      notice: (m: string) => void warnings.push(m),
    },
    env: { RUNNER_TEMP: root, GITHUB_WORKSPACE: root },
  });
  return { outputs, warnings, calls, root, statuses };
}

const FIND = "find the pull request, download the pr run's data";
const PR = ".github/workflows/pr.yml";

describe("pr-review.yml reviews a pr run only for the one pull request into the default branch it names", () => {
  test.each([
    ["a pull request from the victim's branch into evil-base", { path: PR, pullRequests: [ATTACK] }],
    ["the same, while GitHub also names the victim's pull request", { path: PR, pullRequests: [VICTIM, ATTACK] }],
    ["another workflow file named like pr.yml", { path: ".github/workflows/evil.yml", pullRequests: [VICTIM] }],
    ["a run of this repository's branch that names no pull request", { path: PR, pullRequests: [] }],
  ])("fails closed for %s: no pull request, no data downloaded, a failed step that says why", async (_name, shape) => {
    const { outputs, calls, warnings } = await runFind(FIND, shape);
    expect(outputs.number).toBeUndefined();
    expect(outputs.problem).toMatch(/^pr run \(/);
    expect(calls.filter((c) => ["download", "artifacts", "pulls.list"].includes(c))).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining("is not reviewed: ")]);
  });

  test("the pr run of #7 into main: #7 found by the number the run names, its data downloaded, nothing failed", async () => {
    const { outputs, calls, statuses } = await runFind(FIND, { path: PR, pullRequests: [VICTIM] });
    expect(outputs).toEqual({ number: "7", base: "c".repeat(40), labels: "[]", stale: "false" });
    expect(calls).toEqual(["get #7", "artifacts", "download", "delete"]);
    expect(statuses).toEqual([expect.objectContaining({ sha: HEAD, state: "pending", context: "golive/plan-review" })]);
  });

  test("no golive/plan-review pending before the pull request is verified: a refused run of this repository sets none", async () => {
    const { statuses } = await runFind(FIND, { path: PR, pullRequests: [ATTACK] });
    expect(statuses).toEqual([]);
  });

  test("a fork's run (GitHub names no pull request): found by its head, and its review marked incomplete, never signed complete", async () => {
    const { outputs, root } = await runFind(FIND, { path: PR, pullRequests: [], fork: true });
    expect(outputs).toMatchObject({ number: "7", problem: "pull request (unverified - a fork run names none)" });
    // the unpack step makes it a failed step of the review: the signed flags record says incomplete
    const ws = reviewWorkspace("golive-run-origin-unpack-");
    const unpack = stepNamed("pr-review.yml", "unpack the pr run's data");
    const run = await ws.run(String(unpack.run), {
      HEAD_SHA: HEAD,
      DATA_OUTCOME: "success",
      PR_NUMBER: outputs.number ?? "",
      PR_PROBLEM: outputs.problem ?? "",
      PR_CONCLUSION: "success",
    });
    expect(run.status).toBe(0);
    expect(readFileSync(join(ws.root, "review", "failed-steps.txt"), "utf8")).toContain(
      "pull request (unverified - a fork run names none)\n",
    );
    expect(existsSync(join(root, "pr-data.zip"))).toBe(true);
  });

  // The audit: a status attaches to a commit. mallory pushes the victim's head commit (HEAD of #7) to her
  // fork and opens #12: its run has the victim's head_sha, and pr-review set pending, then failure
  // ("unverified"), onto #7's required check. A fork's run writes no status at all.
  test("fails when a fork's run carrying another pull request's head commit writes golive/plan-review: no pending, no final status", async () => {
    const shape = { path: PR, pullRequests: [], forkRepository: "mallory/opsbot" };
    const { outputs, statuses } = await runFind(FIND, shape);
    expect(outputs).toMatchObject({ number: "12", problem: "pull request (unverified - a fork run names none)" });
    expect(statuses).toEqual([]);
    const root = checkoutWorkspace("golive-run-origin-fork-publish-");
    const { github, posted } = postingApi();
    const publish = stepNamed("pr-review.yml", "post the review comment");
    const notices: string[] = [];
    await runGithubScript(isRecord(publish.with) ? String(publish.with.script) : "", {
      github,
      context: reviewRunContext("example-org", "opsbot", "mallory/opsbot"),
      core: { setFailed: () => undefined, notice: (m: string) => void notices.push(m), warning: () => undefined },
      env: { HEAD_SHA: HEAD, REVIEW_RUN_URL: "https://github.com/r/1", GITHUB_WORKSPACE: root, PR_NUMBER: "12", STALE: "false" },
    });
    expect(posted.statuses).toEqual([]);
    expect(posted.comments).toHaveLength(1); // the fork's pull request still gets its (incomplete) review
    expect(notices).toEqual([expect.stringContaining("a fork's run: no golive/plan-review status")]);
  });

  test("every failed step the find step can name is one `golive plan-report --failed-step` accepts", () => {
    const step = stepNamed("pr-review.yml", FIND);
    const script = isRecord(step.with) ? String(step.with.script) : "";
    const names = [...script.matchAll(/(?:refuse\(|setOutput\("problem", )"([^"]+)"/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThanOrEqual(4);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9 ._()-]{1,60}$/);
  });
});

describe("pr-review.yml's approval job recomputes the status only for the one pull request into the default branch a pr-approval run names", () => {
  const FIND_APPROVAL = "the open pull request of the branch";
  const APPROVAL = ".github/workflows/pr-approval.yml";

  test.each([
    ["a review on a pull request into evil-base", { path: APPROVAL, pullRequests: [ATTACK] }],
    ["another workflow file named like pr-approval.yml", { path: ".github/workflows/evil.yml", pullRequests: [VICTIM] }],
    ["a fork's run", { path: APPROVAL, pullRequests: [], fork: true }],
    [
      "a fork's run that names #7 (its status would attach to a commit another pull request may share)",
      { path: APPROVAL, pullRequests: [VICTIM], fork: true },
    ],
  ])("fails closed for %s: nothing recomputed", async (_name, shape) => {
    const { outputs, root } = await runFind(FIND_APPROVAL, { ...shape, event: "pull_request_review" });
    expect(outputs).toEqual({});
    expect(existsSync(join(root, "review", "comments.json"))).toBe(false);
  });

  test("a review of #7 into main: #7 and its head", async () => {
    const { outputs } = await runFind(FIND_APPROVAL, { path: APPROVAL, pullRequests: [VICTIM], event: "pull_request_review" });
    expect(outputs).toEqual({ number: "7", head: HEAD, labels: "[]" });
  });
});
