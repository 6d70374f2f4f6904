import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { tempDir as makeTempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";
import { zipArchive } from "./zip-archive";

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

function scan(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const run = spawnSync("bash", [SCRIPT, ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, ...env } });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

/** A small tree (the example config and the scripts) to plant things in. */
function treeCopy(): string {
  const dir = tempDir("golive-scan-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  cpSync(join(REPO_ROOT, "scripts"), join(dir, "scripts"), { recursive: true });
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

/** A temp git repository holding the repo's .secretlintignore and .gitignore, with one commit. */
function gitRepo(): string {
  const dir = tempDir("golive-scan-git-");
  git(dir, "init", "-q", "-b", "main");
  for (const name of [".secretlintignore", ".gitignore"]) cpSync(join(REPO_ROOT, name), join(dir, name));
  writeFileSync(join(dir, "README.md"), "clean\n");
  commitAll(dir, "base");
  return dir;
}

function commitAll(dir: string, message: string): string {
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", message);
  return git(dir, "rev-parse", "HEAD");
}

/** Writes files (creating directories) under dir. */
function plant(dir: string, files: Record<string, string | Buffer>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

// A legacy Cloudflare API token: 40 characters of [A-Za-z0-9_-], nothing in it says "Cloudflare".
const PLANTED_CF_TOKEN = ["aB3dE5", "fG7hJ9", "kL2mN4"].join("").repeat(3).slice(0, 36).concat("pQ6r");
// A value a .env file should never hold in the clear: long, random-looking, mixed case and digits.
const PLANTED_ENV_SECRET = ["kP3vQ9zR", "7tW2yX5m", "N8bL4cJ6"].join("");

/** Runs `make` once, on first use: tests that plant into the same tree share one scan of it. */
function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: make() };
    return value.v;
  };
}

// secretlint takes about a second to start, so the planted findings share a few scans: one tree with
// every planted secret and every look-alike that must pass (each in its own file, each test asserting
// on its files), one synth output, one git history with every way of hiding a key in history.
const SLACK_HOOK = ["https://hooks.slack.com/services", "T4K2M9Q7Z", "B6R1W8N3P", "q8Zk2Lm4Np6Rt1Vx3Yb5Cd7F"].join("/");
const stateFile = (value: string) => JSON.stringify({ version: 4, resources: [{ instances: [{ attributes: { id: value } }] }] });
const BEARER = "Authorization: Bearer";
const PURGE_URL = "https://api.cloudflare.com/client/v4/zones/0123456789abcdef0123456789abcdef/purge_cache";
/** A workflow step calling the Cloudflare API with the token in its Authorization header. */
const purgeWorkflow = (token: string) =>
  `on: push\njobs:\n  purge:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -X POST -H "${BEARER} ${token}" ${PURGE_URL}\n`;
/** Look-alikes that must pass, planted beside the secrets: none of these files may be named. */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  "config/docs.ts": [
    `const id = "AKIAIOSFODNN7${"EXAMPLE"}";`,
    `const hook = "https://hooks.slack.com/services/T000/B000/${"X".repeat(16)}";`,
    "",
  ].join("\n"),
  "config/build.yaml": `build_id: ${PLANTED_CF_TOKEN}\ncloudflare_zone_name: example.com\ncf_token_ttl: 3600\n`,
  "scripts/env.sh": 'export CLOUDFLARE_API_TOKEN="${CLOUDFLARE_API_TOKEN:?set it}"\n',
  "config/clean.yml": [
    "password: ${DB_PASSWORD}",
    "db_password: '{{ vault.db }}'",
    'smtp_password: "<set in Secrets Manager>"',
    "admin_password: changeme",
    'redis_password: ""',
    "password:",
    "  secretName: db-password",
    "passwordPolicy: strict",
    "root_password: >-",
    "  {{ vault.root }}",
    "vault_password: |",
    "  ${VAULT_PASSWORD}",
    "passwordHint: |",
    "  ask the platform team",
    "password_length: 24",
    "",
  ].join("\n"),
  ".env.example": "APP_NAME=golive-chat\nAWS_REGION=eu-west-1\nSESSION_SECRET=\nORIGIN=https://chat.example.com/api/v1\n",
  "config/.env": "NODE_ENV=production\nLOG_LEVEL=info\nRELEASE=2026-11-29-build-1842\n",
  // Authorization headers holding a reference or a placeholder, never a token.
  "scripts/purge-refs.sh": [
    `curl -H "${BEARER} $CLOUDFLARE_API_TOKEN" ${PURGE_URL}`,
    `curl -H "${BEARER} \${CF_API_TOKEN}" ${PURGE_URL}`,
    `curl -H "${BEARER} <your-api-token>" ${PURGE_URL}`,
    `curl -H "${BEARER} YOUR_CLOUDFLARE_API_TOKEN_GOES_HERE_0123456789" ${PURGE_URL}`,
    `curl -H "${BEARER} ${"x".repeat(40)}" ${PURGE_URL}`,
    "",
  ].join("\n"),
  ".github/workflows/purge-refs.yml": purgeWorkflow("${{ secrets.CLOUDFLARE_API_TOKEN }}"),
  // wrangler.toml without a token; the 40 characters under another name.
  "scripts/wrangler.toml": `name = "app"\naccount_id = "0123456789abcdef0123456789abcdef"\nbuild_id = "${PLANTED_CF_TOKEN}"\n`,
  // A cloudflare block with zone names only, then the 40 characters under another parent's token.
  "config/cf-zones.yaml": `cloudflare:\n  zone: example.com\n  zones:\n    - example.net\n  plan: pro\nbuild:\n  token: ${PLANTED_CF_TOKEN}\n`,
  "config/cf-zones.json": JSON.stringify(
    { cloudflare: { zone: "example.com", plan: "pro" }, github: { token: PLANTED_CF_TOKEN } },
    null,
    2,
  ),
};
const dirtyTree = once(() => {
  const dir = treeCopy();
  plant(dir, {
    // State files tracked by git (added with -f below: the repository's .gitignore lists them).
    "terraform.edge-production.tfstate": stateFile(PLANTED_KEY_ID),
    "stacks/terraform.tfstate.backup": stateFile("clean"),
    "config/leak.ts": `export const key = "${PLANTED_KEY_ID}";\n`,
    "config/hook.ts": `const hook = "${SLACK_HOOK}";\n`,
    "scripts/deploy.pem": `${PLANTED_PRIVATE_KEY}\n`,
    "config/ci.yaml": `deploy:\n  cloudflare_api_token: ${PLANTED_CF_TOKEN}\n`,
    "config/ci.json": JSON.stringify({ cloudflareApiToken: PLANTED_CF_TOKEN }),
    "config/ci.env": `CF_API_KEY="${PLANTED_CF_TOKEN}"\n`,
    "scripts/deploy-now.sh": `#!/bin/sh\nexport CLOUDFLARE_API_TOKEN='${PLANTED_CF_TOKEN}'\nnpx cdktf deploy\n`,
    // The same token in the forms issue 13's follow-up audit found unseen: a Bearer header, wrangler's
    // api_token, under a cloudflare/cf object in JSON and YAML.
    "scripts/purge.sh": `#!/bin/sh\ncurl -X POST -H "${BEARER} ${PLANTED_CF_TOKEN}" ${PURGE_URL}\n`,
    ".github/workflows/purge.yml": purgeWorkflow(PLANTED_CF_TOKEN),
    "wrangler.toml": `name = "app"\nmain = "src/index.ts"\napi_token = "${PLANTED_CF_TOKEN}"\n`,
    "config/deploy.json": JSON.stringify(
      { cloudflare: { accountId: "0123456789abcdef0123456789abcdef", token: PLANTED_CF_TOKEN } },
      null,
      2,
    ),
    "config/deploy.yaml": `cloudflare:\n  zone: example.com\n  # the deploy token\n  api_token: ${PLANTED_CF_TOKEN}\n`,
    "config/a.yaml": `password: ${["s3cr3t", "Horse", "42"].join("-")}\n`,
    "config/b.yaml": `database:\n  db_password: "${["hunter", "2hunter2"].join("")}"\n`,
    "config/c.yml": `- smtp_password: ${["Tr0ub4dor", "&3"].join("")}\n`,
    // Block scalars: the value on the line below its key.
    "config/d.yaml": `db_password: |\n  ${["s3cr3t", "Horse", "42"].join("-")}\n`,
    "config/e.yml": `app:\n  password: >-\n\n    ${["hunter", "2hunter2"].join("")}\n`,
    // A Cloudflare name in camel case.
    "config/camel.yaml": `CloudFlareApiToken: ${PLANTED_CF_TOKEN}\n`,
    "config/camel.ts": `const cloudFlareToken = "${PLANTED_CF_TOKEN}";\n`,
    ".env": `NODE_ENV=production\nSESSION_SECRET=${PLANTED_ENV_SECRET}\n`,
    "config/.env.local": `export API_SECRET='${"0a1b2c3d4e5f6789".repeat(2)}'\n`,
    // A nested ignore file that would hide its folder if secretlint read it.
    "config/vendor/.secretlintignore": "*\n",
    "config/vendor/keys.ts": `export const key = "${PLANTED_KEY_ID}";\n`,
    ...LOOK_ALIKES,
  });
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-f", "terraform.edge-production.tfstate", "stacks/terraform.tfstate.backup");
  git(dir, "commit", "-qm", "state");
  return { dir, run: scan(["tree", "--root", dir]) };
});
/**
 * A history with a key or state file hidden in each way issue 13 names; every file holding one is named
 * after what it tests. The files of the issue 13 audit (`unseen` below) are committed on top, and one
 * scan of the tree and of the history since the first commit serves both (secretlint starts once per mode).
 */
