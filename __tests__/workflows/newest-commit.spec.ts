import { readdirSync } from "node:fs";
import { dirname } from "node:path";
import { spawnCollect } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { newestCommitCheck } from "../../scripts/ci/newest-commit-check";
import { REPOSITORY } from "./github-api";
import { type GithubApiServer, githubApiServer, JOB_TOKEN } from "./github-api-server";
import { DIR, isRecord, jobsOf, stepsIn, workflow } from "./support";

// Issue 14, "the applied plan is not the reviewed plan": a re-run of an old deploy run keeps its commit
// (GITHUB_SHA), whose signed review and approvals still verify, and applied it over what was merged
// after it. Every job that applies checks that its run's commit is main's newest, before any credential.

const SCRIPT = "scripts/ci/newest-commit.ts";
const MAIN_HEAD = "9".repeat(40);
const REVERTED = "a".repeat(40); // an older commit of main: the change a later revert undid
const FILES = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

let api: GithubApiServer;
beforeAll(async () => {
  api = await githubApiServer();
});
afterAll(() => api.close());
beforeEach(() => {
  api.heads.clear();
  api.heads.set("main", MAIN_HEAD);
  api.answer = undefined;
  api.requests.length = 0;
});

/** The runner's variables of a step of run `sha`, pointed at the stand-in. */
function runnerEnv(sha: string, extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return {
    PATH: `${dirname(process.execPath)}:${process.env.PATH ?? "/usr/bin:/bin"}`,
    HOME: REPO_ROOT,
    GITHUB_SHA: sha,
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_API_URL: api.url,
    GITHUB_TOKEN: JOB_TOKEN,
    ...extra,
  };
}

/** scripts/ci/newest-commit.ts as the workflows run it (node with golive's loader), as a process. */
function checkProcess(args: readonly string[], env: NodeJS.ProcessEnv) {
  return spawnCollect(process.execPath, ["-r", "./lib/runtime/register-ts.js", SCRIPT, ...args], { cwd: REPO_ROOT, env });
}

/** The same check in this process (its entry point only passes argv, env and console.log): cheaper per case. */
async function check(args: readonly string[], env: NodeJS.ProcessEnv) {
  const lines: string[] = [];
  const code = await newestCommitCheck(args, env, { log: (line) => lines.push(line) });
  return { code, stdout: lines.map((l) => `${l}\n`).join(""), stderr: "" };
}

/** The one line a run printed, its exit code and stderr. */
const outcome = (run: { code: number; stdout: string; stderr: string }) => ({
  code: run.code,
  lines: run.stdout.trimEnd().split("\n"),
  stderr: run.stderr,
});

