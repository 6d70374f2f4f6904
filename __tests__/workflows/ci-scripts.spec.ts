import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { spawnCollect, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { writeSynthOutput } from "../helpers/synth-output";
import { fixtureText } from "../plan/fixtures";
import { planEnvironments } from "../../scripts/ci/environment-plans";
import { runEnvironmentMatrix } from "../../scripts/ci/matrix";
import { driftVerdict } from "../../scripts/ci/verdict";

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs scripts/ci/<name>.ts as the workflows do (node with golive's TypeScript loader), without blocking this process. */
function runScript(
  name: string,
  args: readonly string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<Run> {
  return spawnCollect(
    process.execPath,
    ["-r", join(REPO_ROOT, "lib", "runtime", "register-ts.js"), join(REPO_ROOT, "scripts", "ci", `${name}.ts`), ...args],
    {
      cwd: options.cwd ?? REPO_ROOT,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...options.env },
      ...(options.input !== undefined ? { input: options.input } : {}),
    },
  );
}

/** `golive stacks --json` of environments, each given as [name, deployAfter]: two stacks each, as golive lists them. */
const listed = (envs: readonly (readonly [string, string | null])[]) =>
  JSON.stringify(
    envs.flatMap(([e, deployAfter]) => [
      { name: `edge-${e}`, kind: "edge", environment: e, dependsOn: [], deployAfter },
      { name: `traffic-${e}`, kind: "traffic", environment: e, dependsOn: [`edge-${e}`], deployAfter },
    ]),
  );

/** The script's logic in this process (scripts/ci/matrix.ts); one process run per outcome below proves the wiring. */
const matrix = (argv: readonly string[], input: string) => runEnvironmentMatrix(argv, () => input);
const deployOrder = (input: string) =>
  (JSON.parse(matrix(["--require-order"], input).stdout) as { include: { environment: string }[] }).include.map((e) => e.environment);
const refusal = (input: string) => {
  const run = matrix(["--require-order"], input);
  expect({ code: run.code, stdout: run.stdout, lines: run.stderr.split("\n").length }).toEqual({ code: 1, stdout: "", lines: 2 });
  return run.stderr.trim();
};

describe("scripts/ci/environment-matrix.ts (the environments of deploy.yml and drift.yml)", () => {
  test("a deploy goes in promotion order: the chain of secrets.github.deployAfter, with each variable suffix (as a process)", async () => {
    const run = await runScript("environment-matrix", ["--require-order"], {
      // listed by name, as golive stacks lists them: the order comes from deployAfter alone
      input: listed([
        ["eu-west", "staging"],
        ["production", "eu-west"],
        ["staging", null],
      ]),
    });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(run.stdout)).toEqual({
      include: [
        { environment: "staging", variable: "STAGING" },
        { environment: "eu-west", variable: "EU_WEST" },
        { environment: "production", variable: "PRODUCTION" },
      ],
    });
  });

  test("two environments: the one without deployAfter first, whatever the names and the listing order", () => {
    expect(
      deployOrder(
        listed([
          ["production", "staging"],
          ["staging", null],
        ]),
      ),
    ).toEqual(["staging", "production"]);
    expect(
      deployOrder(
        listed([
          ["a-prod", null],
          ["z-test", "a-prod"],
        ]),
      ),
    ).toEqual(["a-prod", "z-test"]);
  });

  test("without --require-order, drift takes the environments as golive lists them; one environment needs no deployAfter", () => {
    expect(
      JSON.parse(
        matrix(
          [],
          listed([
            ["production", null],
            ["staging", null],
          ]),
        ).stdout,
      ).include,
    ).toHaveLength(2);
    const single = matrix(["--require-order"], listed([["qa", null]]));
    expect(JSON.parse(single.stdout)).toEqual({ include: [{ environment: "qa", variable: "QA" }] });
  });

  test("fails when two environments have no deployAfter (which goes first?), naming the field and file to set (as a process)", async () => {
    const run = await runScript("environment-matrix", ["--require-order"], {
      input: listed([
        ["production", null],
        ["staging", null],
      ]),
    });
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: "" });
    expect(run.stderr).toBe(
      "environment-matrix: 2 environments have no secrets.github.deployAfter, so each starts a promotion order of its own (production; staging): which goes first? set secrets.github.deployAfter in config/production.yaml to staging, or secrets.github.deployAfter in config/staging.yaml to production (only the environment that tries a change first has none, and the one users reach comes last; secrets.github.deployAfter sits in a secrets.github section, which also needs secrets.github.repository)\n",
    );
  });

  test("fails on two chains of three environments, naming their ends; on three firsts, naming all", () => {
    expect(
      refusal(
        listed([
          ["production", "staging"],
          ["staging", null],
          ["qa", null],
        ]),
      ),
    ).toMatch(
      /^environment-matrix: 2 environments have no secrets\.github\.deployAfter, .*\(qa; staging -> production\): which goes first\? set secrets\.github\.deployAfter in config\/qa\.yaml to production, or secrets\.github\.deployAfter in config\/staging\.yaml to qa /,
    );
    expect(
      refusal(
        listed([
          ["a", null],
          ["b", null],
          ["c", null],
        ]),
      ),
    ).toMatch(/^environment-matrix: 3 environments .* all but one of a, b, c/);
  });

  test("fails when two environments are deployed after the same one: the deploy goes one at a time", () => {
    expect(
      refusal(
        listed([
          ["staging", null],
          ["production", "staging"],
          ["qa", "staging"],
        ]),
      ),
    ).toBe(
      "environment-matrix: production and qa are both deployed after staging (secrets.github.deployAfter in config/production.yaml, secrets.github.deployAfter in config/qa.yaml): the deploy runs one environment at a time, so make it one chain: set secrets.github.deployAfter in config/qa.yaml to production, or the other way round",
    );
  });

  test("fails on a cycle and on a name golive stacks does not list (config validation refuses both first)", () => {
    expect(
      refusal(
        listed([
          ["staging", "production"],
          ["production", "staging"],
          ["qa", null],
        ]),
      ),
    ).toBe(
      "environment-matrix: secrets.github.deployAfter makes a cycle (production after staging after production, in config/production.yaml, config/staging.yaml): none of them can be deployed first; remove it from the environment that tries a change first",
    );
    expect(
      refusal(
        listed([
          ["production", "stage"],
          ["staging", null],
        ]),
      ),
    ).toMatch(
      /^environment-matrix: secrets\.github\.deployAfter in config\/production\.yaml names stage, which golive stacks does not list \(environments: production, staging\)/,
    );
    // An older golive's listing has no deployAfter: no order, refused as two firsts.
    expect(
      refusal(
        JSON.stringify([
          { name: "edge-a", environment: "a" },
          { name: "edge-b", environment: "b" },
        ]),
      ),
    ).toMatch(/which goes first\?/);
    const empty = matrix([], "[]");
    expect(empty.stderr).toMatch(/no synthesized environment/);
    expect(empty.code).toBe(1);
  });

  test("fails on an argument it no longer takes (--order: the order is in the config) before reading stdin, and on stdin that is no JSON", () => {
    const read = jest.fn(() => "[]");
    expect(runEnvironmentMatrix(["--order", "staging production"], read)).toEqual({
      code: 1,
      stdout: "",
      stderr: 'environment-matrix: unknown argument "--order" (allowed: --require-order, --require-remote-state)\n',
    });
    expect(read).not.toHaveBeenCalled();
    expect(matrix([], "not json").stderr).toMatch(/^environment-matrix: stdin is not golive stacks --json output: /);
  });
});

