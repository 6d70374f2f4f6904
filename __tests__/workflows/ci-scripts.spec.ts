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

const listed = (envs: readonly string[]) =>
  JSON.stringify(
    envs.flatMap((e) => [
      { name: `edge-${e}`, environment: e },
      { name: `traffic-${e}`, environment: e },
    ]),
  );

/** The script's logic in this process (scripts/ci/matrix.ts); one process run per outcome below proves the wiring. */
const matrix = (argv: readonly string[], input: string) => runEnvironmentMatrix(argv, () => input);

describe("scripts/ci/environment-matrix.ts (the environments of deploy.yml and drift.yml)", () => {
  test("one entry per synthesized environment, in promotion order, with its variable suffix (as a process)", async () => {
    const run = await runScript("environment-matrix", ["--order", "staging, eu-west production", "--require-order"], {
      input: listed(["eu-west", "production", "staging"]),
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

  test("without an order, drift takes the environments as golive lists them; one environment needs no order", () => {
    expect(JSON.parse(matrix([], listed(["production", "staging"])).stdout).include).toHaveLength(2);
    const single = matrix(["--order", "", "--require-order"], listed(["qa"]));
    expect(JSON.parse(single.stdout)).toEqual({ include: [{ environment: "qa", variable: "QA" }] });
  });

  test("fails when a deploy has several environments and no promotion order, naming the variable to set (as a process)", async () => {
    const run = await runScript("environment-matrix", ["--order", "", "--require-order"], { input: listed(["production", "staging"]) });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      /^environment-matrix: 2 environments \(production, staging\) and no promotion order: set the repository variable GOLIVE_PROMOTION_ORDER/,
    );
  });

  test("fails when the order names an environment twice or one without config, or leaves one out", () => {
    const run = matrix(["--order", "staging qa staging"], listed(["production", "staging"]));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim()).toBe(
      'environment-matrix: GOLIVE_PROMOTION_ORDER "staging qa staging" names staging twice; names qa, which has no config/<env>.yaml; leaves out production (environments: production, staging)',
    );
    const empty = matrix([], "[]");
    expect(empty.stderr).toMatch(/no synthesized environment/);
    expect(empty.code).toBe(1);
  });

  test("fails on an unknown argument before reading stdin, and on stdin that is no JSON", () => {
    const read = jest.fn(() => "[]");
    expect(runEnvironmentMatrix(["--orde", "x"], read)).toEqual({
      code: 1,
      stdout: "",
      stderr: 'environment-matrix: unknown argument "--orde" (allowed: --order LIST, --require-order)\n',
    });
    expect(read).not.toHaveBeenCalled();
    expect(matrix([], "not json").stderr).toMatch(/^environment-matrix: stdin is not golive stacks --json output: /);
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
        "--exclude",
        "bootstrap",
        "--exclude",
        "edge",
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
    expect(readdirSync(join(dir, "plans")).sort()).toEqual([
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
    const usage = await run(["--exclude"]);
    expect({ code: usage.code, stderr: usage.stderr, plans: usage.plans }).toEqual({
      code: 1,
      stderr: 'plan-environments: usage: "--exclude": expected --role-variable PREFIX, --exclude KIND or --failures FILE',
      plans: [],
    });
  });
});
