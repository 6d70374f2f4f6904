import { join } from "node:path";
import { BLUE_ID, GREEN_ID, startFakeCloudflareApi } from "../release/fake-cloudflare-api";
import { releaseFixture } from "../release/release-fixture";
import { golive, spawnGolive, tempDir } from "../helpers/cli";
import { failureJson } from "./failure-json";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";
import { PRODUCTION_STACK_ORDER } from "../helpers/stack-order";
import { cpSync, readFileSync } from "node:fs";
import { runEnvironmentMatrix } from "../../scripts/ci/matrix";

/** What `golive check --json` reports, as far as this spec reads it. */
interface CheckJson {
  readonly summary: { readonly blockers: number; readonly ready: boolean };
  readonly results: readonly { readonly ruleId: string; readonly env: string; readonly status: string }[];
  readonly access?: readonly {
    readonly env: string;
    readonly entries: readonly { readonly kind: string; readonly name: string; readonly readers: readonly string[] }[];
  }[];
}

/**
 * Each command once as a real process of bin/golive.js, through its own .ts loader: jest's transforms
 * hide loader bugs (a dynamic import() of a .ts module works under jest and fails in the binary). A
 * command that another spec already spawns runs in-process here (each golive process costs 0.3-2.6 s of
 * CPU): synth (__tests__/init/next-steps.spec.ts runs golive synth and check through sh; every stack
 * kind's lazily loaded module goes through the same loader in __tests__/cli/cdktf-app.spec.ts), stacks
 * (__tests__/cli/conventions.spec.ts), secrets put (__tests__/secrets/put-secret.spec.ts), completion
 * (__tests__/cli/epipe.spec.ts) and plan-report (__tests__/plan/deep-values.spec.ts). The break-glass
 * rollback stays a process here (docs/testing.md, "What the tests prove").
 */