/** `golive stacks --json` of one environment as the examples synthesize it: its stacks' appliers, each with `backend`. */
const withBackends = (env: string, deployAfter: string | null, backend: string | null) => [
  { name: `bootstrap-${env}`, environment: env, deployAfter, appliedBy: "administrator", backend: "local" },
  { name: `access-${env}`, environment: env, deployAfter, appliedBy: "administrator", backend },
  { name: `secrets-${env}`, environment: env, deployAfter, appliedBy: "admin-deploy", backend },
  { name: `edge-${env}`, environment: env, deployAfter, appliedBy: "deploy", backend },
];

describe("environment-matrix.ts --require-remote-state (deploy.yml, drift.yml, pr.yml)", () => {
  const staging = withBackends("staging", null, "local");
  const production = withBackends("production", "staging", "s3");

  test("fails on an environment whose CI-applied stacks keep local state, naming it, state.backend, why and what to set (as a process)", async () => {
    const run = await runScript("environment-matrix", ["--require-order", "--require-remote-state"], {
      input: JSON.stringify([...production, ...staging]),
    });
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "environment-matrix: staging keeps its Terraform state local (state.backend in config/staging.yaml: local, or no state section), and CI plans and applies its stacks: a runner has no state file, so a plan starts from empty state and an apply would create again what exists; set state.backend: s3 (with its bootstrap stack, docs/state.md) or cloud there before deploying from CI\n",
    });
  });

  test("passes an s3 or cloud environment, whose only local stack is the bootstrap an administrator applies", () => {
    expect(matrix(["--require-remote-state"], JSON.stringify(production))).toEqual({
      code: 0,
      stdout: '{"include":[{"environment":"production","variable":"PRODUCTION"}]}\n',
      stderr: "",
    });
    expect(matrix(["--require-remote-state"], JSON.stringify(withBackends("qa", null, "cloud"))).code).toBe(0);
    // without the flag (as before it), local state is not looked at
    expect(matrix([], JSON.stringify(staging)).code).toBe(0);
  });

  test("fails when a CI-applied stack declares no backend (Terraform keeps that state local too), naming every such environment", () => {
    const run = matrix(["--require-remote-state"], JSON.stringify([...withBackends("qa", null, null), ...staging, ...production]));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^environment-matrix: qa, staging keep their Terraform state local \(state\.backend in config\/qa\.yaml, config\/staging\.yaml: /,
    );
    // a listing without the field (an older golive) proves no remote state either
    const older = JSON.stringify([{ name: "edge-qa", environment: "qa", deployAfter: null, appliedBy: "deploy" }]);
    expect(matrix(["--require-remote-state"], older).stderr).toMatch(/^environment-matrix: qa keeps its Terraform state local /);
  });
});

