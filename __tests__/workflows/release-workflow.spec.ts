import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/cli";
import { DIR, isRecord, jobsOf, stepsIn, workflow } from "./support";
import { awsStepEnv } from "./aws-credentials";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";

function jobs(doc: Record<string, unknown>): Record<string, Record<string, unknown>> {
  return Object.fromEntries(jobsOf(doc));
}

const steps = stepsIn;

/** The raw `uses:` lines (the parser drops the version comments). */
function usesLines(file: string): string[] {
  return readFileSync(join(DIR, file), "utf8")
    .split("\n")
    .filter((l) => /^\s*(?:-\s+)?uses:/.test(l))
    .map((l) => l.trim().replace(/^-\s+/, ""));
}

const release = workflow("release.yml");
const releaseJobs = jobs(release);
const allSteps = Object.entries(releaseJobs).flatMap(([job, j]) => steps(j).map((step) => ({ job, step })));
const runOf = (re: RegExp) => allSteps.find((s) => typeof s.step.run === "string" && re.test(s.step.run));
const WATCH = /\bnpx golive release promote "\$ENVIRONMENT" --watch\b/;

describe("release.yml: analysis-gated release workflow", () => {
  test("is dispatched by hand with the environment (any GitHub environment; golive refuses one without a config) and the build", () => {
    const inputs = (on: unknown) => (isRecord(on) && isRecord(on.workflow_dispatch) ? on.workflow_dispatch.inputs : undefined);
    expect(Object.keys(isRecord(release.on) ? release.on : {})).toEqual(["workflow_dispatch"]);
    expect(inputs(release.on)).toMatchObject({
      environment: { type: "environment", required: true },
      build: { type: "string", required: true },
    });
    for (const file of ["rollback.yml", "deploy-admin.yml"])
      expect([file, inputs(workflow(file).on)]).toEqual([
        file,
        expect.objectContaining({ environment: expect.objectContaining({ type: "environment" }) }),
      ]);
  });

  test("starts the build, then promotes with --watch in the same job, inputs reaching the shell only through env", () => {
    const start = runOf(/\bnpx golive release start "\$ENVIRONMENT" --build "\$BUILD"$/);
    const watch = runOf(WATCH);
    expect(start?.job).toBe("release");
    expect(watch?.job).toBe("release");
    const order = steps(releaseJobs.release);
    expect(order.indexOf(start?.step ?? {})).toBeLessThan(order.indexOf(watch?.step ?? {}));
    expect(releaseJobs.release?.env).toEqual({ ENVIRONMENT: "${{ inputs.environment }}", BUILD: "${{ inputs.build }}" });
    for (const { step } of allSteps) if (typeof step.run === "string") expect(step.run).not.toContain("${{");
  });

  test("every action is pinned to the very commit rollback.yml uses (uses: lines copied verbatim)", () => {
    const pinned = new Set(usesLines("rollback.yml"));
    const mine = usesLines("release.yml");
    expect(mine.length).toBe(allSteps.filter((s) => s.step.uses !== undefined).length);
    for (const line of mine) {
      expect(line).toMatch(/^uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
      expect(pinned).toContain(line);
    }
  });

  test("CLOUDFLARE_API_TOKEN and the probe certificate's secrets reach only the step that runs promote --watch: no workflow, job, npm ci or start env", () => {
    const text = readFileSync(join(DIR, "release.yml"), "utf8");
    expect([...text.matchAll(/\$\{\{\s*secrets\.(\w+)/g)].map((m) => m[1])).toEqual([
      "CLOUDFLARE_API_TOKEN",
      "RELEASE_PROBE_CERT",
      "RELEASE_PROBE_KEY",
    ]);
    expect(JSON.stringify(release.env ?? {})).not.toContain("secrets.");
    for (const job of Object.values(releaseJobs)) expect(JSON.stringify(job.env ?? {})).not.toContain("secrets.");
    const withSecret = allSteps.filter((s) => JSON.stringify(s.step).includes("secrets."));
    expect(withSecret.map((s) => s.step.run)).toEqual([expect.stringMatching(WATCH)]);
    expect(withSecret[0]?.step.env).toEqual({
      ...awsStepEnv("us-east-1"),
      CLOUDFLARE_API_TOKEN: "${{ secrets.CLOUDFLARE_API_TOKEN }}",
      RELEASE_PROBE_CERT: "${{ secrets.RELEASE_PROBE_CERT }}",
      RELEASE_PROBE_KEY: "${{ secrets.RELEASE_PROBE_KEY }}",
    });
    expect(withSecret[0]?.step.uses).toBeUndefined();
    expect(runOf(/\bnpm ci\b/)?.step).toEqual({ run: "npm ci --no-audit --no-fund --ignore-scripts" });
  });

  test("the watching job holds the apply lock of deploy-environment.yml: same group, queue: max, never cancels", () => {
    const deploy = jobs(workflow("deploy-environment.yml")).deploy;
    expect(isRecord(deploy?.concurrency) ? deploy.concurrency.group : undefined).toBe("golive-apply-${{ inputs.environment }}");
    expect(releaseJobs.release?.concurrency).toEqual({
      group: "golive-apply-${{ inputs.environment }}",
      "cancel-in-progress": false,
      queue: "max",
    });
    expect(releaseJobs.release?.concurrency).toEqual(deploy?.concurrency);
    expect(release.concurrency).toBeUndefined();
    expect(releaseJobs.propose?.concurrency).toBeUndefined();
  });

  test("grants nothing at the top; the watch reads only (the repository; CloudWatch alarms through the environment's role); the job that pushes the branch writes, with no environment and no secret", () => {
    expect(release.permissions).toEqual({});
    expect(releaseJobs.release?.permissions).toEqual({ contents: "read", "id-token": "write" });
    const aws = allSteps.filter((s) => String(s.step.uses).startsWith("aws-actions/configure-aws-credentials@"));
    expect(aws.map((s) => [s.job, s.step.with])).toEqual([
      ["release", expect.objectContaining({ "role-to-assume": "${{ vars.AWS_DEPLOY_ROLE_ARN }}", "aws-region": "us-east-1" })],
    ]);
    expect(releaseJobs.release?.environment).toBe("${{ inputs.environment }}");
    // no pull-requests permission: the workflow opens no pull request (push-branch.spec.ts runs the push)
    expect(releaseJobs.propose?.permissions).toEqual({ contents: "write" });
    expect(releaseJobs.propose?.environment).toBeUndefined();
    expect(JSON.stringify(releaseJobs.propose)).not.toMatch(/secrets\.|configure-aws-credentials/);
    const pushers = allSteps.filter((s) => String(s.step.run).includes("scripts/ci/push-branch.sh"));
    expect(pushers.map((s) => s.job)).toEqual(["propose"]);
    expect(pushers[0]?.step.env).toMatchObject({ PUSH_TOKEN: "${{ github.token }}" });
    for (const { step } of allSteps.filter((s) => String(s.step.uses).startsWith("actions/checkout@")))
      expect(step.with).toMatchObject({ "persist-credentials": false });
    expect(allSteps.filter((s) => String(s.step.uses).startsWith("actions/checkout@")).map((s) => s.job)).toEqual(["release", "propose"]);
  });

  test("the config the watch leaves (also after a rollback) reaches the propose job byte for byte", () => {
    const result = allSteps.find((s) => s.step.id === "result");
    expect(result?.step.if).toBe("${{ always() }}");
    expect(releaseJobs.release?.outputs).toEqual({
      config: "${{ steps.result.outputs.config }}",
      outcome: "${{ steps.result.outputs.outcome }}",
    });
    expect(releaseJobs.propose).toMatchObject({ needs: "release", env: { CONFIG: "${{ needs.release.outputs.config }}" } });
    const write = runOf(/base64 -d/);
    expect(write?.job).toBe("propose");
    // Run both scripts as the runner would: a checkout, the watch's edit, then a fresh checkout.
    const repo = tempDir("golive-release-workflow-");
    mkdirSync(join(repo, "config"));
    copyFileSync(join(EXAMPLE_CONFIG_DIR, "production.yaml"), join(repo, "config", "production.yaml"));
    const git = (cwd: string, ...args: string[]) =>
      execFileSync("git", ["-c", "user.email=ci@example.com", "-c", "user.name=ci", ...args], { cwd, encoding: "utf8" });
    git(repo, "init", "-q");
    git(repo, "add", ".");
    git(repo, "commit", "-qm", "base");
    const edited = `${readFileSync(join(repo, "config", "production.yaml"), "utf8")}# rolled back by the watch\n`;
    writeFileSync(join(repo, "config", "production.yaml"), edited);
    const outputs = join(repo, "outputs.txt");
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: repo, ENVIRONMENT: "production" };
    const ran = spawnSync("bash", ["-c", String(result?.step.run)], {
      cwd: repo,
      env: { ...env, WATCH: "failure", GITHUB_OUTPUT: outputs },
      encoding: "utf8",
    });
    expect({ status: ran.status, stderr: ran.stderr }).toEqual({ status: 0, stderr: "" });
    const out = Object.fromEntries(
      readFileSync(outputs, "utf8")
        .trim()
        .split("\n")
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
    expect(out.outcome).toBe("rolled back or stopped");
    copyFileSync(join(EXAMPLE_CONFIG_DIR, "production.yaml"), join(repo, "config", "production.yaml")); // the propose job's checkout
    const wrote = spawnSync("bash", ["-c", String(write?.step.run)], { cwd: repo, env: { ...env, CONFIG: out.config }, encoding: "utf8" });
    expect(wrote.status).toBe(0);
    expect(readFileSync(join(repo, "config", "production.yaml"), "utf8")).toBe(edited);
  });
});
