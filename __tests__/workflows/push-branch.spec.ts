import { execFileSync } from "node:child_process";
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { tempDir } from "../helpers/cli";
import { closeGoliveServer } from "./golive-server";
import { isRecord, jobsOf, type StepRun, stepNamed, stepSandbox, workflow } from "./support";

// The audit: a pull request opened with the GITHUB_TOKEN starts no workflow run (so pr.yml never reviews
// it and the deploy after its merge refuses the change), and with "Allow GitHub Actions to create and
// approve pull requests" off (docs/ci.md) it cannot be opened at all, which failed rollback.yml's propose
// job and skipped its deploy. The propose jobs now push a branch and link its pull request in the job
// summary. Here their steps run as the runner runs them, against a bare repository standing in for GitHub.
afterAll(closeGoliveServer);

// Built at run time: a token-shaped literal would fail the repository's own secret scan.
const TOKEN = ["ghs", "TheJobsToken0123456789abcdefghijklmn"].join("_");
const SERVER = "https://github.example";
const HEADER = `http.${SERVER}/.extraheader=AUTHORIZATION: basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`;
const PUSH = "bash scripts/ci/push-branch.sh";

const git = (cwd: string, ...args: string[]): string =>
  execFileSync("git", ["-c", "user.email=dev@example.com", "-c", "user.name=dev", ...args], { cwd, encoding: "utf8" }).trim();

/** config/production.yaml as a release left it: green live at 100 %, so `release rollback` has something to do. */
function released(): string {
  return readFileSync(join(EXAMPLE_CONFIG_DIR, "production.yaml"), "utf8").replace(
    "  live: blue\n  candidate: green\n  previous: blue\n  weights:\n    blue: 100\n    green: 0",
    "  live: green\n  candidate: blue\n  previous: blue\n  weights:\n    blue: 0\n    green: 100",
  );
}

/** Where the real git is (the logging stand-in on the steps' PATH execs it): looked up once. */
let realGit: string | undefined;
const gitPath = (): string => (realGit ??= execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim());

/** A bare origin and a checkout of `main` with `config` committed and pushed, as git left them. */
interface Template {
  readonly origin: string;
  readonly dotGit: string;
  readonly base: string;
}

const templates = new Map<string, Template>();

/**
 * The repositories of a base config, built once and copied per test: init, commit and push in every
 * test were most of this spec's processes. A copy is the same repository (the checkout's origin URL
 * rewritten to the copy's origin); only the stat data in its index is stale, which git re-reads.
 */
function template(config: string): Template {
  const built = templates.get(config);
  if (built) return built;
  const dir = tempDir("golive-push-template-");
  const origin = join(dir, "origin");
  const work = join(dir, "work");
  mkdirSync(origin);
  mkdirSync(join(work, "config"), { recursive: true });
  git(origin, "init", "-q", "--bare", "-b", "main");
  writeConfigs(work, config);
  git(work, "init", "-q", "-b", "main");
  writeFileSync(join(work, ".git", "info", "exclude"), "/lib\n/scripts\n/node_modules\n/cdktf.out\n/.bin\n/.fixtures\n/out\n");
  git(work, "add", "config");
  git(work, "commit", "-qm", "base");
  git(work, "remote", "add", "origin", origin);
  git(work, "push", "-q", "origin", "main");
  // No automatic gc or maintenance after each commit and push: processes no claim here is about.
  appendFileSync(join(work, ".git", "config"), "[gc]\n\tauto = 0\n[maintenance]\n\tauto = false\n");
  appendFileSync(join(origin, "config"), "[receive]\n\tautogc = false\n");
  const made = { origin, dotGit: join(work, ".git"), base: git(work, "rev-parse", "HEAD") };
  templates.set(config, made);
  return made;
}

function writeConfigs(dir: string, production: string): void {
  writeFileSync(join(dir, "config", "production.yaml"), production);
  copyFileSync(join(EXAMPLE_CONFIG_DIR, "staging.yaml"), join(dir, "config", "staging.yaml"));
}

