import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnCollect, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { reviewVerdict } from "../../scripts/ci/review-verdict";
import { type AcceptanceRecord, parseAcceptance, riskAcceptance } from "../../scripts/ci/risk-acceptance";
import { isRecord, runGithubScript, stepNamed } from "./support";

// The label golive:risks-accepted accepts the flags of the head it was added on, by a reviewer who is
// not the author: pr-review.yml records who added it and when from GitHub's API, the verdict decides.
// One pull request's history, as the API gives it: alice opens it on A, bob (write) adds the label,
// alice pushes B with a new flag.
const A = "a".repeat(40);
const B = "b".repeat(40);
const WORKFLOW_ID = 161335;

const user = (login: string) => ({ login, id: login.length, type: login.endsWith("[bot]") ? "Bot" : "User" });
/** A `labeled` item of GET /repos/{o}/{r}/issues/{n}/timeline. */
const labeled = (login: string, at: string, name = "golive:risks-accepted") => ({
  id: Date.parse(at),
  node_id: "LE_kwDOA",
  url: "https://api.github.com/repos/o/r/issues/events/1",
  actor: user(login),
  event: "labeled",
  commit_id: null,
  commit_url: null,
  created_at: at,
  label: { name, color: "0e8a16" },
  performed_via_github_app: null,
});
/** A `committed` timeline item: its dates are the author's to write (here: long after everything). */
const committed = (sha: string) => ({
  sha,
  node_id: "C_kwDOA",
  event: "committed",
  author: { name: "alice", email: "alice@example.com", date: "2031-01-01T00:00:00Z" },
  committer: { name: "alice", email: "alice@example.com", date: "2031-01-01T00:00:00Z" },
  message: "change",
});
/** An item of GET /repos/{o}/{r}/actions/workflows/{id}/runs (and the workflow_run event's run). */
const run = (id: number, sha: string, at: string, repo = "o/r") => ({
  id,
  name: "pr",
  head_branch: "feature",
  head_sha: sha,
  event: "pull_request",
  status: "completed",
  conclusion: "success",
  workflow_id: WORKFLOW_ID,
  created_at: at,
  run_started_at: at,
  pull_requests: repo === "o/r" ? [{ number: 7, head: { ref: "feature", sha } }] : [],
  head_repository: { full_name: repo, owner: { login: repo.split("/")[0] } },
});
const pull = (head: string, labels: readonly string[]) => ({
  number: 7,
  user: user("alice"),
  head: { sha: head, ref: "feature", repo: { full_name: "o/r" } },
  base: { ref: "main", sha: "c".repeat(40) },
  labels: labels.map((name) => ({ name })),
});

const RUNS = [run(1, A, "2026-03-02T10:00:03Z"), run(2, A, "2026-03-02T10:20:02Z"), run(3, B, "2026-03-02T10:30:04Z")];
const BOB_ACCEPTS = [committed(A), labeled("bob", "2026-03-02T10:20:00Z"), committed(B)];

interface Scene {
  readonly reviewed: ReturnType<typeof run>;
  readonly timeline: readonly unknown[];
  readonly runs?: readonly unknown[];
  readonly permissions?: Readonly<Record<string, string>>;
  readonly failTimeline?: boolean;
}

/** pr-review.yml's "find the pull request" step on `scene`, with stand-ins for the API: the record it writes, and its warnings. */
async function record(scene: Scene): Promise<{ text: string | undefined; warnings: string[] }> {
  const root = tempDir("golive-acceptance-");
  const warnings: string[] = [];
  const pages: Record<string, readonly unknown[]> = {
    pulls: [pull(scene.reviewed.head_sha, ["golive:risk", "golive:risks-accepted"])],
    timeline: scene.timeline,
    runs: [...(scene.runs ?? RUNS), run(9, A, "2026-03-02T10:25:00Z", "mallory/r")],
    artifacts: [],
  };
  const github = {
    paginate: async (method: string) => {
      if (method === "timeline" && scene.failTimeline) throw new Error("Resource not accessible by integration");
      return pages[method] ?? [];
    },
    rest: {
      pulls: { list: "pulls" },
      issues: { listEventsForTimeline: "timeline" },
      actions: { listWorkflowRuns: "runs", listWorkflowRunArtifacts: "artifacts" },
      repos: {
        getCollaboratorPermissionLevel: async (a: { username: string }) => {
          const permission = (scene.permissions ?? { bob: "write" })[a.username];
          if (permission === undefined) throw new Error("Not Found");
          return { data: { permission, role_name: permission, user: user(a.username) } };
        },
      },
    },
  };
  const step = stepNamed("pr-review.yml", "find the pull request");
  await runGithubScript(String(isRecord(step.with) ? step.with.script : ""), {
    github,
    context: { repo: { owner: "o", repo: "r" }, payload: { workflow_run: scene.reviewed, repository: { default_branch: "main" } } },
    core: { setOutput: () => undefined, warning: (m: string) => void warnings.push(m) },
    env: { GITHUB_WORKSPACE: root, RUNNER_TEMP: join(root, "_temp") },
  });
  const file = join(root, "review", "acceptance.json");
  return { text: existsSync(file) ? readFileSync(file, "utf8") : undefined, warnings };
}