const hiddenHistory = once(() => {
  const imported = gitRepo();
  plant(imported, { "root-commit-key.ts": `export const key = "${PLANTED_KEY_ID}";\n` });
  git(imported, "add", "-A");
  git(imported, "commit", "-q", "--amend", "-m", "root with a key"); // the key is in the root commit
  rmSync(join(imported, "root-commit-key.ts"));
  commitAll(imported, "remove it");
  plant(imported, { "kept-key.ts": `export const key = "${PLANTED_KEY_ID}";\n` });
  commitAll(imported, "a key still in the tree");
  plant(imported, { ".gitattributes": "id.txt ident\n", "id.txt": "v=$Id$\n" });
  commitAll(imported, "an ident-filtered file");

  const dir = gitRepo();
  const base = git(dir, "rev-parse", "HEAD");
  plant(dir, { "deleted-again.ts": `export const key = "${PLANTED_KEY_ID}";\n`, "terraform.tfstate": "{}\n" });
  git(dir, "add", "-f", "-A");
  commitAll(dir, "oops");
  git(dir, "rm", "-q", "deleted-again.ts", "terraform.tfstate");
  commitAll(dir, "remove them");
  plant(dir, { "lib/.secretlintignore": "*\n" });
  commitAll(dir, "hide lib");
  git(dir, "checkout", "-qb", "feature");
  plant(dir, { "feature.ts": "export const feature = 1;\n" });
  commitAll(dir, "feature");
  git(dir, "checkout", "-q", "main");
  plant(dir, { "main.ts": "export const main = 1;\n" });
  commitAll(dir, "main moves on");
  git(dir, "merge", "-q", "--no-ff", "--no-commit", "feature");
  plant(dir, { "merge-resolved.ts": `export const key = "${PLANTED_KEY_ID}";\n` });
  commitAll(dir, "merge feature");
  git(dir, "rm", "-q", "merge-resolved.ts");
  commitAll(dir, "remove it");
  git(dir, "fetch", "-q", imported, "main:imported");
  git(dir, "merge", "-q", "--allow-unrelated-histories", "--no-edit", "imported");
  plant(dir, unseenFiles());
  git(dir, "add", "-f", "-A");
  git(dir, "commit", "-qm", "planted");
  return { imported, base, head: git(dir, "rev-parse", "HEAD"), run: scan(["tree", "history", base, "--root", dir]), dir };
});

