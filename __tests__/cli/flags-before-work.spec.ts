import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadEnvironments } from "../../lib/engines/config/load";
import { configFingerprint, SYNTH_RECORD } from "../../lib/engines/synth/record";
import { endpointOf } from "../../lib/cli/commands/secrets-put";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { writeSynthOutput } from "../helpers/synth-output";
import { setup } from "../plan/stand-in-terraform";

/** What the stand-in terraform was asked to do (one log per stack), and what plan wrote. */
function workDone(s: { cwd: string; logs: string }): string[] {
  return [...readdirSync(s.logs), ...(existsSync(join(s.cwd, "plans")) ? readdirSync(join(s.cwd, "plans")) : [])];
}

describe("plan judges every flag before it synthesizes, initializes or plans anything", () => {
  const s = setup();
  writeFileSync(join(s.cwd, "bad-rules.json"), '{"rules": "not a list"}\n');
  mkdirSync(join(s.cwd, ".git"));
  writeFileSync(join(s.cwd, "package.json"), "{}\n");

  test.each([
    [["--format", "xml"], 2, "--format"],
    [["--risk-rules", "/nonexistent.json"], 2, "--risk-rules"],
    [["--risk-rules", "bad-rules.json"], 1, "bad-rules.json"],
    [["--commit", "not-a-sha"], 2, "--commit"],
    [["--output", ".git/comment.md"], 2, "--output"],
    [["--full-report", "package.json"], 2, "--full-report"],
    [["--digest", "/proc/nope/d.json"], 2, "--digest"],
    [["--plan-dir", ".git/plans"], 2, "--plan-dir"],
    [["--config-dir", "nope"], 2, "--config-dir"],
    [["--detailed-exitcode", "--output", ".git/comment.md"], 1, "--output"],
    [["--output", "plans/edge-production.json"], 2, "--output: plans/edge-production.json is an input of this command"],
  ] as const)("plan edge-production %j exits %d naming %s; nothing is run or written", async (flags, code, names) => {
    const run = await golive(["plan", "edge-production", ...flags], { cwd: s.cwd, env: s.env });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code, stderr: expect.stringContaining(names) });
    expect(workDone(s)).toEqual([]);
  });

  const TODO = "move it (or the old plans) out of plans, or delete plans if it holds only plans golive wrote, then run again";
  const PLAN = '{"format_version":"1.2","resource_changes":[]}\n';
  const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");
  test.each([
    [
      "notes, no record",
      "my own notes\n",
      undefined,
      "no plans/.golive-written records it (golive's record of the plans it writes: plans an older golive wrote, and files saved by hand, have none)",
    ],
    [
      "Terraform's own plan JSON, as an older golive left it (no record)",
      PLAN,
      undefined,
      "no plans/.golive-written records it (golive's record of the plans it writes: plans an older golive wrote, and files saved by hand, have none)",
    ],
    [
      "Terraform's plan JSON the record does not list",
      PLAN,
      { "secrets-production.json": sha256(PLAN) },
      "plans/.golive-written (golive's record of the plans it writes) does not list it",
    ],
    [
      "a plan golive wrote, edited since",
      PLAN,
      { "edge-production.json": sha256(`${PLAN} `) },
      "it changed since golive wrote it (plans/.golive-written records other bytes)",
    ],
  ])(
    "a plan file in the plan folder that golive did not write (%s) is refused before any stack is planned, naming the record and what to do",
    async (_what, text, record, why) => {
      rmSync(join(s.cwd, "plans"), { recursive: true, force: true });
      mkdirSync(join(s.cwd, "plans"), { recursive: true });
      writeFileSync(join(s.cwd, "plans", "edge-production.json"), text);
      if (record !== undefined) writeFileSync(join(s.cwd, "plans", ".golive-written"), JSON.stringify({ v: 1, files: record }));
      const run = await golive(["plan", "edge-production"], { cwd: s.cwd, env: s.env });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`golive plan: plans/edge-production.json exists and golive did not write it: ${why}; ${TODO}\n`);
      expect(readdirSync(s.logs)).toEqual([]);
      expect(readFileSync(join(s.cwd, "plans", "edge-production.json"), "utf8")).toBe(text);
    },
  );
});

/** A project whose cdktf.out records the example production config as `fingerprint` (golive.json). */
function recordedProject(fingerprint: (current: string) => string): { cwd: string; env: NodeJS.ProcessEnv; logs: string } {
  const s = setup("terraform", ["edge-production"]);
  cpSync(EXAMPLE_CONFIG_DIR, join(s.cwd, "config"), { recursive: true });
  const current = configFingerprint(loadEnvironments(join(s.cwd, "config"), ["production"]).get("production") as never);
  writeFileSync(join(s.cwd, "cdktf.out", SYNTH_RECORD), JSON.stringify({ environments: { production: fingerprint(current) } }));
  return s;
}