const REPORT = JSON.stringify({ totals: { delete: 0, replace: 0 }, riskCount: 9, failures: [], stacks: [{ stack: "secrets-production" }] });
const verdictOn = (commit: string, acceptance: AcceptanceRecord | undefined, report = REPORT) =>
  reviewVerdict({ report, failedSteps: [], labels: ["golive:risk", "golive:risks-accepted"], commit, acceptance });

describe("golive:risks-accepted accepts the head it was added on, by a reviewer other than the author", () => {
  test("pr-review.yml records the label's events, the pr runs of the pull request's branch and the accepter's permission, from the API", async () => {
    const { text } = await record({ reviewed: RUNS[2] ?? run(3, B, ""), timeline: BOB_ACCEPTS });
    expect(JSON.parse(text ?? "null")).toEqual({
      author: "alice",
      head: B,
      labelEvents: [{ event: "labeled", actor: "bob", at: "2026-03-02T10:20:00Z" }],
      permissions: { bob: "write" },
      // the fork's run of the same branch name is not this pull request's
      runs: [
        { sha: A, at: "2026-03-02T10:00:03Z" },
        { sha: A, at: "2026-03-02T10:20:02Z" },
        { sha: B, at: "2026-03-02T10:30:04Z" },
        { sha: B, at: "2026-03-02T10:30:04Z" },
      ],
    });
  });

  test("bob's label accepts A, the head he added it on; after alice pushes B it accepts nothing and is removed", async () => {
    const onA = await record({ reviewed: run(2, A, "2026-03-02T10:20:02Z"), timeline: BOB_ACCEPTS, runs: RUNS.slice(0, 2) });
    expect(verdictOn(A, parseAcceptance(onA.text))).toEqual({
      state: "success",
      description: "1 stack(s) reviewed at aaaaaaaaaaaa; 9 risk flag(s) accepted by bob (golive:risks-accepted)",
      add: [],
      remove: [],
    });
    const onB = await record({ reviewed: run(3, B, "2026-03-02T10:30:04Z"), timeline: BOB_ACCEPTS });
    expect(verdictOn(B, parseAcceptance(onB.text))).toEqual({
      state: "failure",
      description: "9 risk flag(s) in the plans of bbbbbbbbbbbb: golive:risks-accepted: added by bob before this head was pushed: removed",
      add: [],
      remove: ["golive:risks-accepted"],
    });
  });

  test("the author adding it again is refused; so is an app, and anyone without write access; a reviewer's new label accepts B", async () => {
    const onB = (...more: unknown[]) => record({ reviewed: run(4, B, "2026-03-02T11:00:02Z"), timeline: [...BOB_ACCEPTS, ...more] });
    const later = (login: string) => labeled(login, "2026-03-02T11:00:00Z");
    const cases: [string, string][] = [
      ["alice", "added by the pull request's author alice: removed"],
      ["github-actions[bot]", "added by the app github-actions[bot], not a person: removed"],
      ["carol", "added by carol, who has none access, not write: removed"],
    ];
    for (const [login, reason] of cases) {
      const v = verdictOn(B, parseAcceptance((await onB(later(login))).text));
      expect({ login, state: v.state, description: v.description, remove: v.remove }).toEqual({
        login,
        state: "failure",
        description: `9 risk flag(s) in the plans of bbbbbbbbbbbb: golive:risks-accepted: ${reason}`,
        remove: ["golive:risks-accepted"],
      });
    }
    const reviewer = await onB(later("bob"));
    expect(verdictOn(B, parseAcceptance(reviewer.text)).state).toBe("success");
  });

  test("no record (the API could not be read): the label accepts nothing, and is left for the next review", async () => {
    const failed = await record({ reviewed: run(3, B, "2026-03-02T10:30:04Z"), timeline: BOB_ACCEPTS, failTimeline: true });
    expect(failed.text).toBeUndefined();
    expect(failed.warnings[0]).toBe(
      "who accepted the risks could not be read (Resource not accessible by integration): the label accepts nothing in this review",
    );
    expect(verdictOn(B, undefined)).toEqual({
      state: "failure",
      description:
        "9 risk flag(s) in the plans of bbbbbbbbbbbb: golive:risks-accepted: who added it, and when, is not on record (see the review run)",
      add: [],
      remove: [],
    });
  });
});