describe("scripts/ci/drift-verdict.ts (drift.yml's verdict on a plan report)", () => {
  const change = (likelyDrift: boolean) => ({ address: "a.b", action: "update", likelyDrift });
  const report = (changes: unknown[], extra: Record<string, unknown> = {}) =>
    JSON.stringify({ failures: [], stacks: [{ stack: "edge-production", errored: false, changes, outputs: [] }], ...extra });
  // In this process (scripts/ci/verdict.ts); drift-workflow.spec.ts runs the script as drift.yml does, on a real report.
  const verdict = (input: string) => driftVerdict(() => input);

  test.each([
    ["clean", "clean", report([])],
    ["noise", "noise", report([change(true)])],
    ["drift", "drift", report([change(true), change(false)])],
    ["error", "error", report([], { failures: [{ stack: "edge-production", step: "plan", message: "x" }] })],
    ["error (a stack errored)", "error", report([], { stacks: [{ stack: "edge-production", errored: true, changes: [], outputs: [] }] })],
  ])("%s", (_name, expected, input) => {
    expect(verdict(input)).toMatchObject({ code: 0, stdout: `${expected}\n` });
  });

  test("counts what it found on stderr", () => {
    expect(verdict(report([change(true), change(false)])).stderr).toBe(
      "drift-verdict: 1 change(s) to review, 1 provider-noise update(s), 0 stack(s) not planned\n",
    );
  });

  test("an output change is drift too, and input that is no report is an error (exit 1, as a process)", async () => {
    const outputs = JSON.stringify({ failures: [], stacks: [{ stack: "s", changes: [], outputs: [{ name: "o" }] }] });
    expect(verdict(outputs).stdout).toBe("drift\n");
    expect(verdict("{}")).toMatchObject({ code: 1, stdout: "error\n" });
    const bad = await runScript("drift-verdict", [], { input: "not json" });
    expect(bad).toEqual({ code: 1, stdout: "error\n", stderr: "drift-verdict: stdin is not golive plan-report --json output\n" });
  });
});

