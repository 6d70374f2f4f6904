import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir as makeTempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { importHistory } from "./git-history";
import { planted } from "./planted-repository";
import { PATTERN_SAMPLES } from "./pattern-samples";
import { LEAKED_ATTRIBUTES, plantedSynth, stackFile } from "./planted-synth";
import { DISABLE, KEY_FILE, LOOK_ALIKES, PLANTED_CF_TOKEN, PLANTED_ENV_SECRET, PLANTED_GH_TOKEN, PLANTED_KEY_ID } from "./planted-files";
import { gitRepo, once, scan } from "./secret-scan-run";

const made: string[] = [];
function tempDir(prefix: string): string {
  const dir = makeTempDir(prefix);
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

// secretlint takes about a second of CPU to start, once per mode of a scan and per batch of files, so
// the scenarios share repositories and scans, each test asserting on its own files: the planted
// repository (planted-repository.ts), scanned once as the test command's gate scans; one synth output
// (planted-synth.ts), scanned once as SARIF; and here, one history of its own scanned with `history all`.

/**
 * `history all --record-verified` of a history of its own: a root commit with a key, and one removing it.
 * It finds the key, so nothing may be recorded as verified. With no .secretlintignore, the history scan
 * reads exactly the root commit's files, in path order, in batches of all but one: the second batch is
 * zz/leak.ts alone.
 */
const historyAll = once(() => {
  const dir = gitRepo(tempDir("golive-scan-git-"));
  const root = { "README.md": "clean\n", "root-commit-key.ts": KEY_FILE, "zz/leak.ts": KEY_FILE };
  importHistory(dir, [
    { name: "root with a key", files: root },
    { name: "remove the root commit's key", deletes: ["root-commit-key.ts"] },
  ]);
  const batch = String(Object.keys(root).length - 1);
  return { dir, run: scan(["history", "all", "--record-verified", "--root", dir], { SECRET_SCAN_BATCH: batch }) };
});

describe("secret-scan gate (scripts/secret-scan.sh)", () => {
  // The repository tree and a fresh synth are scanned by the secret gate of the test command itself
  // (scripts/test.sh: tree synth history all); the cases below plant what that gate must catch.
  test("fails on an AWS access key id planted in a copy of the tree, naming the file", () => {
    const { dir, run } = planted();
    expect(run.code).toBe(1);
    expect(run.out).toContain(join(dir, "config", "leak.ts"));
    expect(run.out).not.toContain(PLANTED_KEY_ID); // secretlint masks what it found
  });

  test("documented placeholders pass (AWS's ...EXAMPLE key id, an all-X Slack webhook); a real-looking webhook fails", () => {
    expect(planted().run.out).not.toContain("docs.ts");
    expect(planted().run.out).toContain(join(planted().dir, "config", "hook.ts"));
  });

  test("fails on a private key block planted in a copy of the tree", () => {
    expect(planted().run.out).toContain(join(planted().dir, "scripts", "deploy.pem"));
  });

  test("fails on secret_string / password / token literals in Terraform JSON, passes on references", () => {
    const { run, found } = plantedSynth();
    expect(run.code).toBe(1);
    for (const key of LEAKED_ATTRIBUTES) expect([key, found.includes(stackFile(`leak-${key}`))]).toEqual([key, true]);
    expect(found.filter((uri) => uri.includes("refs"))).toEqual([]);
  });

  test("fails with a SARIF report for code scanning that lists the finding", () => {
    const { run, sarif, found } = plantedSynth();
    expect(run.code).toBe(1);
    expect(sarif.version).toBe("2.1.0");
    const leaks = (sarif.runs[0]?.results ?? []).filter((r) =>
      r.locations.some((l) => l.physicalLocation.artifactLocation.uri.includes("/leak-")),
    );
    // One finding per leaked attribute, and `password` a second time: a quoted password literal in a JSON file too.
    expect(leaks.map((r) => r.ruleId)).toEqual([...LEAKED_ATTRIBUTES, "password"].map(() => "@secretlint/secretlint-rule-pattern"));
    // The output's only other findings: PATTERN_SAMPLES' stacks (shared-patterns.spec.ts), each its own rule's.
    const expected = new Set([...LEAKED_ATTRIBUTES.map((key) => stackFile(`leak-${key}`)), ...Object.keys(PATTERN_SAMPLES).map(stackFile)]);
    expect(found.filter((uri) => !expected.has(uri))).toEqual([]);
  });

  test("scans a tree of more files than one secretlint batch, and finds a key in the last batch", () => {
    // A commit's files, as the history scan reads them, in batches of all but one: two secretlint runs,
    // each with its report (the batches are the same code for every mode).
    const { run } = historyAll();
    expect(run.code).toBe(1);
    expect(run.out.match(/ \d+ problems? \(/g)).toHaveLength(2);
    expect(run.out).toMatch(/\/[0-9a-f]{12}\/zz\/leak\.ts\n/);
  });

  test("fails in history mode on a key that was committed and deleted again (no longer in the tree)", () => {
    const { run, head, dir } = planted();
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
    const { dir, run } = planted();
    for (const file of ["config/ci.yaml", "config/ci.json", "config/ci.env", "scripts/deploy-now.sh"])
      expect(run.out).toContain(join(dir, file));
    expect(run.out).not.toContain(PLANTED_CF_TOKEN);
  });

  test("fails on a legacy Cloudflare API token in a Bearer header (shell script, workflow run:), wrangler.toml's api_token, and under a cloudflare key in JSON and YAML", () => {
    const { dir, run } = planted();
    for (const file of ["scripts/purge.sh", ".github/workflows/purge.yml", "wrangler.toml", "config/deploy.json", "config/deploy.yaml"])
      expect([file, run.out.includes(`${join(dir, file)}\n`)]).toEqual([file, true]);
    expect(run.out).not.toContain(PLANTED_CF_TOKEN);
  });

  test("look-alikes pass: the same 40 characters under another name, a Cloudflare name holding no token, YAML placeholders and references, ordinary .env settings, Bearer references and placeholders, a cloudflare block of zone names", () => {
    const { dir, run } = planted();
    // stylish names each file with findings on a line of its own
    const named = Object.keys(LOOK_ALIKES).filter((file) => run.out.includes(`${join(dir, file)}\n`));
    expect(named).toEqual([]);
    expect(run.out).toContain(`${join(dir, "config/leak.ts")}\n`); // the form looked for above
  });

  test("fails on password, db_password and *_password values in YAML", () => {
    const { dir, run } = planted();
    for (const file of ["config/a.yaml", "config/b.yaml", "config/c.yml"]) expect(run.out).toContain(join(dir, file));
  });

  test("fails on a password in a YAML block scalar (db_password: |, password: >-) and on a Cloudflare token under a camel-case name (CloudFlareApiToken, cloudFlareToken)", () => {
    const { dir, run } = planted();
    for (const file of ["config/d.yaml", "config/e.yml", "config/camel.yaml", "config/camel.ts"])
      expect([file, run.out.includes(`${join(dir, file)}\n`)]).toEqual([file, true]);
    expect(run.out).not.toContain(PLANTED_CF_TOKEN);
  });

  test("fails on a high-entropy value in a .env file", () => {
    const { dir, run } = planted();
    expect(run.out).toContain(`${join(dir, ".env")}\n`);
    expect(run.out).toContain(join(dir, "config/.env.local"));
    expect(run.out).not.toContain(PLANTED_ENV_SECRET);
  });

  test("fails on a committed terraform.*.tfstate: its AWS key is found and the tracked file is named, even when clean", () => {
    // Both state files are tracked (staged, and committed in history).
    const { dir, run } = planted();
    expect(run.code).toBe(1);
    expect(run.out).toContain(`${join(dir, "terraform.edge-production.tfstate")}\n`); // secretlint's finding
    expect(run.out).toMatch(/terraform\.edge-production\.tfstate: tracked by git/);
    expect(run.out).toContain(`${join(dir, "stacks/terraform.tfstate.backup")}: tracked by git`);
    expect(run.out).not.toContain(PLANTED_KEY_ID);
  });

  test("fails in history mode on a state file committed and removed again", () => {
    expect(planted().run.out).toMatch(/[0-9a-f]{12}:terraform\.tfstate: committed/);
  });

  test("refuses a nested .secretlintignore, naming it, in the tree, in synth output and in history", () => {
    const { dir, run: tree } = planted();
    expect(tree.out).toContain(
      `${join(dir, "config/vendor/.secretlintignore")}: a .secretlintignore other than the repository root's is refused`,
    );
    expect(tree.out).toContain(join(dir, "config/vendor/keys.ts"));

    const { out, run: synth } = plantedSynth();
    expect(synth.code).toBe(1);
    expect(synth.out).toContain(`${join(out, ".secretlintignore")}: a .secretlintignore other than the repository root's is refused`);

    expect(planted().run.out).toMatch(/[0-9a-f]{12}:lib\/\.secretlintignore: a \.secretlintignore other than/);
  });

  test("fails in history mode on a key that only a merge commit added and a later commit deleted", () => {
    expect(planted().run.out).toContain("merge-resolved.ts");
  });

  test("fails in history mode on a key in a root commit: `history all`, and an unrelated history merged in", () => {
    const { run: all } = historyAll();
    expect(all.code).toBe(1);
    expect(all.out).toContain("root-commit-key.ts");
    expect(planted().run.out).toContain("root-commit-key.ts");
  });
});

describe("secret-scan gate: what the ignore file and secretlint's binary test hid (issue 13 audit)", () => {
  /** The file named as a finding by the tree scan and by the history scan (in its commit's folder). */
  const named = (out: string, dir: string, file: string) => ({
    file,
    tree: out.includes(`${join(dir, file)}\n`),
    history: new RegExp(`/[0-9a-f]{12}/${file.replace(/[.]/g, "\\.")}\n`).test(out),
  });

  test("fails on a token in docs/coverage/ and in config/package-lock.json: the ignore file skips those names at the root only", () => {
    const { dir, run } = planted();
    expect(run.code).toBe(1);
    for (const file of ["docs/coverage/notes.md", "config/package-lock.json"])
      expect(named(run.out, dir, file)).toEqual({ file, tree: true, history: true });
    expect(run.out).not.toContain(PLANTED_GH_TOKEN);
  });

  test("refuses a file tracked or committed under a skipped path (infra/.terraform/, coverage/), naming it, even when clean", () => {
    const { dir, run } = planted();
    for (const file of ["infra/.terraform/creds", "coverage/report.md"]) {
      expect(run.out).toContain(`${join(dir, file)}: tracked by git under a path .secretlintignore skips`);
      expect(run.out).toMatch(new RegExp(`[0-9a-f]{12}:${file.replace(/[.]/g, "\\.")}: committed under a path \\.secretlintignore skips`));
    }
  });

  test("a file the ignore file names itself (/package-lock.json) is not refused, in the tree and in history", () => {
    const { dir, run } = planted();
    expect(run.out).not.toContain(`${join(dir, "package-lock.json")}:`);
    expect(run.out).not.toMatch(/[0-9a-f]{12}:package-lock\.json:/);
    expect(run.out).toMatch(/[0-9a-f]{12}\/config\/package-lock\.json\n/); // the form looked for
  });

  test("fails on a token in the root package-lock.json, scanned as a copy with its integrity hashes blanked, in the tree and in history", () => {
    const { run } = planted();
    // stylish: the file's line, then one line per finding (`  line:column  error ...`), then a blank line
    const findingLines = (copy: RegExp) => {
      const section = new RegExp(`${copy.source}\\n((?:  \\d+:\\d+ [^\\n]*\\n)+)`).exec(run.out)?.[1] ?? "";
      return [...section.matchAll(/^ {2}(\d+):/gm)].map((m) => m[1]);
    };
    for (const copy of [/\/working-tree\/package-lock\.json/, /\/[0-9a-f]{12}\/package-lock\.json/]) {
      const lines = findingLines(copy);
      expect([copy.source, lines.length > 0, new Set(lines)]).toEqual([copy.source, true, new Set(["7"])]); // the registry URL only
    }
    expect(run.out).not.toContain(PLANTED_GH_TOKEN);
  });

  test("fails on a token behind NUL bytes, in UTF-16 (with or without a byte order mark) and gzipped, naming each file", () => {
    const { dir, run } = planted();
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
    const { dir, run } = planted();
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
    const { dir, run } = planted();
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

  test("refuses a Git LFS pointer (the spec's version line or an older one git-lfs reads), in the tree and committed then deleted, one line naming the file (and commit); a text about git-lfs passes", () => {
    const { dir, run } = planted();
    const refusal = ": a Git LFS pointer: its content is kept outside git and cannot be scanned";
    const lines = (re: RegExp) => run.out.split("\n").filter((line) => re.test(line));
    expect(lines(/\/media\/logo\.png/)).toEqual([expect.stringContaining(`secret-scan: ${join(dir, "media/logo.png")}${refusal}`)]);
    expect(lines(/legacy-logo\.png/)).toEqual([expect.stringContaining(`secret-scan: ${join(dir, "media/legacy-logo.png")}${refusal}`)]);
    expect(lines(/old-logo\.png/)).toEqual([
      expect.stringMatching(new RegExp(`^secret-scan: \\S+/[0-9a-f]{12}/media/old-logo\\.png${refusal}`)),
    ]);
    expect(run.out).not.toContain("large-files.md");
  });

  test("fails on a token in a file whose name looks like a glob (creds{,}.txt, +(prod).env.txt), in the tree and in history", () => {
    const { dir, run } = planted();
    for (const file of ["creds{,}.txt", "+(prod).env.txt"]) {
      expect(run.out).toContain(`${join(dir, file)}\n`);
      expect(run.out).toMatch(new RegExp(`/[0-9a-f]{12}/${file.replace(/[.{}()+,]/g, "\\$&")}\n`));
    }
  });

  test("fails on a token below a nested node_modules (secretlint never searches one); refuses a file tracked under the root node_modules", () => {
    const { dir, run } = planted();
    const file = "docs/node_modules/creds.txt";
    expect(run.out).toContain(`secret-scan: ${join(dir, file)}: found below a folder secretlint skips, in its copy`);
    expect(run.out).toMatch(/secret-scan: \S+\/[0-9a-f]{12}\/docs\/node_modules\/creds\.txt: found below a folder secretlint skips/);
    expect(run.out).toContain(`${join(dir, "node_modules/vendored.txt")}: tracked by git under node_modules/, which the tree scan skips`);
  });

  test("look-alikes pass: random-looking bytes, clean text gzipped, in UTF-16 or in UTF-32", () => {
    const { run } = planted();
    expect(run.out).not.toMatch(/assets\//);
  });
});

// The disable comments' files are planted among unseenFiles(): the one tree and history scan serves them.
describe("secret-scan gate: secretlint disable comments", () => {
  const comments = [
    ["disabled.yml", 1, DISABLE],
    ["disabled-line.yml", 1, `${DISABLE}-line`],
    ["disabled-next.js", 1, `${DISABLE}-next-line`],
    ["disabled-rules.ts", 1, `${DISABLE}-line`],
  ] as const;

  test("fails on a token behind a file-wide, -line, -next-line or rule-naming disable comment, in the tree and in history: the comment hides nothing", () => {
    const { dir, run } = planted();
    expect(run.code).toBe(1);
    for (const [file] of comments) {
      expect([file, run.out.includes(`${join(dir, file)}\n`)]).toEqual([file, true]);
      expect([file, new RegExp(`/[0-9a-f]{12}/${file.replace(/[.]/g, "\\.")}\n`).test(run.out)]).toEqual([file, true]);
    }
    expect(run.out).not.toContain(PLANTED_GH_TOKEN);
  });

  test("refuses each disable comment, naming its file and line, in the tree and in history", () => {
    const { dir, run } = planted();
    for (const [file, line, comment] of comments) {
      const refusal = `:${line}: a ${comment} comment is refused (it would hide a finding from the gate)`;
      expect(run.out).toContain(`secret-scan: ${join(dir, file)}${refusal}`);
      expect(run.out).toMatch(
        new RegExp(`secret-scan: \\S+/[0-9a-f]{12}/${file.replace(/[.]/g, "\\.")}${refusal.replace(/[.()]/g, "\\$&")}`),
      );
    }
  });

  test("prose naming a disable comment, and an enable comment, pass: they hide nothing", () => {
    const { run } = planted();
    expect(run.out).not.toContain("disable-prose.md");
  });
});

describe("secret-scan gate: history verified (what the test command scans)", () => {
  test("--record-verified after a clean scan of every commit writes HEAD and the scanner's digest", () => {
    const { base, recorded, line } = planted();
    expect(recorded.code).toBe(0);
    expect(line).toBe(`${base} ${line.split(" ")[1]}`);
    expect(line.split(" ")[1]).toMatch(/^[0-9a-f]{64}$/);
  });

  test("scans only the commits after the verified one, and finds a key there", () => {
    const { base, trusted, run } = planted();
    expect(run.code).toBe(1);
    expect(run.out).toContain("new-key.ts");
    // No file version of the verified commit (old-key.ts) or of the one before it. (old-key.ts itself is
    // scanned again at the merge of the unrelated history, which is compared with each parent.)
    for (const commit of [trusted, base]) expect(run.out).not.toContain(`/${commit.slice(0, 12)}/`);
    expect(run.out).toMatch(/history since [0-9a-f]{12}, verified clean by this scanner/);
  });

  test("with tree: leaves to the verified history only files as committed; a changed or untracked file is scanned", () => {
    const { dir, run } = planted();
    expect(run.out).toContain(`${join(dir, "edited.ts")}\n`);
    expect(run.out).toContain(`${join(dir, "untracked.ts")}\n`);
    // Changed in ways `git diff` or a filter hides, or untracked: still the tree scan's.
    expect(run.out).toContain(`${join(dir, "untracked-key.ts")}\n`);
    expect(run.out).toContain(`${join(dir, "README.md")}\n`);
    expect(run.out).toContain(`${join(dir, "id.txt")}\n`);
    // As committed after the verified commit: found once, in the commit that added it.
    expect(run.out).toMatch(/[0-9a-f]{12}\/kept-key\.ts\n/);
    expect(run.out).not.toContain(`${join(dir, "kept-key.ts")}\n`);
    // As committed at or before the verified commit: the recorded full scan covered it (the test
    // command relies on this to scan each file once).
    expect(run.out).not.toContain(`${join(dir, "old-key.ts")}\n`);
  });

  test("scans every commit when the record does not hold: another scanner, another history, malformed, missing", () => {
    const { dir, trusted, digest, run } = planted();
    // As written, the record holds: the gate's scan of the same `history verified` took the commits after it.
    expect(run.out).toContain(`secret-scan: history ${trusted}..HEAD: `);
    const range = () => scan(["history", "verified", "--print-range", "--root", dir]);
    const cases: [string, RegExp][] = [
      [`${trusted} ${"0".repeat(64)}\n`, /the scanner changed since/],
      [`${"1".repeat(40)} ${digest}\n`, /is not in this history/],
      ["verified yesterday\n", /not '<commit> <digest>'/],
    ];
    for (const [content, why] of cases) {
      writeFileSync(join(dir, ".secret-scan-verified"), content);
      const { out } = range();
      expect(out).toMatch(why);
      expect(out.split("\n")[0]).toBe("all");
    }
    rmSync(join(dir, ".secret-scan-verified"));
    expect(range().out).toMatch(/^all\n[\s\S]*no \.secret-scan-verified/);
  });

  test("--record-verified writes nothing when the scan finds anything, and needs history all", () => {
    // The `history all` scan of historyAll ran with --record-verified, and found keys.
    const { dir, run } = historyAll();
    expect(run.code).toBe(1);
    expect(() => readFileSync(join(dir, ".secret-scan-verified"))).toThrow();
    expect(scan(["history", "HEAD~1", "--record-verified", "--root", dir]).code).toBe(2);
  });
});

describe(".gitignore", () => {
  test("ignores .env, .env.* and *.tfvars files but keeps .env.example", () => {
    const dir = gitRepo(tempDir("golive-scan-git-"));
    cpSync(join(REPO_ROOT, ".gitignore"), join(dir, ".gitignore"));
    const ignoredPaths = [
      ".env",
      ".env.production",
      "config/.env.local",
      "production.tfvars",
      "stacks/x/staging.tfvars",
      "secrets.auto.tfvars.json",
    ];
    const keptPaths = [".env.example", "config/.env.example", "README.md"];
    // One check-ignore for every path: it prints the ones ignored.
    const check = spawnSync("git", ["check-ignore", "--no-index", "--stdin"], {
      cwd: dir,
      encoding: "utf8",
      input: `${[...ignoredPaths, ...keptPaths].join("\n")}\n`,
    });
    const ignored = (path: string) => check.stdout.split("\n").includes(path);
    for (const path of ignoredPaths) expect([path, ignored(path)]).toEqual([path, true]);
    for (const path of keptPaths) expect([path, ignored(path)]).toEqual([path, false]);
  });
});