/** A checkout of `main` (config/production.yaml committed) whose origin is a bare repository; every git call logged. */
async function checkout(config: string) {
  const box = stepSandbox("golive-push-branch-", []);
  const origin = tempDir("golive-push-origin-");
  const made = template(config);
  cpSync(made.origin, origin, { recursive: true });
  cpSync(made.dotGit, join(box.dir, ".git"), { recursive: true });
  const gitConfig = join(box.dir, ".git", "config");
  const remote = readFileSync(gitConfig, "utf8");
  if (!remote.includes(`url = ${made.origin}\n`)) throw new Error(`${gitConfig}: no origin ${made.origin}`);
  writeFileSync(gitConfig, remote.replace(`url = ${made.origin}\n`, `url = ${origin}\n`));
  mkdirSync(join(box.dir, "config"));
  writeConfigs(box.dir, config);
  const base = made.base;
  // Every git command the steps run, logged (the test reads which one got the token), then the real git.
  const log = join(box.dir, "out", "git.log");
  mkdirSync(join(box.dir, "out"));
  // Each call's arguments, then what git's environment configuration (GIT_CONFIG_KEY_0/_VALUE_0) gave it.
  writeFileSync(
    join(box.dir, ".bin", "git"),
    `#!/bin/sh\nprintf '%s | env %s=%s\\n' "$*" "\${GIT_CONFIG_KEY_0:-}" "\${GIT_CONFIG_VALUE_0:-}" >> "${log}"\nexec "${gitPath()}" "$@"\n`,
    { mode: 0o755 },
  );
  const output = join(box.dir, "out", "github-output");
  const summary = join(box.dir, "out", "summary.md");
  const runner = {
    ENVIRONMENT: "production",
    GITHUB_SERVER_URL: SERVER,
    GITHUB_REPOSITORY: "example-org/opsbot",
    GITHUB_RUN_ID: "4242",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
  };
  const read = (file: string) => (existsSync(file) ? readFileSync(file, "utf8") : "");
  return {
    ...box,
    origin,
    base,
    runner,
    gitCalls: () => read(log).trim().split("\n"),
    output: () => read(output),
    summary: () => read(summary),
    remoteBranches: () => git(origin, "for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads/"),
  };
}

const rollbackStep = () => String(stepNamed("rollback.yml", "golive release rollback").run);

let rollbackOnce: Promise<{ run: StepRun; config: string }> | undefined;

/**
 * rollback.yml's `golive release rollback` step on the released config, run once as the runner runs it:
 * its run, and config/production.yaml as it left it (the only file it writes). The tests of the push
 * start from that change; the config that already holds the rollback runs the step itself.
 */
function rollbackOfReleased(): Promise<{ run: StepRun; config: string }> {
  rollbackOnce ??= (async () => {
    const repo = await checkout(released());
    const run = await repo.run(rollbackStep(), repo.runner);
    return { run, config: readFileSync(join(repo.dir, "config", "production.yaml"), "utf8") };
  })();
  return rollbackOnce;
}

/** A checkout of the released config with the rollback step's change in its working tree, and that step's run. */
async function rolledBack() {
  const repo = await checkout(released());
  const { run, config } = await rollbackOfReleased();
  writeFileSync(join(repo.dir, "config", "production.yaml"), config);
  return { repo, rollback: run };
}

const rollbackPush = () => stepNamed("rollback.yml", "push the rollback branch");