describe("scripts/ci/plan-environments.ts (pr.yml: every environment with its own plan role)", () => {
  // A stand-in for GitHub's OIDC token endpoint and STS: one token, two roles.
  const requests: { path: string; body: string; auth?: string }[] = [];
  let server: Server;
  let base = "";
  const read = (req: IncomingMessage) =>
    new Promise<string>((res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => res(Buffer.concat(chunks).toString("utf8")));
    });
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = await read(req);
      requests.push({ path: req.url ?? "", body, ...(req.headers.authorization ? { auth: req.headers.authorization } : {}) });
      if (req.url?.startsWith("/token")) {
        res.end(JSON.stringify({ value: "oidc-jwt" }));
        return;
      }
      const form = new URLSearchParams(body);
      const role = form.get("RoleArn") ?? "";
      if (form.get("WebIdentityToken") !== "oidc-jwt" || !role.endsWith("-plan")) {
        res.statusCode = 403;
        res.end(
          "<ErrorResponse><Error><Code>AccessDenied</Code><Message>Not authorized to perform sts:AssumeRoleWithWebIdentity</Message></Error></ErrorResponse>",
        );
        return;
      }
      const env = /role\/app-(\w+)-plan$/.exec(role)?.[1] ?? "?";
      res.end(
        `<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>AKIA${env.toUpperCase()}</AccessKeyId><SecretAccessKey>secret-${env}</SecretAccessKey><SessionToken>session-${env}</SessionToken></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>`,
      );
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test("plans each environment's stacks with that environment's role only; an environment without a role variable is named as failed", async () => {
    const dir = tempDir("golive-plan-envs-");
    const bin = join(dir, ".bin");
    const log = join(dir, "terraform.log");
    mkdirSync(bin);
    // terraform: records the credentials each stack's plan ran with; `show` prints a real no-op plan.
    writeFileSync(join(dir, "noop.json"), fixtureText("tf-noop.json"));
    writeFileSync(
      join(bin, "terraform"),
      `#!/bin/sh
[ "\${1#-chdir=}" != "$1" ] && cd "\${1#-chdir=}" && shift
case "$1" in
  init) exit 0 ;;
  plan) echo "$(basename "$PWD") $AWS_ACCESS_KEY_ID $AWS_REGION token=\${ACTIONS_ID_TOKEN_REQUEST_TOKEN:-none} vars=\${VARS:-none} cf=$CLOUDFLARE_API_TOKEN" >> "${log}"; exit 0 ;;
  show) cat "${join(dir, "noop.json")}"; exit 0 ;;
esac
exit 64
`,
    );
    chmodSync(join(bin, "terraform"), 0o755);
    const kinds = ["bootstrap", "access", "edge", "traffic"];
    writeSynthOutput(
      join(dir, "cdktf.out"),
      Object.fromEntries(
        ["production", "staging", "qa", "dev"].flatMap((e) =>
          kinds.filter((k) => k !== "bootstrap" || e === "production").map((k) => [`${k}-${e}`, {}]),
        ),
      ),
    );
    const run = await runScript(
      "plan-environments",
      [
        "--role-variable",
        "AWS_PLAN_ROLE_ARN_",
        // golive stacks' selectors: bootstrap keeps local state, edge's state holds secrets
        "--select",
        "state-in-backend",
        "--select",
        "state-without-secrets",
        "--failures",
        "failures.txt",
        "--",
        "--no-lock",
        "--output",
        "plan-{env}.md",
      ],
      {
        cwd: dir,
        env: {
          PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`,
          HOME: dir,
          AWS_REGION: "eu-west-1",
          AWS_ENDPOINT_URL_STS: `${base}/sts`,
          ACTIONS_ID_TOKEN_REQUEST_URL: `${base}/token?x=1`,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: "request-bearer",
          CLOUDFLARE_API_TOKEN: "cf-read",
          VARS: JSON.stringify({
            AWS_PLAN_ROLE_ARN_PRODUCTION: "arn:aws:iam::111111111111:role/app-production-plan",
            AWS_PLAN_ROLE_ARN_STAGING: "arn:aws:iam::222222222222:role/app-staging-plan",
            AWS_PLAN_ROLE_ARN_DEV: "arn:aws:iam::333333333333:role/app-dev-deploy", // STS refuses it
            AWS_REGION: "eu-west-1",
          }),
        },
      },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("::error::qa: the repository variable AWS_PLAN_ROLE_ARN_QA is not set");
    expect(run.stdout).toContain(
      "::error::dev: STS refused arn:aws:iam::333333333333:role/app-dev-deploy: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity",
    );
    expect(readFileSync(join(dir, "failures.txt"), "utf8").split("\n").sort()).toEqual(["", "plan (dev)", "plan (qa)"]);
    const lines = readFileSync(log, "utf8").trim().split("\n").sort();
    expect(lines).toEqual([
      "access-production AKIAPRODUCTION eu-west-1 token=none vars=none cf=cf-read",
      "access-staging AKIASTAGING eu-west-1 token=none vars=none cf=cf-read",
      "traffic-production AKIAPRODUCTION eu-west-1 token=none vars=none cf=cf-read",
      "traffic-staging AKIASTAGING eu-west-1 token=none vars=none cf=cf-read",
    ]);
    // .golive-written: golive's record of the plan files it wrote (upload-artifact leaves dot files out).
    expect(readdirSync(join(dir, "plans")).sort()).toEqual([
      ".golive-written",
      "access-production.json",
      "access-staging.json",
      "traffic-production.json",
      "traffic-staging.json",
    ]);
    expect(existsSync(join(dir, "plan-production.md")) && existsSync(join(dir, "plan-staging.md"))).toBe(true);
    // the token was asked for STS's audience with the job's bearer; STS got it, never the bearer
    const token = requests.find((r) => r.path.startsWith("/token"));
    expect(token).toMatchObject({ path: "/token?x=1&audience=sts.amazonaws.com", auth: "bearer request-bearer" });
    const sts = requests.filter((r) => r.path === "/sts").map((r) => new URLSearchParams(r.body));
    expect(sts.map((f) => f.get("Action"))).toEqual(Array(3).fill("AssumeRoleWithWebIdentity"));
    expect(sts.every((f) => f.get("WebIdentityToken") === "oidc-jwt" && !f.toString().includes("request-bearer"))).toBe(true);
  });

  test("fails without the id-token permission, never planning; a usage error is one line", async () => {
    // In this process (scripts/ci/environment-plans.ts), golive stacks and golive plan stood in for.
    const dir = tempDir("golive-plan-envs-");
    const env = {
      HOME: dir,
      AWS_REGION: "eu-west-1",
      VARS: JSON.stringify({ AWS_PLAN_ROLE_ARN_PRODUCTION: "arn:aws:iam::1:role/app-production-plan" }),
    };
    const run = async (argv: readonly string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const plans: (readonly string[])[] = [];
      const code = await planEnvironments(argv, env, {
        stacksByEnvironment: () => new Map([["production", ["traffic-production"]]]),
        plan: (stacks) => plans.push(stacks) > 0,
        log: (line) => out.push(line),
        error: (line) => err.push(line),
      });
      return { code, stdout: out.join("\n"), stderr: err.join("\n"), plans };
    };
    const before = requests.length;
    const noToken = await run(["--role-variable", "AWS_PLAN_ROLE_ARN_", "--failures", join(dir, "failures.txt")]);
    expect(noToken).toMatchObject({ code: 1, plans: [] });
    expect(noToken.stdout).toContain("::error::production: no GitHub OIDC token: the job needs `permissions: id-token: write`");
    expect(readFileSync(join(dir, "failures.txt"), "utf8")).toBe("plan (production)\n");
    expect(requests.length).toBe(before);
    const usage = await run(["--select"]);
    expect({ code: usage.code, stderr: usage.stderr, plans: usage.plans }).toEqual({
      code: 1,
      stderr: 'plan-environments: usage: "--select": expected --role-variable PREFIX, --select SELECTOR or --failures FILE',
      plans: [],
    });
  });
});