describe("scripts/ci/newest-commit.ts (a process, against a loopback GitHub API)", () => {
  test("goes on when the run's commit is main's newest, read as refs/heads/main with the job's token", async () => {
    const run = outcome(await checkProcess(["--branch", "main", "--environment", "production"], runnerEnv(MAIN_HEAD)));
    expect(run).toEqual({ code: 0, lines: [`${MAIN_HEAD} is the newest commit of main: going on`], stderr: "" });
    expect(api.requests).toEqual([
      {
        method: "GET",
        path: `/repos/${REPOSITORY}/git/ref/heads/main`,
        authorization: `Bearer ${JOB_TOKEN}`,
        accept: "application/vnd.github+json",
      },
    ]);
  });

  test("fails on a re-run of an older commit: one line naming both commits, and what to do instead", async () => {
    const run = outcome(await check(["--branch", "main", "--environment", "production"], runnerEnv(REVERTED)));
    expect(run).toEqual({
      code: 1,
      lines: [
        `::error::this run is of ${REVERTED}, but the newest commit of main is ${MAIN_HEAD}: nothing is applied from an older commit (a re-run keeps its run's commit, and applying it would undo what was merged after it). Act on main as it is: the deploy of 999999999999 (deploy.yml: it follows this run, or re-run it), or start this workflow again; undo a change with a revert pull request; in an emergency, \`golive release rollback production --now\` from an operator's machine (runbooks/rollback.md)`,
      ],
      stderr: "",
    });
  });

  test("fails closed when main's newest commit cannot be read: unknown branch, refused token, no reference, no server", async () => {
    const unread = (why: string) =>
      `::error::the newest commit of main could not be read from GitHub (${why}): nothing is applied while it is unknown; re-run this job (its token needs contents: read)`;
    api.heads.clear();
    expect(outcome(await check(["--branch", "main"], runnerEnv(MAIN_HEAD)))).toEqual({
      code: 1,
      lines: [unread("HTTP 404: Not Found")],
      stderr: "",
    });
    api.heads.set("main", MAIN_HEAD);
    expect(outcome(await check(["--branch", "main"], runnerEnv(MAIN_HEAD, { GITHUB_TOKEN: "another token" })))).toEqual({
      code: 1,
      lines: [unread("HTTP 401: Bad credentials")],
      stderr: "",
    });
    // a 200 that is not the reference of main with a commit (a tag's, a list, a short sha) proves nothing
    for (const body of [
      { ref: "refs/tags/main", object: { sha: MAIN_HEAD, type: "commit" } },
      [{ ref: "refs/heads/main", object: { sha: MAIN_HEAD, type: "commit" } }],
      { ref: "refs/heads/main", object: { sha: MAIN_HEAD.slice(0, 12), type: "commit" } },
    ]) {
      api.answer = { status: 200, body: JSON.stringify(body) };
      expect(outcome(await check(["--branch", "main"], runnerEnv(MAIN_HEAD)))).toEqual({
        code: 1,
        lines: [unread("HTTP 200, but not the reference refs/heads/main with a commit")],
        stderr: "",
      });
    }
    const closed = await check(["--branch", "main"], runnerEnv(MAIN_HEAD, { GITHUB_API_URL: "http://127.0.0.1:9" }));
    expect({ code: closed.code, line: closed.stdout }).toEqual({
      code: 1,
      line: expect.stringMatching(
        /^::error::the newest commit of main could not be read from GitHub \(no answer: .*\): nothing is applied/,
      ),
    });
  });

  test("a branch with a slash in its name is asked for as refs/heads/<name>, each segment kept", async () => {
    api.heads.set("release/2031", MAIN_HEAD);
    const run = await check(["--branch", "release/2031"], runnerEnv(MAIN_HEAD));
    expect({ code: run.code, path: api.requests[0]?.path }).toEqual({ code: 0, path: `/repos/${REPOSITORY}/git/ref/heads/release/2031` });
  });

  test("fails as a usage error (exit 2, one line, GitHub not asked) without --branch or a runner variable", async () => {
    const cases: [readonly string[], NodeJS.ProcessEnv, string][] = [
      [[], runnerEnv(MAIN_HEAD), `usage: --branch: got "", expected a branch name (main)`],
      [["--branch", "main", "--force"], runnerEnv(MAIN_HEAD), `usage: "--force": expected --branch NAME [--environment NAME]`],
      [["--branch", "../main"], runnerEnv(MAIN_HEAD), `usage: --branch: got "../main", expected a branch name (main)`],
      [
        ["--branch", "main"],
        runnerEnv(MAIN_HEAD, { GITHUB_SHA: "" }),
        `GITHUB_SHA: got "", expected the run's 40-character commit (set by the runner)`,
      ],
      [
        ["--branch", "main"],
        runnerEnv(MAIN_HEAD, { GITHUB_TOKEN: "" }),
        "GITHUB_TOKEN is empty: give the step `GITHUB_TOKEN: ${{ github.token }}` (the job needs contents: read)",
      ],
    ];
    for (const [args, env, message] of cases)
      expect(outcome(await check(args, env))).toEqual({
        code: 2,
        lines: [`::error::newest-commit: ${message}; nothing is applied`],
        stderr: "",
      });
    expect(api.requests).toEqual([]);
  });
});