describe("rollback.yml's drain input: `--drain` (runbooks/rollback.md), through the step environment only", () => {
  test("a boolean input, false by default, beside environment and deploy_now; the rollback and push steps get it as DRAIN; no run script holds an expression", () => {
    const doc = workflow("rollback.yml");
    const on = isRecord(doc.on) && isRecord(doc.on.workflow_dispatch) ? doc.on.workflow_dispatch.inputs : undefined;
    const inputs = isRecord(on) ? on : {};
    expect(Object.keys(inputs)).toEqual(["environment", "deploy_now", "drain"]);
    expect(inputs.drain).toMatchObject({ type: "boolean", default: false });
    for (const step of [stepNamed("rollback.yml", "golive release rollback"), rollbackPush()])
      expect(step.env).toMatchObject({ DRAIN: "${{ inputs.drain }}" });
    const runs = jobsOf(doc).flatMap(([, job]) =>
      (Array.isArray(job.steps) ? job.steps : []).filter(isRecord).map((s) => String(s.run ?? "")),
    );
    expect(runs.filter((r) => r.includes("${{"))).toEqual([]);
  });

  test.each([
    ["true", true],
    ["false", false],
    ["", false],
    // anything but the exact word adds nothing and runs nothing
    ['true" --dry-run; touch injected; echo "', false],
  ])("DRAIN=%j: release.drained written: %s", async (drain, drained) => {
    const repo = await checkout(released());
    const run = await repo.run(rollbackStep(), { ...repo.runner, DRAIN: drain });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
    const config = readFileSync(join(repo.dir, "config", "production.yaml"), "utf8");
    expect(config).toContain("phase: rolled-back");
    expect(config.includes("\n  drained: green\n")).toBe(drained);
    expect(existsSync(join(repo.dir, "injected"))).toBe(false);
    const pushed = await repo.run(String(rollbackPush().run), { ...repo.runner, PUSH_TOKEN: TOKEN, DEPLOY_NOW: "false", DRAIN: drain });
    expect(pushed.status).toBe(0);
    const commit = git(repo.origin, "rev-parse", "refs/heads/golive-rollback-production-4242-1");
    expect(git(repo.origin, "log", "-1", "--format=%b", commit)).toContain(
      `Deployed at once: false. Drained (--drain, the bad colour's pool disabled): ${drain || "false"}.`,
    );
  });
});
const releasePush = () => stepNamed("release.yml", "push the release branch");