describe("secret-scan gate (scripts/secret-scan.sh)", () => {
  // The repository tree and a fresh synth are scanned by the secret gate of the test command itself
  // (scripts/test.sh: tree synth history all); the cases below plant what that gate must catch.
  test("fails on an AWS access key id planted in a copy of the tree, naming the file", () => {
    const { dir, run } = dirtyTree();
    expect(run.code).toBe(1);
    expect(run.out).toContain(join(dir, "config", "leak.ts"));
    expect(run.out).not.toContain(PLANTED_KEY_ID); // secretlint masks what it found
  });

  test("documented placeholders pass (AWS's ...EXAMPLE key id, an all-X Slack webhook); a real-looking webhook fails", () => {
    expect(dirtyTree().run.out).not.toContain("docs.ts");
    expect(dirtyTree().run.out).toContain(join(dirtyTree().dir, "config", "hook.ts"));
  });

  test("fails on a private key block planted in a copy of the tree", () => {
    expect(dirtyTree().run.out).toContain(join(dirtyTree().dir, "scripts", "deploy.pem"));
  });

  // One synth output with a literal under each secret-like attribute, scanned once as SARIF: each
  // finding is asserted by file, and the report format is checked on the same run.
  const leakedSynth = once(() => {
    const keys = ["secret_string", "password", "api_token"];
    const out = synthOut({
      ...Object.fromEntries(
        keys.map((key) => [`leak-${key}`, JSON.stringify({ resource: { v: { [key]: "planted-literal-value-123" } } })]),
      ),
      // References and a non-secret attribute: must pass.
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
    const report = join(tempDir("golive-scan-sarif-"), "secretlint.sarif");
    const run = scan(["synth", "--no-synth", "--out", out, "--format", "sarif", "--output", report]);
    const sarif: {
      version: string;
      runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    } = JSON.parse(readFileSync(report, "utf8"));
    return { keys, run, sarif };
  });

  test("fails on secret_string / password / token literals in Terraform JSON, passes on references", () => {
    const { keys, run, sarif } = leakedSynth();
    expect(run.code).toBe(1);
    const found = sarif.runs[0]?.results.flatMap((r) => r.locations.map((l) => l.physicalLocation.artifactLocation.uri)) ?? [];
    for (const key of keys) expect([key, found.includes(`stacks/leak-${key}/cdk.tf.json`)]).toEqual([key, true]);
    expect(found.filter((uri) => uri.includes("refs"))).toEqual([]);
  });

  test("fails with a SARIF report for code scanning that lists the finding", () => {
    const { keys, run, sarif } = leakedSynth();
    expect(run.code).toBe(1);
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toEqual(keys.map(() => "@secretlint/secretlint-rule-pattern"));
  });

  test("scans a tree of more files than one secretlint batch, and finds a key in the last batch", () => {
    const dir = tempDir("golive-scan-batch-");
    const files: Record<string, string> = {};
    for (let i = 0; i < 4; i += 1) files[`notes/n${String(i).padStart(3, "0")}.md`] = `note ${i}\n`;
    files["zz/leak.ts"] = `export const key = "${PLANTED_KEY_ID}";\n`;
    plant(dir, files);
    const run = scan(["tree", "--root", dir], { SECRET_SCAN_BATCH: "3" });
    expect(run.code).toBe(1);
    expect(run.out).toContain(join(dir, "zz", "leak.ts"));
  });

  test("fails in history mode on a key that was committed and deleted again (no longer in the tree)", () => {
    const { run, head, dir } = hiddenHistory();
    expect(run.code).toBe(1);
    expect(run.out).toContain("deleted-again.ts");
    expect(scan(["history", head, "--root", dir]).code).toBe(0);
  });

  test("fails with exit 2 on an unknown argument or base", () => {
    expect(scan(["--bogus"]).code).toBe(2);
    expect(scan(["history", "no-such-commit"]).code).toBe(2);
  });
});

describe("secret-scan gate: misses and bypasses of issue 13", () => {
  test("fails on a legacy Cloudflare API token assigned to a cloudflare/cf token or key name in YAML, JSON, .env and shell", () => {
    const { dir, run } = dirtyTree();
    for (const file of ["config/ci.yaml", "config/ci.json", "config/ci.env", "scripts/deploy-now.sh"])
      expect(run.out).toContain(join(dir, file));
    expect(run.out).not.toContain(PLANTED_CF_TOKEN);
  });

  test("fails on a legacy Cloudflare API token in a Bearer header (shell script, workflow run:), wrangler.toml's api_token, and under a cloudflare key in JSON and YAML", () => {
    const { dir, run } = dirtyTree();
    for (const file of ["scripts/purge.sh", ".github/workflows/purge.yml", "wrangler.toml", "config/deploy.json", "config/deploy.yaml"])
      expect([file, run.out.includes(`${join(dir, file)}\n`)]).toEqual([file, true]);
    expect(run.out).not.toContain(PLANTED_CF_TOKEN);
  });

  test("look-alikes pass: the same 40 characters under another name, a Cloudflare name holding no token, YAML placeholders and references, ordinary .env settings, Bearer references and placeholders, a cloudflare block of zone names", () => {
    const { dir, run } = dirtyTree();
    // stylish names each file with findings on a line of its own
    const named = Object.keys(LOOK_ALIKES).filter((file) => run.out.includes(`${join(dir, file)}\n`));
    expect(named).toEqual([]);
    expect(run.out).toContain(`${join(dir, "config/leak.ts")}\n`); // the form looked for above
  });

  test("fails on password, db_password and *_password values in YAML", () => {
    const { dir, run } = dirtyTree();
    for (const file of ["config/a.yaml", "config/b.yaml", "config/c.yml"]) expect(run.out).toContain(join(dir, file));
  });

  test("fails on a password in a YAML block scalar (db_password: |, password: >-) and on a Cloudflare token under a camel-case name (CloudFlareApiToken, cloudFlareToken)", () => {
    const { dir, run } = dirtyTree();
    for (const file of ["config/d.yaml", "config/e.yml", "config/camel.yaml", "config/camel.ts"])
      expect([file, run.out.includes(`${join(dir, file)}\n`)]).toEqual([file, true]);
    expect(run.out).not.toContain(PLANTED_CF_TOKEN);
  });

  test("fails on a high-entropy value in a .env file", () => {
    const { dir, run } = dirtyTree();
    expect(run.out).toContain(`${join(dir, ".env")}\n`);
    expect(run.out).toContain(join(dir, "config/.env.local"));
    expect(run.out).not.toContain(PLANTED_ENV_SECRET);
  });

  test("fails on a committed terraform.*.tfstate: its AWS key is found and the tracked file is named, even when clean", () => {
    // Planted in the dirty tree, a git repository where both state files are tracked.
    const { dir, run } = dirtyTree();
    expect(run.code).toBe(1);
    expect(run.out).toContain(`${join(dir, "terraform.edge-production.tfstate")}\n`); // secretlint's finding
    expect(run.out).toMatch(/terraform\.edge-production\.tfstate: tracked by git/);
    expect(run.out).toContain(`${join(dir, "stacks/terraform.tfstate.backup")}: tracked by git`);
    expect(run.out).not.toContain(PLANTED_KEY_ID);
  });

  test("fails in history mode on a state file committed and removed again", () => {
    expect(hiddenHistory().run.out).toMatch(/[0-9a-f]{12}:terraform\.tfstate: committed/);
  });

  test("refuses a nested .secretlintignore, naming it, in the tree, in synth output and in history", () => {
    const { dir, run: tree } = dirtyTree();
    expect(tree.out).toContain(
      `${join(dir, "config/vendor/.secretlintignore")}: a .secretlintignore other than the repository root's is refused`,
    );
    expect(tree.out).toContain(join(dir, "config/vendor/keys.ts"));

    const out = synthOut({ clean: JSON.stringify({ resource: {} }) });
    plant(out, { ".secretlintignore": "**/*\n" });
    const synth = scan(["synth", "--no-synth", "--out", out]);
    expect(synth.code).toBe(1);
    expect(synth.out).toContain(join(out, ".secretlintignore"));

    expect(hiddenHistory().run.out).toMatch(/[0-9a-f]{12}:lib\/\.secretlintignore: a \.secretlintignore other than/);
  });

  test("fails in history mode on a key that only a merge commit added and a later commit deleted", () => {
    expect(hiddenHistory().run.out).toContain("merge-resolved.ts");
  });

  test("fails in history mode on a key in a root commit: `history all`, and an unrelated history merged in", () => {
    const { imported } = hiddenHistory();
    // The test command's gate runs `tree ... history all`: a tracked file as committed is left to the
    // history scan, so the tree scan must still take untracked and changed files.
    plant(imported, { "untracked-key.ts": `export const key = "${PLANTED_KEY_ID}";\n`, "README.md": `clean\n${PLANTED_KEY_ID}\n` });
    // A changed file git is told to ignore changes of (`git diff` no longer lists it) is still changed.
    git(imported, "update-index", "--skip-worktree", "README.md");
    // git's ident filter turns `$Id: anything $` back into `$Id$`: hashed through it, this file would read as committed.
    plant(imported, { "id.txt": `v=$Id: ${PLANTED_KEY_ID} $\n` });
    const all = scan(["tree", "history", "all", "--root", imported]);
    expect(all.code).toBe(1);
    expect(all.out).toContain("root-commit-key.ts");
    expect(all.out).toContain(`${join(imported, "untracked-key.ts")}\n`);
    expect(all.out).toContain(`${join(imported, "README.md")}\n`);
    expect(all.out).toContain(`${join(imported, "id.txt")}\n`);
    expect(all.out).toMatch(/[0-9a-f]{12}\/kept-key\.ts\n/); // found once, in the commit that added it
    expect(all.out).not.toContain(`${join(imported, "kept-key.ts")}\n`);
    expect(hiddenHistory().run.out).toContain("root-commit-key.ts");
  });
});

// A GitHub token, assembled at run time; and every way issue 13's audit found to commit one unseen:
// under a path the ignore file hid at any depth, behind NUL bytes, UTF-16 or gzip.
const PLANTED_GH_TOKEN = ["gh", "p_", "A1b2C3d4".repeat(4), "e5F6"].join("");
const tokenLine = `token: ${PLANTED_GH_TOKEN}\n`;
/** Bytes that look random and hold no secret (a fixed sequence, so a failure can be reproduced). */
function noise(length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0, x = 7; i < length; i++) out[i] = x = (x * 1103515245 + 12345) % 251;
  return out;
}
/** `text` in UTF-32, little- or big-endian (node has no UTF-32 encoder). */
function utf32(text: string, order: "le" | "be"): Buffer {
  const codePoints = Array.from(text, (c) => c.codePointAt(0) ?? 0);
  const out = Buffer.alloc(codePoints.length * 4);
  codePoints.forEach((cp, i) => (order === "le" ? out.writeUInt32LE(cp, i * 4) : out.writeUInt32BE(cp, i * 4)));
  return out;
}
// secretlint's disable comments, assembled at run time: written here, they would act on this file.
const DISABLE = ["secretlint", "disable"].join("-");
/** Every way issue 13's audit found to commit a token unseen, committed on top of hiddenHistory's history. */
function unseenFiles(): Record<string, string | Buffer> {
  return {
    // a token behind every form of disable comment, and prose naming one (which must pass)
    "disabled.yml": `# ${DISABLE}\ntoken: ${PLANTED_GH_TOKEN}\n`,
    "disabled-line.yml": `token: ${PLANTED_GH_TOKEN} # ${DISABLE}-line\n`,
    "disabled-next.js": `// ${DISABLE}-next-line\nconst t="${PLANTED_GH_TOKEN}"\n`,
    "disabled-rules.ts": `const t = "${PLANTED_GH_TOKEN}"; // ${DISABLE}-line @secretlint/secretlint-rule-github, @secretlint/secretlint-rule-pattern -- fixture\n`,
    "disable-prose.md": `A fixture never carries \`// ${DISABLE}-line\` with a reason.\n${["secretlint", "enable"].join("-")}\n`,
    // matched by the old `**/coverage/` and `**/package-lock.json` at any depth: now scanned
    "docs/coverage/notes.md": tokenLine,
    "config/package-lock.json": JSON.stringify({ packages: { "": { token: PLANTED_GH_TOKEN } } }),
    // under paths the ignore file skips: never read, so refused while tracked or committed
    "infra/.terraform/creds": tokenLine,
    "coverage/report.md": "clean\n",
    // named one by one in the ignore file: skipped, not refused (its integrity hashes look like secrets)
    "package-lock.json": JSON.stringify({ packages: { x: { integrity: `sha512-${noise(64).toString("base64")}` } } }),
    // what secretlint takes for binary or reads as bytes
    "notes/creds": Buffer.concat([Buffer.from([0, 0, 0]), Buffer.from(tokenLine)]),
    "config/creds.yaml.gz": gzipSync(tokenLine),
    "docs/creds-utf16.md": Buffer.from(`\ufeff${tokenLine}`, "utf16le"),
    "docs/creds-utf16le.txt": Buffer.from(tokenLine, "utf16le"),
    // UTF-32 with either byte order mark, and without one; UTF-16 whose first character is U+0000 begins
    // with UTF-32LE's byte order mark
    "docs/creds-utf32le.txt": utf32(`\ufeff${tokenLine}`, "le"),
    "docs/creds-utf32be.txt": utf32(`\ufeff${tokenLine}`, "be"),
    "docs/creds-utf32-nobom.txt": utf32(tokenLine, "le"),
    "docs/creds-utf16-nul.md": Buffer.from(`\ufeff\u0000${tokenLine}`, "utf16le"),
    // archives: a zip (deflated, or stored under another name) is read entry by entry; what node
    // cannot open is refused (the bytes after each magic number are noise, as good as any content)
    "release/creds.zip": zipArchive([
      ["bundle/", ""],
      ["bundle/creds.yaml", tokenLine],
    ]),
    "release/creds-stored.jar": zipArchive([["creds.yaml", tokenLine]], { method: 0 }),
    "release/creds.yaml.bz2": Buffer.concat([Buffer.from("BZh91AY&SY"), noise(256)]),
    "release/creds.yaml.xz": Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), noise(256)]),
    "release/locked.zip": zipArchive([["creds.yaml", tokenLine]], { encrypted: true }),
    // names secretlint took for globs (matching no file), and folders its search always skips
    "creds{,}.txt": tokenLine,
    "+(prod).env.txt": tokenLine,
    "docs/node_modules/creds.txt": tokenLine,
    "node_modules/vendored.txt": "clean\n",
    // look-alikes that must pass: noise, clean text gzipped or in UTF-16
    "assets/noise.bin": noise(4096),
    "assets/clean.txt.gz": gzipSync("nothing to see\n".repeat(50)),
    "assets/clean-utf16.md": Buffer.from("\ufeffnothing to see\n", "utf16le"),
    "assets/clean-utf32.md": utf32("\ufeffnothing to see \u{1f600}\n", "be"),
    "assets/clean.zip": zipArchive([["notes.txt", "nothing to see\n".repeat(50)]]),
  };
}
/** The scan of the planted files: a tree and a history (since its first commit) that both hold them. */
const unseen = hiddenHistory;