describe("release start judges --build before reading or changing anything", () => {
  const cwd = tempDir("golive-build-");
  cpSync(EXAMPLE_CONFIG_DIR, join(cwd, "config"), { recursive: true });
  const before = readFileSync(join(cwd, "config", "staging.yaml"), "utf8");

  test.each([
    ["#x", "#x"],
    [": x", ": x"],
    ["v1 2", "v1 2"],
    ["of 5000 characters", "a".repeat(5000)],
  ])("fails on --build %s: exit 2, one line naming --build and what is allowed", async (_shown, build) => {
    const run = await golive(["release", "start", "staging", "--build", build], { cwd });
    expect(run.code).toBe(2);
    const [line, pointer] = run.stderr.split("\n");
    expect(line).toMatch(
      /^golive release: --build: got "[^\n]{1,48}(\.\.\. \(5000 characters\))?; must be a version, image tag or commit such as v1\.4\.2/,
    );
    expect(pointer).toBe("see: golive release --help");
    expect(run.stderr).not.toContain("release.builds");
    expect(readFileSync(join(cwd, "config", "staging.yaml"), "utf8")).toBe(before);
  });

  test("a credential pasted as --build is refused masked, never printed or written (it would reach the PR and CI logs)", async () => {
    // Assembled at run time: the secret scan's GitHub token shape, and an AWS access key id.
    for (const token of [["gh", "p_", "A".repeat(36)].join(""), ["AK", "IA", "Q".repeat(16)].join("")]) {
      const run = await golive(["release", "start", "staging", "--build", token], { cwd });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^golive release: --build: got "\[REDACTED\]"; looks like a credential, not a version/);
      expect(run.stderr + run.stdout).not.toContain(token);
      expect(readFileSync(join(cwd, "config", "staging.yaml"), "utf8")).toBe(before);
    }
  });

  test("a build the config takes is taken (--dry-run)", async () => {
    const run = await golive(["release", "start", "staging", "--build", "registry/app:v1.4.2+build.7", "--dry-run"], { cwd });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toContain("release.builds.green: (none) -> registry/app:v1.4.2+build.7");
  });
});

describe("zone and plan stop on a synth output made from another config, as check does", () => {
  test("plan names the environment to synthesize again and plans nothing; with the current config it plans", async () => {
    const stale = recordedProject(() => "0".repeat(64));
    const run = await golive(["plan"], { cwd: stale.cwd, env: stale.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "golive plan: cdktf.out was synthesized from another config of production; run golive synth production, then plan again\nNothing was planned.\n",
    );
    expect(readdirSync(stale.logs)).toEqual([]);
    const current = recordedProject((fingerprint) => fingerprint);
    expect((await golive(["plan"], { cwd: current.cwd, env: { ...current.env, FAIL_STACK: "" } })).code).toBe(0);
  });

  test("zone names the environment to synthesize again, prints no zone", async () => {
    const dir = recordedProject(() => "0".repeat(64)).cwd;
    writeSynthOutput(join(dir, "cdktf.out"), { "edge-production": {}, "email-production": {} });
    const run = await golive(["zone", "production", "--set", "dkim_tokens=a,b,c"], { cwd: dir });
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "golive zone: cdktf.out was synthesized from another config of production; run golive synth production, then zone again\nNo zone was printed.\n",
    });
  });
});

describe("an endpoint from the environment is named by its variable", () => {
  test("fails naming GOLIVE_SECRETS_ENDPOINT, not a flag that was never given; an empty variable is unset", () => {
    expect(() => endpointOf(undefined, { GOLIVE_SECRETS_ENDPOINT: "http://example.com" })).toThrow(
      /^GOLIVE_SECRETS_ENDPOINT: got "http:\/\/example\.com"/,
    );
    expect(() => endpointOf("http://example.com", {})).toThrow(/^--endpoint: got/);
    expect(endpointOf(undefined, { GOLIVE_SECRETS_ENDPOINT: "" })).toBeUndefined();
    expect(endpointOf(undefined, { GOLIVE_SECRETS_ENDPOINT: "http://127.0.0.1:4566" })).toBe("http://127.0.0.1:4566");
  });

  test("preflight names CLOUDFLARE_BASE_URL when the bad value came from it", async () => {
    const run = await golive(["preflight", "production"], { cwd: tempDir(), env: { CLOUDFLARE_BASE_URL: "http://example.com" } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^golive preflight: CLOUDFLARE_BASE_URL: got "http:\/\/example\.com"/);
  });
});