describe("rollback.yml and release.yml push a branch and link its pull request (a workflow-opened pull request gets no review)", () => {
  test("rollback: the config change is committed by github-actions[bot], pushed to golive-rollback-<env>-<run id>-<attempt>, its commit output for the deploy job", async () => {
    const { repo, rollback } = await rolledBack();
    expect(rollback.status).toBe(0);
    const pushed = await repo.run(String(rollbackPush().run), { ...repo.runner, PUSH_TOKEN: TOKEN, DEPLOY_NOW: "true" });
    expect({ status: pushed.status, stderr: pushed.stderr }).toEqual({ status: 0, stderr: "" });
    const commit = git(repo.origin, "rev-parse", "refs/heads/golive-rollback-production-4242-1");
    expect(repo.output()).toBe(`commit=${commit}\n`);
    expect(repo.remoteBranches().split("\n").sort()).toEqual([`golive-rollback-production-4242-1 ${commit}`, `main ${repo.base}`]);
    // one commit on main, by the bot, changing the config file only
    expect(git(repo.origin, "rev-parse", `${commit}^`)).toBe(repo.base);
    expect(git(repo.origin, "log", "-1", "--format=%an <%ae>|%s", commit)).toBe(
      "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>|rollback(production): all traffic back on release.previous",
    );
    expect(git(repo.origin, "log", "-1", "--format=%b", commit)).toContain(
      "`golive release rollback production`.\nDeployed at once: true.",
    );
    expect(git(repo.origin, "diff", "--name-only", repo.base, commit)).toBe("config/production.yaml");
    expect(git(repo.origin, "show", `${commit}:config/production.yaml`)).toContain("phase: rolled-back");
    // the link a person opens the pull request from, and why
    const link = `${SERVER}/example-org/opsbot/compare/main...golive-rollback-production-4242-1?expand=1`;
    expect(repo.summary()).toContain(`[open this pull request](${link})`);
    expect(repo.summary()).toContain("Open this pull request: a human-opened pull request gets the plan review");
    expect(pushed.stdout).toContain(`::notice title=open the rollback pull request::${link}\n`);
  });

  test("the token reaches `git push` alone, as an extraheader in git's environment configuration: never in a command line or .git/config, never printed (masked before use)", async () => {
    const { repo } = await rolledBack();
    const pushed = await repo.run(String(rollbackPush().run), { ...repo.runner, PUSH_TOKEN: TOKEN });
    expect(pushed.status).toBe(0);
    const withToken = repo.gitCalls().filter((c) => c.includes("extraheader"));
    expect(withToken).toEqual([
      `-c core.hooksPath=/dev/null push --quiet origin ${git(repo.origin, "rev-parse", "refs/heads/golive-rollback-production-4242-1")}:refs/heads/golive-rollback-production-4242-1 | env ${HEADER}`,
    ]);
    expect(readFileSync(join(repo.dir, ".git", "config"), "utf8")).not.toMatch(/extraheader|x-access-token|ghs_/);
    const encoded = Buffer.from(`x-access-token:${TOKEN}`).toString("base64");
    const printed = `${pushed.stdout}${pushed.stderr}${repo.summary()}${repo.output()}`;
    expect(printed).not.toContain(TOKEN);
    // the encoded form appears once, in the mask command the runner swallows, before the push
    expect(printed.split(encoded)).toHaveLength(2);
    expect(pushed.stdout.split("\n")[0]).toBe(`::add-mask::${encoded}`);
  });

  test("the config already held the rollback: nothing committed or pushed, commit empty, so the deploy job deploys the dispatched commit", async () => {
    const repo = await checkout(
      readFileSync(join(EXAMPLE_CONFIG_DIR, "production.yaml"), "utf8").replace("  steps:", "  phase: rolled-back\n  steps:"),
    );
    const rollback = await repo.run(rollbackStep(), repo.runner);
    expect(rollback.stdout).toContain("nothing to roll back");
    const pushed = await repo.run(String(rollbackPush().run), { ...repo.runner, PUSH_TOKEN: TOKEN });
    expect({ status: pushed.status, stderr: pushed.stderr }).toEqual({ status: 0, stderr: "" });
    expect(repo.output()).toBe("commit=\n");
    expect(repo.remoteBranches()).toBe(`main ${repo.base}`);
    expect(repo.summary()).toBe("config/production.yaml already holds the rollback: no branch pushed, no pull request to open.\n");
    expect(git(repo.dir, "rev-parse", "HEAD")).toBe(repo.base);
    expect(repo.gitCalls().some((c) => c.includes("push"))).toBe(false);
  });

  test("a re-run of the whole workflow pushes a branch of its own (-<attempt>), never over the first attempt's", async () => {
    const { repo } = await rolledBack();
    const pushed = await repo.run(String(rollbackPush().run), { ...repo.runner, GITHUB_RUN_ATTEMPT: "2", PUSH_TOKEN: TOKEN });
    expect(pushed.status).toBe(0);
    expect(repo.remoteBranches()).toContain("golive-rollback-production-4242-2 ");
    expect(repo.summary()).toContain("/compare/main...golive-rollback-production-4242-2?expand=1");
  });

  test("without a token it fails in one line, pushing nothing", async () => {
    const { repo } = await rolledBack();
    const pushed = await repo.run(String(rollbackPush().run), { ...repo.runner, PUSH_TOKEN: "" });
    expect(pushed.status).toBe(1);
    expect(pushed.stdout).toMatch(/^::error::PUSH_TOKEN is empty: the rollback branch cannot be pushed/);
    expect(repo.remoteBranches()).toBe(`main ${repo.base}`);
  });

  test("release: the config the watch left is pushed to golive-release-<env>-<run id>-<attempt>; the inputs reach the commit message as data, never as shell", async () => {
    const repo = await checkout(readFileSync(join(EXAMPLE_CONFIG_DIR, "production.yaml"), "utf8"));
    const left = released();
    const write = await repo.run(String(stepNamed("release.yml", "write the config the release left").run), {
      ...repo.runner,
      CONFIG: Buffer.from(left).toString("base64"),
    });
    expect(write.status).toBe(0);
    const build = "v1.2.3 $(touch pwned) `touch pwned2`";
    const pushed = await repo.run(String(releasePush().run), { ...repo.runner, PUSH_TOKEN: TOKEN, BUILD: build, OUTCOME: "released" });
    expect({ status: pushed.status, stderr: pushed.stderr }).toEqual({ status: 0, stderr: "" });
    expect(existsSync(join(repo.dir, "pwned")) || existsSync(join(repo.dir, "pwned2"))).toBe(false);
    const commit = git(repo.origin, "rev-parse", "refs/heads/golive-release-production-4242-1");
    expect(git(repo.origin, "log", "-1", "--format=%s", commit)).toBe(`release(production): ${build} released`);
    expect(`${git(repo.origin, "show", `${commit}:config/production.yaml`)}\n`).toBe(left); // byte for byte (git() trims)
    expect(repo.summary()).toContain(`(${SERVER}/example-org/opsbot/compare/main...golive-release-production-4242-1?expand=1)`);
  });

  test("a repository with branches named `release` and `rollback` still gets both pushes (git cannot create release/... next to a branch release)", async () => {
    // The audit's run: "cannot lock ref 'refs/heads/release/production-4242': 'refs/heads/release' exists", after the watch changed Cloudflare.
    const { repo } = await rolledBack();
    git(repo.dir, "push", "-q", "origin", "main:refs/heads/release", "main:refs/heads/rollback");
    const pushedRollback = await repo.run(String(rollbackPush().run), { ...repo.runner, PUSH_TOKEN: TOKEN });
    expect({ status: pushedRollback.status, stderr: pushedRollback.stderr }).toEqual({ status: 0, stderr: "" });
    const write = await repo.run(String(stepNamed("release.yml", "write the config the release left").run), {
      ...repo.runner,
      GITHUB_RUN_ID: "4343",
      CONFIG: Buffer.from(released().replace("steps: [10, 50, 100]", "steps: [10, 100]")).toString("base64"),
    });
    expect(write.status).toBe(0);
    const pushedRelease = await repo.run(String(releasePush().run), {
      ...repo.runner,
      GITHUB_RUN_ID: "4343",
      PUSH_TOKEN: TOKEN,
      BUILD: "v2",
      OUTCOME: "released",
    });
    expect({ status: pushedRelease.status, stderr: pushedRelease.stderr }).toEqual({ status: 0, stderr: "" });
    expect(
      repo
        .remoteBranches()
        .split("\n")
        .map((b) => b.split(" ")[0])
        .sort(),
    ).toEqual(["golive-release-production-4343-1", "golive-rollback-production-4242-1", "main", "release", "rollback"]);
  });

  test("a repository with branches named `golive-rollback` and `golive-release` still gets both pushes (the branch names hold no `/`)", async () => {
    // The audit: `golive-rollback/<env>-<run id>` could not be created next to a branch `golive-rollback`, so every rollback failed.
    const { repo } = await rolledBack();
    git(repo.dir, "push", "-q", "origin", "main:refs/heads/golive-rollback", "main:refs/heads/golive-release");
    const pushed = await repo.run(String(rollbackPush().run), { ...repo.runner, PUSH_TOKEN: TOKEN });
    expect({ status: pushed.status, stderr: pushed.stderr }).toEqual({ status: 0, stderr: "" });
    const commit = git(repo.origin, "rev-parse", "refs/heads/golive-rollback-production-4242-1");
    expect(repo.output()).toBe(`commit=${commit}\n`);
    expect(
      git(repo.origin, "branch", "--list", "golive-*")
        .split("\n")
        .map((b) => b.trim())
        .sort(),
    ).toEqual(["golive-release", "golive-rollback", "golive-rollback-production-4242-1"]);
  });

  test("a push refused under the run's name (a branch below it) is pushed once more under a random suffix, and the link names that branch", async () => {
    const { repo } = await rolledBack();
    git(repo.dir, "push", "-q", "origin", "main:refs/heads/golive-rollback-production-4242-1/taken");
    const pushed = await repo.run(String(rollbackPush().run), { ...repo.runner, PUSH_TOKEN: TOKEN });
    expect(pushed.status).toBe(0);
    const branch = /::notice title=open the rollback pull request::\S+\/compare\/main\.\.\.(\S+)\?expand=1/.exec(pushed.stdout)?.[1] ?? "";
    expect(branch).toMatch(/^golive-rollback-production-4242-1-[0-9a-f]{8}$/);
    expect(pushed.stdout).toContain(`::warning::git push of golive-rollback-production-4242-1 was refused; pushing ${branch} instead\n`);
    expect(repo.output()).toBe(`commit=${git(repo.origin, "rev-parse", `refs/heads/${branch}`)}\n`);
  });

  test("a push that fails anyway: one ::error:: line, and the config change as a unified diff in the job summary (exit 1)", async () => {
    const { repo } = await rolledBack();
    writeFileSync(join(repo.origin, "hooks", "pre-receive"), "#!/bin/sh\necho 'protected: no new branches' >&2\nexit 1\n", { mode: 0o755 });
    const pushed = await repo.run(String(rollbackPush().run), { ...repo.runner, PUSH_TOKEN: TOKEN });
    expect(pushed.status).toBe(1);
    expect(repo.remoteBranches()).toBe(`main ${repo.base}`);
    const errors = pushed.stdout.split("\n").filter((l) => l.startsWith("::error"));
    expect(errors).toEqual([
      expect.stringMatching(
        /^::error title=the rollback branch was not pushed::git push of golive-rollback-production-4242-1 and of golive-rollback-production-4242-1-[0-9a-f]{8} failed/,
      ),
    ]);
    expect(errors[0]).toContain(
      " failed (see the lines above); the change the run wrote to config/production.yaml is in the job summary as a diff: apply it in a pull request of your own before any deploy of production",
    );
    expect(pushed.stderr).toContain("protected: no new branches");
    const summary = repo.summary();
    expect(summary).toContain("## The rollback branch of production was NOT pushed");
    // the summary claims nothing about Cloudflare itself: it quotes the commit subject, which says what is live
    expect(summary).not.toContain("records what Cloudflare now serves");
    expect(summary).toContain("Commit message: rollback(production): all traffic back on release.previous");
    const diff = /```diff\n([\s\S]*?)```/.exec(summary)?.[1] ?? "";
    expect(diff).toContain("--- a/config/production.yaml\n+++ b/config/production.yaml\n");
    expect(diff).toContain("-  live: green\n");
    expect(diff).toContain("+  live: blue\n");
    // the diff is the whole change: applied to main's file, it gives the file the rollback wrote
    const patch = join(repo.dir, "out", "change.diff");
    writeFileSync(patch, diff);
    const wrote = readFileSync(join(repo.dir, "config", "production.yaml"), "utf8");
    git(repo.dir, "checkout", "-q", repo.base, "--", "config/production.yaml");
    git(repo.dir, "apply", patch);
    expect(readFileSync(join(repo.dir, "config", "production.yaml"), "utf8")).toBe(wrote);
    expect(`${pushed.stdout}${pushed.stderr}${summary}`).not.toContain(TOKEN);
  });

  test("the push steps: the only holders of the token, in jobs with contents: write alone, no pull request opened by any workflow", () => {
    for (const [file, step] of [
      ["rollback.yml", rollbackPush()],
      ["release.yml", releasePush()],
    ] as const) {
      expect([file, String(step.run).trim().startsWith(`${PUSH} `)]).toEqual([file, true]);
      expect([file, isRecord(step.env) ? step.env.PUSH_TOKEN : undefined]).toEqual([file, "${{ github.token }}"]);
      expect([file, String(step.run)]).not.toEqual([file, expect.stringContaining("${{")]);
      const propose = Object.fromEntries(jobsOf(workflow(file))).propose;
      expect([file, propose?.permissions]).toEqual([file, { contents: "write" }]);
      expect([file, propose?.environment]).toEqual([file, undefined]);
    }
    const script = readFileSync(join(__dirname, "..", "..", "scripts", "ci", "push-branch.sh"), "utf8");
    expect(script).not.toMatch(/git config|set -x|echo "\$PUSH_TOKEN|echo "\$auth/);
  });
});