describe("secret-scan gate: what the ignore file and secretlint's binary test hid (issue 13 audit)", () => {
  /** The file named as a finding by the tree scan and by the history scan (in its commit's folder). */
  const named = (out: string, dir: string, file: string) => ({
    file,
    tree: out.includes(`${join(dir, file)}\n`),
    history: new RegExp(`/[0-9a-f]{12}/${file.replace(/[.]/g, "\\.")}\n`).test(out),
  });

  test("fails on a token in docs/coverage/ and in config/package-lock.json: the ignore file skips those names at the root only", () => {
    const { dir, run } = unseen();
    expect(run.code).toBe(1);
    for (const file of ["docs/coverage/notes.md", "config/package-lock.json"])
      expect(named(run.out, dir, file)).toEqual({ file, tree: true, history: true });
    expect(run.out).not.toContain(PLANTED_GH_TOKEN);
  });

  test("refuses a file tracked or committed under a skipped path (infra/.terraform/, coverage/), naming it, even when clean", () => {
    const { dir, run } = unseen();
    for (const file of ["infra/.terraform/creds", "coverage/report.md"]) {
      expect(run.out).toContain(`${join(dir, file)}: tracked by git under a path .secretlintignore skips`);
      expect(run.out).toMatch(new RegExp(`[0-9a-f]{12}:${file.replace(/[.]/g, "\\.")}: committed under a path \\.secretlintignore skips`));
    }
  });

  test("a file the ignore file names itself (/package-lock.json) is skipped and not refused, in the tree and in history", () => {
    const { dir, run } = unseen();
    expect(run.out).not.toContain(join(dir, "package-lock.json"));
    expect(run.out).not.toMatch(/[0-9a-f]{12}[:/]package-lock\.json/);
    expect(run.out).toMatch(/[0-9a-f]{12}\/config\/package-lock\.json\n/); // the form looked for
  });

  test("fails on a token behind NUL bytes, in UTF-16 (with or without a byte order mark) and gzipped, naming each file", () => {
    const { dir, run } = unseen();
    for (const [file, kind] of [
      ["notes/creds", "strings"],
      ["config/creds.yaml.gz", "gunzip"],
      ["docs/creds-utf16.md", "utf16"],
      ["docs/creds-utf16le.txt", "strings"], // no byte order mark: its UTF-16 runs
    ] as const) {
      expect(run.out).toContain(`secret-scan: ${join(dir, file)}: found in its ${kind} text`);
      expect(run.out).toMatch(new RegExp(`secret-scan: \\S+/[0-9a-f]{12}/${file.replace(/[.]/g, "\\.")}: found in its ${kind} text`));
    }
  });

  test("fails on a token in UTF-32 with a little- or big-endian byte order mark or without one, and in UTF-16 whose first character is U+0000, naming each file", () => {
    const { dir, run } = unseen();
    for (const [file, kind] of [
      ["docs/creds-utf32le.txt", "utf32"],
      ["docs/creds-utf32be.txt", "utf32"],
      ["docs/creds-utf32-nobom.txt", "strings"], // no byte order mark: its UTF-32 runs
      ["docs/creds-utf16-nul.md", "utf32"], // read as UTF-32 and, its units no code points, as UTF-16 too
    ] as const) {
      expect(run.out).toContain(`secret-scan: ${join(dir, file)}: found in its ${kind} text`);
      expect(run.out).toMatch(new RegExp(`secret-scan: \\S+/[0-9a-f]{12}/${file.replace(/[.]/g, "\\.")}: found in its ${kind} text`));
    }
    expect(run.out).toContain(`secret-scan: ${join(dir, "docs/creds-utf16.md")}: found in its utf16 text`);
  });

  test("fails on a token in a zip archive, deflated or stored; refuses bzip2, xz and an encrypted zip entry as not scannable; each named, in the tree and in history", () => {
    const { dir, run } = unseen();
    for (const file of ["release/creds.zip", "release/creds-stored.jar"]) {
      expect(run.out).toContain(`secret-scan: ${join(dir, file)}: found in its unzip text`);
      expect(run.out).toMatch(new RegExp(`secret-scan: \\S+/[0-9a-f]{12}/${file.replace(/[.]/g, "\\.")}: found in its unzip text`));
    }
    for (const [file, kind] of [
      ["release/creds.yaml.bz2", "bzip2"],
      ["release/creds.yaml.xz", "xz"],
      ["release/locked.zip", "zip entry creds.yaml encrypted"],
    ] as const) {
      const refusal = `: archive not scannable: ${kind}; list it in .secretlintignore after checking it`;
      expect(run.out).toContain(`secret-scan: ${join(dir, file)}${refusal}`);
      expect(run.out).toMatch(new RegExp(`secret-scan: \\S+/[0-9a-f]{12}/${file.replace(/[.]/g, "\\.")}${refusal.replace(/[.]/g, "\\.")}`));
    }
  });

  test("fails on a token in a file whose name looks like a glob (creds{,}.txt, +(prod).env.txt), in the tree and in history", () => {
    const { dir, run } = unseen();
    for (const file of ["creds{,}.txt", "+(prod).env.txt"]) {
      expect(run.out).toContain(`${join(dir, file)}\n`);
      expect(run.out).toMatch(new RegExp(`/[0-9a-f]{12}/${file.replace(/[.{}()+,]/g, "\\$&")}\n`));
    }
  });

  test("fails on a token below a nested node_modules (secretlint never searches one); refuses a file tracked under the root node_modules", () => {
    const { dir, run } = unseen();
    const file = "docs/node_modules/creds.txt";
    expect(run.out).toContain(`secret-scan: ${join(dir, file)}: found below a folder secretlint skips, in its copy`);
    expect(run.out).toMatch(/secret-scan: \S+\/[0-9a-f]{12}\/docs\/node_modules\/creds\.txt: found below a folder secretlint skips/);
    expect(run.out).toContain(`${join(dir, "node_modules/vendored.txt")}: tracked by git under node_modules/, which the tree scan skips`);
  });

  test("look-alikes pass: random-looking bytes, clean text gzipped, in UTF-16 or in UTF-32", () => {
    const { run } = unseen();
    expect(run.out).not.toMatch(/assets\//);
  });
});

// The disable comments' files are planted among unseenFiles(): the one tree and history scan serves them.
describe("secret-scan gate: secretlint disable comments", () => {
  const planted = [
    ["disabled.yml", 1, DISABLE],
    ["disabled-line.yml", 1, `${DISABLE}-line`],
    ["disabled-next.js", 1, `${DISABLE}-next-line`],
    ["disabled-rules.ts", 1, `${DISABLE}-line`],
  ] as const;

  test("fails on a token behind a file-wide, -line, -next-line or rule-naming disable comment, in the tree and in history: the comment hides nothing", () => {
    const { dir, run } = unseen();
    expect(run.code).toBe(1);
    for (const [file] of planted) {
      expect([file, run.out.includes(`${join(dir, file)}\n`)]).toEqual([file, true]);
      expect([file, new RegExp(`/[0-9a-f]{12}/${file.replace(/[.]/g, "\\.")}\n`).test(run.out)]).toEqual([file, true]);
    }
    expect(run.out).not.toContain(PLANTED_GH_TOKEN);
  });

  test("refuses each disable comment, naming its file and line, in the tree and in history", () => {
    const { dir, run } = unseen();
    for (const [file, line, comment] of planted) {
      const refusal = `:${line}: a ${comment} comment is refused (it would hide a finding from the gate)`;
      expect(run.out).toContain(`secret-scan: ${join(dir, file)}${refusal}`);
      expect(run.out).toMatch(
        new RegExp(`secret-scan: \\S+/[0-9a-f]{12}/${file.replace(/[.]/g, "\\.")}${refusal.replace(/[.()]/g, "\\$&")}`),
      );
    }
  });

  test("prose naming a disable comment, and an enable comment, pass: they hide nothing", () => {
    const { run } = unseen();
    expect(run.out).not.toContain("disable-prose.md");
  });
});

/** `history verified`: a clean repository recorded as verified, and one whose verified part holds a key. */
const verified = once(() => {
  const clean = gitRepo();
  const recorded = scan(["history", "all", "--record-verified", "--root", clean]);
  const line =
    readFileSync(join(clean, ".secret-scan-verified"), "utf8")
      .split("\n")
      .find((l) => /^[0-9a-f]{40} /.test(l)) ?? "";
  const digest = line.split(" ")[1] ?? "";

  const dir = gitRepo();
  plant(dir, { "old-key.ts": `export const key = "${PLANTED_KEY_ID}";\n` });
  const trusted = commitAll(dir, "a key in the verified part of the history");
  writeFileSync(join(dir, ".secret-scan-verified"), `# verified\n${trusted} ${digest}\n`);
  plant(dir, { "new-key.ts": `export const key = "${PLANTED_KEY_ID}";\n`, "edited.ts": "export {};\n" });
  commitAll(dir, "a key after it");
  // With tree, as the test command runs it: a changed and an untracked file are the tree scan's.
  plant(dir, { "edited.ts": `export const key = "${PLANTED_KEY_ID}";\n`, "untracked.ts": `export const key = "${PLANTED_KEY_ID}";\n` });
  return { clean, recorded, line, digest, dir, trusted, run: scan(["tree", "history", "verified", "--root", dir]) };
});

describe("secret-scan gate: history verified (what the test command scans)", () => {
  test("--record-verified after a clean scan of every commit writes HEAD and the scanner's digest", () => {
    const { clean, recorded, line } = verified();
    expect(recorded.code).toBe(0);
    expect(line).toBe(`${git(clean, "rev-parse", "HEAD")} ${line.split(" ")[1]}`);
    expect(line.split(" ")[1]).toMatch(/^[0-9a-f]{64}$/);
  });

  test("scans only the commits after the verified one, and finds a key there", () => {
    const { run } = verified();
    expect(run.code).toBe(1);
    expect(run.out).toContain("new-key.ts");
    expect(run.out).not.toContain("old-key.ts");
    expect(run.out).toMatch(/history since [0-9a-f]{12}, verified clean by this scanner/);
  });

  test("with tree: leaves to the verified history only files as committed; a changed or untracked file is scanned", () => {
    const { dir, run } = verified();
    expect(run.out).toContain(`${join(dir, "edited.ts")}\n`);
    expect(run.out).toContain(`${join(dir, "untracked.ts")}\n`);
    // As committed at or before the verified commit: the recorded full scan covered it (the test
    // command relies on this to scan each file once).
    expect(run.out).not.toContain("old-key.ts");
  });

  test("scans every commit when the record does not hold: another scanner, another history, malformed, missing", () => {
    const { dir, trusted, digest } = verified();
    const range = () => scan(["history", "verified", "--print-range", "--root", dir]);
    expect(range().out).toContain(`${trusted}..HEAD`);
    const cases: [string, RegExp][] = [
      [`${trusted} ${"0".repeat(64)}\n`, /the scanner changed since/],
      [`${"1".repeat(40)} ${digest}\n`, /is not in this history/],
      ["verified yesterday\n", /not '<commit> <digest>'/],
    ];
    for (const [content, why] of cases) {
      writeFileSync(join(dir, ".secret-scan-verified"), content);
      expect(range().out).toMatch(why);
      expect(range().out.split("\n")[0]).toBe("all");
    }
    rmSync(join(dir, ".secret-scan-verified"));
    expect(range().out).toMatch(/^all\n[\s\S]*no \.secret-scan-verified/);
  });

  test("--record-verified writes nothing when the scan finds anything, and needs history all", () => {
    const { dir } = verified();
    rmSync(join(dir, ".secret-scan-verified"), { force: true });
    expect(scan(["history", "all", "--record-verified", "--root", dir]).code).toBe(1);
    expect(() => readFileSync(join(dir, ".secret-scan-verified"))).toThrow();
    expect(scan(["history", "HEAD~1", "--record-verified", "--root", dir]).code).toBe(2);
  });
});

describe(".gitignore", () => {
  test("ignores .env, .env.* and *.tfvars files but keeps .env.example", () => {
    const dir = gitRepo();
    const ignored = (path: string) => spawnSync("git", ["check-ignore", "-q", "--no-index", path], { cwd: dir }).status === 0;
    for (const path of [
      ".env",
      ".env.production",
      "config/.env.local",
      "production.tfvars",
      "stacks/x/staging.tfvars",
      "secrets.auto.tfvars.json",
    ])
      expect([path, ignored(path)]).toEqual([path, true]);
    for (const path of [".env.example", "config/.env.example", "README.md"]) expect([path, ignored(path)]).toEqual([path, false]);
  });
});