describe("riskAcceptance (scripts/ci/risk-acceptance.ts)", () => {
  const base: AcceptanceRecord = {
    author: "alice",
    head: B,
    labelEvents: [{ event: "labeled", actor: "bob", at: "2026-03-02T10:40:00Z" }],
    runs: [
      { sha: A, at: "2026-03-02T10:00:03Z" },
      { sha: B, at: "2026-03-02T10:30:04Z" },
    ],
    permissions: { bob: "admin" },
  };

  test("a head pushed again after another: the label must postdate its latest stretch as the head, not its first run", () => {
    // B ran at 09:00, A at 10:00, B again from 10:30 (a force push back to it): bob's label at 10:40 is of this stretch
    const back = { ...base, runs: [{ sha: B, at: "2026-03-02T09:00:00Z" }, ...base.runs, { sha: B, at: "2026-03-02T10:50:00Z" }] };
    expect(riskAcceptance(back, B)).toEqual({ state: "accepted", by: "bob" });
    // A was the head again at 10:45: B's stretch starts with its run at 10:50, after bob's label
    const afterA = { ...back, runs: [...back.runs, { sha: A, at: "2026-03-02T10:45:00Z" }] };
    expect(riskAcceptance(afterA, B)).toEqual({ state: "refused", reason: "added by bob before this head was pushed" });
  });

  test("the last time the label was added counts; a record of another commit, no run of the head or an unreadable time accepts nothing", () => {
    const again = {
      ...base,
      labelEvents: [...base.labelEvents, { event: "unlabeled" as const, actor: "bob", at: "2026-03-02T10:41:00Z" }],
    };
    const byAlice = {
      ...again,
      labelEvents: [...again.labelEvents, { event: "labeled" as const, actor: "alice", at: "2026-03-02T10:42:00Z" }],
    };
    expect(riskAcceptance(byAlice, B)).toEqual({ state: "refused", reason: "added by the pull request's author alice" });
    expect(riskAcceptance(base, A).state).toBe("unknown");
    expect(riskAcceptance({ ...base, runs: [{ sha: A, at: "2026-03-02T10:00:03Z" }] }, B)).toEqual({
      state: "unknown",
      reason: "added by bob; no pr run says when this head was pushed",
    });
    expect(riskAcceptance({ ...base, labelEvents: [{ event: "labeled", actor: "bob", at: "yesterday" }] }, B).state).toBe("refused");
    expect(parseAcceptance('{"author": "alice"}')).toBeUndefined();
    expect(parseAcceptance("not json")).toBeUndefined();
  });

  test("a plan without flags keeps a valid label and drops a refused one", () => {
    const clean = JSON.stringify({ totals: {}, riskCount: 0, failures: [], stacks: [] });
    expect(verdictOn(B, base, clean)).toMatchObject({ state: "success", remove: ["golive:risk"] });
    expect(verdictOn(B, { ...base, permissions: { bob: "read" } }, clean)).toMatchObject({
      state: "success",
      remove: ["golive:risk", "golive:risks-accepted"],
    });
  });
});

describe("scripts/ci/plan-review-verdict.ts --acceptance, as pr-review.yml runs it", () => {
  test("the audit's case: a label from before the head was pushed no longer passes the gate, and is removed", async () => {
    const dir = tempDir("golive-verdict-");
    mkdirSync(join(dir, "review"));
    const files = { report: join(dir, "review", "plan-report.json"), acceptance: join(dir, "review", "acceptance.json") };
    writeFileSync(files.report, REPORT);
    writeFileSync(join(dir, "review", "failed-steps.txt"), "");
    const bobOnA = [{ event: "labeled", actor: "bob", at: "2026-03-02T10:20:00Z" }];
    const runs = RUNS.map((r) => ({ sha: r.head_sha, at: r.created_at }));
    writeFileSync(files.acceptance, JSON.stringify({ author: "alice", head: B, permissions: { bob: "write" }, labelEvents: bobOnA, runs }));
    const verdict = join(dir, "review", "verdict.json");
    const args = ["--commit", B, "--report", files.report, "--failed-steps", join(dir, "review", "failed-steps.txt")];
    const labels = ["--labels", '["golive:risks-accepted"]', "--output", verdict];
    const register = join(REPO_ROOT, "lib", "runtime", "register-ts.js");
    const script = join(REPO_ROOT, "scripts", "ci", "plan-review-verdict.ts");
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
    const out = await spawnCollect(process.execPath, ["-r", register, script, ...args, ...labels, "--acceptance", files.acceptance], {
      cwd: REPO_ROOT,
      env,
    });
    expect({ code: out.code, stderr: out.stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(readFileSync(verdict, "utf8"))).toMatchObject({ state: "failure", remove: ["golive:risks-accepted"] });
    expect(stepNamed("pr-review.yml", "verdict").run).toContain("--acceptance ../review/acceptance.json");
  });
});