describe("every command runs as a process", () => {
  const dir = tempDir("golive-process-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  cpSync(join(REPO_ROOT, "runbooks"), join(dir, "runbooks"), { recursive: true });

  test("check and zone as processes on the examples' synth output (listed by stacks): check passes, loading the IAM simulator through the real module loader", async () => {
    const synth = await golive(["synth", "--json"], { cwd: dir });
    expect(synth.code).toBe(0);
    expect((JSON.parse(synth.stdout) as { stacks: string[] }).stacks).toHaveLength(13);
    const stacks = await golive(["stacks", "--exclude", "bootstrap", "--json"], { cwd: dir });
    const listed = JSON.parse(stacks.stdout) as { name: string; environment: string; deployAfter: string | null }[];
    // Each environment's secrets.github.deployAfter as synthesized: the deploy workflow's promotion order.
    expect([...new Set(listed.map((s) => `${s.environment} after ${s.deployAfter}`))].sort()).toEqual([
      "production after staging",
      "staging after null",
    ]);
    expect(JSON.parse(runEnvironmentMatrix(["--require-order"], () => stacks.stdout).stdout)).toMatchObject({
      include: [{ environment: "staging" }, { environment: "production" }],
    });
    expect(listed.filter((s) => s.environment === "production").map((s) => s.name)).toEqual(
      PRODUCTION_STACK_ORDER.filter((name) => name !== "bootstrap-production"),
    );
    // Into a file in a folder it creates, then again over that report in another format (CI's every run).
    // The hook prints, on exit, which @cloud-copilot packages the process loaded: check requires the IAM
    // simulator inside the function that asks it (__tests__/checks/who-can-read.spec.ts).
    const hook = join(REPO_ROOT, "__tests__", "checks", "loaded-modules-hook.js");
    const check = await spawnGolive(["check", "--json", "--output", "reports/check.out"], {
      cwd: dir,
      env: { NODE_OPTIONS: `--require ${hook}` },
    });
    expect(check).toMatchObject({ code: 0, stdout: "" });
    expect(check.stderr).toMatch(/^loaded-modules: [^\n]*@cloud-copilot\/iam-simulate[^\n]*\n$/);
    const report = JSON.parse(readFileSync(join(dir, "reports", "check.out"), "utf8")) as CheckJson;
    expect(report).toMatchObject({ summary: { blockers: 0, ready: true } });
    expect(report.results.filter((r) => r.ruleId === "GL-SEC-007").map((r) => `${r.env} ${r.status}`)).toEqual([
      "production pass",
      "staging pass",
    ]);
    // Who can read secrets and state, as the simulator answered in that process.
    const production = report.access?.find((a) => a.env === "production")?.entries ?? [];
    expect(production.find((e) => e.kind === "state" && e.name === "edge-production")?.readers).toEqual([
      "main branch",
      "GitHub environment production",
      expect.stringMatching(/^administrator arn:aws:iam::111111111111:role\//),
    ]);
    const again = await golive(["check", "production", "--compact", "--output", "reports/check.out"], { cwd: dir });
    expect(again).toMatchObject({ code: 0, stderr: "" });
    expect(readFileSync(join(dir, "reports", "check.out"), "utf8")).toMatch(/^READY: 0 blocker/m);
    const zone = await spawnGolive(["zone", "production"], { cwd: dir });
    expect(zone.code).toBe(0);
    expect(zone.stdout).toMatch(/^\$ORIGIN example\.com\.$/m);
  });

  test("--version names the package version; help <command> is <command> --help", async () => {
    const version = await spawnGolive(["--version"], { cwd: dir });
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    expect(version).toMatchObject({ code: 0, stdout: `golive ${pkg.version}\n` });
    // In-process: completion runs as a process in __tests__/cli/epipe.spec.ts, and help <command> is runCli's own dispatch.
    const help = await golive(["help", "completion"], { cwd: dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: golive completion /);
    expect(help.stdout).toBe((await golive(["completion", "--help"], { cwd: dir })).stdout);
  });

  test("--json on failure: one JSON object on stdout, from a usage error (exit 2) and from a command's own failure (exit 1)", async () => {
    // The two shapes lib/cli/main.ts sees (__tests__/cli/json-failure.spec.ts runs every command in-process).
    const [usage, failed] = await Promise.all([
      spawnGolive(["release", "start", "production", "--json"], { cwd: dir }),
      spawnGolive(["stacks", "--json"], { cwd: tempDir("golive-process-empty-") }),
    ]);
    expect(usage).toMatchObject({ code: 2, stdout: failureJson(usage) });
    expect(usage.stderr).toMatch(/^golive release: start needs --build ID[^\n]*\nsee: golive release --help\n$/);
    expect(failed).toMatchObject({ code: 1, stdout: failureJson(failed) });
    expect(failed.stderr).toMatch(/^golive stacks: cdktf\.out holds no synth output/);
  });

  test("secrets list names every configured secret and reads no value", async () => {
    const run = await spawnGolive(["secrets", "list", "production"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("opsbot/production/");
  });

  test("plan-report reads a real plan file", async () => {
    const plan = join(REPO_ROOT, "__tests__", "fixtures", "plans", "sample", "edge-production.json");
    const run = await golive(["plan-report", plan], { cwd: dir });
    expect(run.stdout).toContain("edge-production");
    expect([0, 1]).toContain(run.code);
  });

  test("verify probes only loopback and reports every check as JSON, the DKIM CNAMEs from --values - included", async () => {
    const outputs = JSON.stringify({ dkim_tokens: { value: ["tok0", "tok1", "tok2"] } });
    const run = await spawnGolive(
      [
        "verify",
        "production",
        "--loopback-only",
        "--resolver",
        "127.0.0.1:9",
        "--timeout-ms",
        "200",
        "--samples",
        "1",
        "--json",
        "--values",
        "-",
      ],
      { cwd: dir, input: outputs, env: { GOLIVE_ACCESS_CLIENT_ID: "id.access", GOLIVE_ACCESS_CLIENT_SECRET: "sEcReT-never-printed" } },
    );
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { ok: boolean; results: { check: string; target: string; status: string }[] };
    expect(report.ok).toBe(false);
    // The token reached the process from its environment: the latency probe is tried (not skipped), the secret never printed.
    expect(report.results.find((r) => r.check === "latency.p95")?.status).toBe("fail");
    // ... and so is the release hostname's probe through Access: failed (nothing answers), never skipped.
    expect(report.results.find((r) => r.check === "release.reachable")).toMatchObject({
      target: expect.stringContaining("app.example.com"),
      status: "fail",
    });
    expect(run.stdout + run.stderr).not.toContain("sEcReT-never-printed");
    expect(report.results.filter((r) => r.target.includes("._domainkey.")).map((r) => r.target)).toEqual(
      expect.arrayContaining([
        "CNAME tok0._domainkey.example.com",
        "CNAME tok1._domainkey.example.com",
        "CNAME tok2._domainkey.example.com",
      ]),
    );
  });

  test("release rollback --now --drain reaches the Cloudflare API stand-in and then writes the config", async () => {
    const api = await startFakeCloudflareApi({ zoneName: "example.com", hostname: "app.example.com", poolPrefix: "opsbot-production" });
    try {
      const fx = releaseFixture();
      fx.set(["release", "weights"], { blue: 40, green: 60 });
      const run = await spawnGolive(["release", "rollback", "production", "--now", "--drain", "--api-base-url", api.baseUrl, "--json"], {
        cwd: fx.dir,
        env: { CLOUDFLARE_API_TOKEN: "fAkEtOkEn0123456789abcdefghijklmnopqrstuv" },
      });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const patch = api.requests.find((r) => r.method === "PATCH");
      expect(patch?.body).toMatchObject({
        default_pools: [BLUE_ID],
        fallback_pool: BLUE_ID,
        random_steering: { pool_weights: { [BLUE_ID]: 1 } },
      });
      // The drain and mark go last, then the load balancer is read back (a concurrent step would be undone).
      expect(api.requests.filter((r) => r.method === "PATCH").at(-1)).toMatchObject({
        path: expect.stringContaining(`/pools/${GREEN_ID}`),
        body: { enabled: false },
      });
      expect(api.requests.at(-1)).toMatchObject({ method: "GET", path: expect.stringMatching(/\/load_balancers\/[0-9a-f]{32}$/) });
      // What the process wrote, read back in-process (release as a process is the rollback above).
      const status = await golive(["release", "status", "production", "--json"], { cwd: fx.dir });
      expect(status.code).toBe(0);
      expect(status.stdout).toContain('"blue": 100');
      expect(status.stdout).toContain('"drained": "green"');
    } finally {
      await api.close();
    }
  });
});
