import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir as makeTempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";

const SCRIPT = join(REPO_ROOT, "scripts", "secret-scan.sh");

const made: string[] = [];
function tempDir(prefix: string): string {
  const dir = makeTempDir(prefix);
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

// Planted values are assembled at run time so this file itself stays clean for the gate.
const PLANTED_KEY_ID = ["AK", "IA", "Q7".repeat(8)].join("");
const PLANTED_PRIVATE_KEY = [
  ["-----BEGIN", "RSA PRIVATE KEY-----"].join(" "),
  "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu",
  ["-----END", "RSA PRIVATE KEY-----"].join(" "),
].join("\n");

function scan(args: readonly string[], cwd = REPO_ROOT) {
  const run = spawnSync("bash", [SCRIPT, ...args], { cwd, encoding: "utf8" });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

/** A small copy of the repo tree (config and scripts) to plant things in. */
function treeCopy(): string {
  const dir = tempDir("golive-scan-");
  for (const sub of ["config", "scripts"]) cpSync(join(REPO_ROOT, sub), join(dir, sub), { recursive: true });
  return dir;
}

function synthOut(files: Record<string, string>): string {
  const out = tempDir("golive-scan-out-");
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(out, "stacks", name), { recursive: true });
    writeFileSync(join(out, "stacks", name, "cdk.tf.json"), text);
  }
  return out;
}

function git(dir: string, ...args: string[]): string {
  const run = spawnSync(
    "git",
    ["-c", "user.name=golive-test", "-c", "user.email=golive-test@example.com", "-c", "commit.gpgsign=false", ...args],
    { cwd: dir, encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(`git ${args.join(" ")}: ${run.stderr}`);
  return run.stdout.trim();
}

describe("secret-scan gate (scripts/secret-scan.sh)", () => {
  test("passes on the clean repository tree and on freshly synthesized stacks", () => {
    const out = join(tempDir("golive-scan-synth-"), "cdktf.out");
    const run = scan(["tree", "synth", "--out", out]);
    expect(run.out).toBe("");
    expect(run.code).toBe(0);
    expect(readFileSync(join(out, "stacks", "secrets-production", "cdk.tf.json"), "utf8")).toContain("aws_secretsmanager_secret");
  });

  test("fails on an AWS access key id planted in a copy of the tree, naming the file", () => {
    const dir = treeCopy();
    expect(scan(["tree", "--root", dir]).code).toBe(0);
    writeFileSync(join(dir, "config", "leak.ts"), `export const key = "${PLANTED_KEY_ID}";\n`);
    const run = scan(["tree", "--root", dir]);
    expect(run.code).toBe(1);
    expect(run.out).toContain(join(dir, "config", "leak.ts"));
    expect(run.out).not.toContain(PLANTED_KEY_ID); // secretlint masks what it found
  });

  test("documented placeholders pass (AWS's ...EXAMPLE key id, an all-X Slack webhook); a real-looking webhook fails", () => {
    const dir = treeCopy();
    const placeholders = [
      `const id = "AKIAIOSFODNN7${"EXAMPLE"}";`,
      `const hook = "https://hooks.slack.com/services/T000/B000/${"X".repeat(16)}";`,
    ];
    writeFileSync(join(dir, "config", "docs.ts"), `${placeholders.join("\n")}\n`);
    expect(scan(["tree", "--root", dir]).code).toBe(0);
    const hook = ["https://hooks.slack.com/services", "T4K2M9Q7Z", "B6R1W8N3P", "q8Zk2Lm4Np6Rt1Vx3Yb5Cd7F"].join("/");
    writeFileSync(join(dir, "config", "hook.ts"), `const hook = "${hook}";\n`);
    const run = scan(["tree", "--root", dir]);
    expect(run.code).toBe(1);
    expect(run.out).toContain("hook.ts");
  });

  test("fails on a private key block planted in a copy of the tree", () => {
    const dir = treeCopy();
    writeFileSync(join(dir, "scripts", "deploy.pem"), `${PLANTED_PRIVATE_KEY}\n`);
    const run = scan(["tree", "--root", dir]);
    expect(run.code).toBe(1);
    expect(run.out).toContain("deploy.pem");
  });

  test("fails on secret_string / password / token literals in Terraform JSON, passes on references", () => {
    const clean = synthOut({
      refs: JSON.stringify({
        resource: {
          v: {
            secret_string: "${var.value}",
            secret_string_wo: "${ephemeral.random_password.db.result}",
            password: "${var.db_password}",
            token_id: "abc",
          },
        },
      }),
    });
    expect(scan(["synth", "--no-synth", "--out", clean]).code).toBe(0);
    for (const key of ["secret_string", "password", "api_token"]) {
      const out = synthOut({ leak: JSON.stringify({ resource: { v: { [key]: "planted-literal-value-123" } } }) });
      const run = scan(["synth", "--no-synth", "--out", out]);
      expect([key, run.code]).toEqual([key, 1]);
      expect(run.out).toContain(join("stacks", "leak", "cdk.tf.json"));
    }
  });

  test("fails with a SARIF report for code scanning that lists the finding", () => {
    const out = synthOut({ leak: JSON.stringify({ resource: { v: { secret_string: "planted-literal-value-123" } } }) });
    const report = join(tempDir("golive-scan-sarif-"), "secretlint.sarif");
    const run = scan(["synth", "--no-synth", "--out", out, "--format", "sarif", "--output", report]);
    expect(run.code).toBe(1);
    const sarif: { version: string; runs: { results: { ruleId: string }[] }[] } = JSON.parse(readFileSync(report, "utf8"));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toEqual(["@secretlint/secretlint-rule-pattern"]);
  });

  test("fails in history mode on a key that was committed and deleted again, though the tree is clean", () => {
    const dir = tempDir("golive-scan-git-");
    git(dir, "init", "-q");
    writeFileSync(join(dir, "README.md"), "clean\n");
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "base");
    const base = git(dir, "rev-parse", "HEAD");
    writeFileSync(join(dir, "settings.ts"), `export const key = "${PLANTED_KEY_ID}";\n`);
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "oops");
    rmSync(join(dir, "settings.ts"));
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "remove it");
    expect(scan(["tree", "--root", dir]).code).toBe(0);
    const run = scan(["history", base, "--root", dir]);
    expect(run.code).toBe(1);
    expect(run.out).toContain("settings.ts");
    expect(scan(["history", git(dir, "rev-parse", "HEAD"), "--root", dir]).code).toBe(0);
  });

  test("fails with exit 2 on an unknown argument or base", () => {
    expect(scan(["--bogus"]).code).toBe(2);
    expect(scan(["history", "no-such-commit"]).code).toBe(2);
  });
});
