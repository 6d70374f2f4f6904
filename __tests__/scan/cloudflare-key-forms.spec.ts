import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { check, messages, ruleById } from "../checks/support";
import { tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";

// A legacy Cloudflare API token (40 characters) or Global API key (37 hex) where it is usually written:
// a Terraform provider block, a cdktf provider or an SDK client in code, a curl X-Auth-Key header, and
// direnv's .envrc and wrangler's .dev.vars. One temporary repository holds them all, with look-alikes
// that must pass, and one scan of its tree and of the commit adding them serves every case (each
// secretlint start costs about 0.7 CPU-s). Every value is built at run time: the gate scans this file.
const j = (...parts: string[]) => parts.join("");
const TOKEN = j("aB3dE5fG7hJ9", "kL2mN4pQ6rS8", "tU0vW1xYaB3dE5fG");
const GLOBAL_API_KEY = "0123456789abcdef".repeat(3).slice(0, 37);
const ENV_SECRET = j("kP3vQ9zR", "7tW2yX5m", "N8bL4cJ6");
const ACCOUNT_ID = "0123456789abcdef0123456789abcdef";

/** Each file holds a key in one of the forms the scan must fail. */
const PLANTED: Readonly<Record<string, string>> = {
  "infra/main.tf": `provider "cloudflare" {\n  api_token = "${TOKEN}"\n}\n`,
  "infra/global-key.tf": `provider "cloudflare" {\n  email   = "ops@example.com"\n  api_key = "${GLOBAL_API_KEY}"\n}\n`,
  "infra/variables.tf": `variable "cloudflare_api_token" {\n  type    = string\n  default = "${TOKEN}"\n}\n`,
  "src/stack.ts": `new CloudflareProvider(this, "cloudflare", {\n  apiToken: "${TOKEN}",\n});\n`,
  "src/client.ts": `const client = new Cloudflare({ apiToken: "${TOKEN}" });\n`,
  "tools/purge.py": `import CloudFlare\ncf = CloudFlare.CloudFlare(token="${TOKEN}")\n`,
  "tools/purge.sh": `curl -H "X-Auth-Email: ops@example.com" -H "X-Auth-Key: ${GLOBAL_API_KEY}" https://api.cloudflare.com/client/v4/zones\n`,
  ".envrc": `export AWS_PROFILE=opsbot\nexport SESSION_SECRET=${ENV_SECRET}\n`,
  "worker/.dev.vars": `API_SECRET=${ENV_SECRET}\n`,
  "worker/.dev.vars.staging": `API_SECRET="${ENV_SECRET}"\n`,
};

/** The same places holding a reference, an id or a setting: none may be named. */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  "infra/refs.tf": [
    'provider "cloudflare" {',
    "  api_token = var.cloudflare_api_token",
    "}",
    'variable "cloudflare_account_id" {',
    `  default = "${ACCOUNT_ID}"`,
    "}",
    "",
  ].join("\n"),
  "src/refs.ts": [
    'new CloudflareProvider(this, "cloudflare", { apiToken: process.env.CLOUDFLARE_API_TOKEN });',
    `new CloudflareProvider(this, "cf", { alias: "${TOKEN}" });`,
    "",
  ].join("\n"),
  "tools/refs.py": 'import os, CloudFlare\ncf = CloudFlare.CloudFlare(token=os.environ["CLOUDFLARE_API_TOKEN"])\n',
  "tools/refs.sh":
    'curl -H "X-Auth-Email: ops@example.com" -H "X-Auth-Key: $CLOUDFLARE_API_KEY" https://api.cloudflare.com/client/v4/zones\n',
  "refs/.envrc": "export AWS_PROFILE=opsbot-production\nexport NODE_ENV=development\nsource_up\n",
  "refs/.dev.vars": "ENVIRONMENT=development\nLOG_LEVEL=debug\n",
};

function git(dir: string, ...args: string[]): string {
  const run = spawnSync(
    "git",
    ["-c", "user.name=golive-test", "-c", "user.email=golive-test@example.com", "-c", "commit.gpgsign=false", ...args],
    { cwd: dir, encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(`git ${args.join(" ")}: ${run.stderr}`);
  return run.stdout.trim();
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** The repository (a base commit, then one adding every file) and its one scan, made on first use. */
let scanned: { dir: string; code: number | null; out: string } | undefined;
function scanOnce(): { dir: string; code: number | null; out: string } {
  if (scanned) return scanned;
  const dir = tempDir("golive-scan-cf-forms-");
  made.push(dir);
  git(dir, "init", "-q", "-b", "main");
  writeFileSync(join(dir, "README.md"), "clean\n");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "base");
  const base = git(dir, "rev-parse", "HEAD");
  for (const [name, text] of Object.entries({ ...PLANTED, ...LOOK_ALIKES })) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "planted");
  const run = spawnSync("bash", [join(REPO_ROOT, "scripts", "secret-scan.sh"), "tree", "history", base, "--root", dir], {
    cwd: REPO_ROOT,
    encoding: "utf8",
  });
  scanned = { dir, code: run.status, out: `${run.stdout}${run.stderr}` };
  return scanned;
}

/** Whether the scan's report names `file` of the tree, or `file` as the planted commit's version (`<tmp>/<commit>/<file>`). */
function named(file: string): { tree: boolean; history: boolean } {
  const { dir, out } = scanOnce();
  return { tree: out.includes(`${join(dir, file)}\n`), history: new RegExp(`/[0-9a-f]{12}/${file.replace(/\./g, "\\.")}\\n`).test(out) };
}

describe("secret-scan gate: a legacy Cloudflare key where it is usually written", () => {
  test.each(Object.keys(PLANTED))("fails on %s, in the tree and in the commit that added it", (file) => {
    expect(scanOnce().code).toBe(1);
    expect(named(file)).toEqual({ tree: true, history: true });
  });

  test("never prints a planted key", () => {
    for (const secret of [TOKEN, GLOBAL_API_KEY, ENV_SECRET]) expect(scanOnce().out).not.toContain(secret);
  });

  test.each(Object.keys(LOOK_ALIKES))("passes %s: a reference, an id, a setting or the token under another name", (file) => {
    expect(named(file)).toEqual({ tree: false, history: false });
  });

  test("golive check (GL-SEC-004) fails the same forms in synthesized values: the scanner's pattern set", () => {
    const forms = ["infra/main.tf", "infra/global-key.tf", "src/stack.ts", "tools/purge.py", "tools/purge.sh"];
    for (const file of forms) {
      const found = messages(check(ruleById("GL-SEC-004"), [{ name: "x-qa", file: "f", json: { locals: { planted: PLANTED[file] } } }]));
      expect([file, found.length, found[0] ?? ""]).toEqual([
        file,
        1,
        expect.stringContaining("holds a Cloudflare API token (value not shown)"),
      ]);
    }
  });
});