/** The steps that hold a cloud credential or act on the environment: any secret, an AWS role, terraform, golive, cdktf. */
const acts = (step: Record<string, unknown>) =>
  String(step.uses).startsWith("aws-actions/configure-aws-credentials@") ||
  JSON.stringify(step).includes("secrets.") ||
  (typeof step.run === "string" && /\b(?:terraform|golive|cdktf|npx|aws)\b/.test(step.run));

const isCheck = (step: Record<string, unknown>) => typeof step.run === "string" && step.run.includes(SCRIPT);

/** Every job that runs in a deploy environment (a GitHub environment holding the deploy secrets and role): all but plan-review's. */
function deployJobs(): { readonly where: string; readonly job: Record<string, unknown> }[] {
  return FILES.flatMap((file) =>
    jobsOf(workflow(file))
      .filter(([, job]) => job.environment !== undefined && job.environment !== "plan-review")
      .map(([name, job]) => ({ where: `${file} ${name}`, job })),
  );
}

describe("every deploy path applies only main's newest commit", () => {
  test("every job in a deploy environment checks it after npm ci and before its first credential, secret, terraform or golive step", () => {
    const jobs = deployJobs();
    expect(jobs.map((j) => j.where)).toEqual(
      expect.arrayContaining(["deploy-admin.yml secrets", "deploy-environment.yml deploy", "release.yml release", "rollback.yml deploy"]),
    );
    // deploy.yml deploys through deploy-environment.yml only, and only pushes to main start it
    const deploy = workflow("deploy.yml");
    expect(deploy.on).toEqual({ push: { branches: ["main"] } });
    expect(
      jobsOf(deploy)
        .filter(([, job]) => job.uses !== undefined && job.uses !== "./.github/workflows/review.yml")
        .map(([, job]) => job.uses),
    ).toEqual(["./.github/workflows/deploy-environment.yml"]);
    for (const { where, job } of jobs) {
      const steps = stepsIn(job);
      const checkAt = steps.findIndex(isCheck);
      const npmCi = steps.findIndex((s) => typeof s.run === "string" && /\bnpm ci\b/.test(s.run));
      const firstActing = steps.findIndex(acts);
      expect({ where, checked: checkAt >= 0, afterNpmCi: checkAt > npmCi && npmCi >= 0, beforeActing: checkAt < firstActing }).toEqual({
        where,
        checked: true,
        afterNpmCi: true,
        beforeActing: true,
      });
      const step = steps[checkAt] ?? {};
      // main, the branch deploy.yml deploys; the job token only in this step, and a read-only one
      expect({ where, run: step.run, env: step.env, contents: isRecord(job.permissions) ? job.permissions.contents : undefined }).toEqual({
        where,
        run: `node -r ./lib/runtime/register-ts.js ${SCRIPT} --branch main --environment "$ENVIRONMENT"`,
        env: { GITHUB_TOKEN: "${{ github.token }}" },
        contents: "read",
      });
      expect({ where, environment: isRecord(job.env) ? job.env.ENVIRONMENT : undefined }).toEqual({
        where,
        environment: expect.stringMatching(/^\$\{\{ inputs\.environment \}\}$/),
      });
    }
  });

  test("each deploy path's step, run as the workflow writes it, refuses a re-run of an older commit and lets main's newest through", async () => {
    // Each distinct step text is run once: the jobs share it, and every spawn costs a loader start.
    const seen = new Set<string>();
    for (const { where, job } of deployJobs()) {
      const step = stepsIn(job).find(isCheck);
      const script = String(step?.run);
      if (seen.has(script)) continue;
      seen.add(script);
      const run = (sha: string) =>
        spawnCollect("bash", ["-e", "-c", script], { cwd: REPO_ROOT, env: runnerEnv(sha, { ENVIRONMENT: "production" }) });
      const older = await run(REVERTED);
      expect({
        where,
        code: older.code,
        names: [REVERTED, MAIN_HEAD, "release rollback production --now"].every((s) => older.stdout.includes(s)),
      }).toEqual({
        where,
        code: 1,
        names: true,
      });
      expect({ where, code: (await run(MAIN_HEAD)).code }).toEqual({ where, code: 0 });
    }
  });
});
