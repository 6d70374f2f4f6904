import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { z } from "zod";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";
import { findReferences } from "../helpers/runbooks/extract";
import { repoFileExists } from "../helpers/runbooks/repo-files";
import { configReads } from "./config-reads";

/** Every .ts file under a directory, recursively. */
function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/**
 * Reads of a repository path known only at run time that cannot reach config/, each with its reason
 * (file, then the code as written). Anything else reaching a page's paths goes through
 * helpers/runbooks/repo-files.ts, which looks config/ paths up among the examples.
 */
const NOT_CONFIG: Readonly<Record<string, string>> = {
  '__tests__/docs/support.ts: readFileSync(join(REPO_ROOT, path), "utf8")': "readDoc: README.md and the docs/*.md pages docFiles() lists",
  "__tests__/scan/secret-scan.spec.ts: cpSync(join(REPO_ROOT, name), join(dir, name))": "name is .secretlintignore or .gitignore",
  "__tests__/workflows/workflows.spec.ts: existsSync(join(REPO_ROOT, job.uses))": "a ./.github/workflows/*.yml path, asserted just before",
  '__tests__/workflows/workflows.spec.ts: existsSync(join(REPO_ROOT, m[1] ?? ""))': "a scripts/ path (its regular expression)",
  '__tests__/workflows/workflows.spec.ts: existsSync(join(REPO_ROOT, m[2] ?? ""))': "a scripts/ path (its regular expression)",
  "__tests__/workflows/workflows.spec.ts: existsSync(join(REPO_ROOT, m[1]))": "node -r's module, a path in the repository's workflow",
  "__tests__/architecture/cited-paths.spec.ts: existsSync(join(REPO_ROOT, f))": "git ls-files of lib, scripts, docs... (never config/)",
  '__tests__/architecture/cited-paths.spec.ts: readFileSync(join(REPO_ROOT, file), "utf8")': "a file citingFiles() lists (never config/)",
  "__tests__/docs/cited-code-paths.spec.ts: existsSync(join(REPO_ROOT, m[1] as string))":
    "a .ts/.js/.mjs/.sh path a page cites (its regular expression): config/ holds none",
  "__tests__/architecture/cited-paths.spec.ts: existsSync(join(REPO_ROOT, cited))":
    "a lib/, scripts/, docs/... path (its regular expression)",
  "__tests__/architecture/cross-environment.spec.ts: readdirSync(join(REPO_ROOT, folder))": "tsFiles of lib/engines/config and stacks",
  '__tests__/architecture/cross-environment.spec.ts: readFileSync(join(REPO_ROOT, file), "utf8")': "a .ts file tsFiles listed",
  "__tests__/docs/cited-code-paths.spec.ts: existsSync(file)":
    "a lib/, scripts/, stacks/, bin/ or workflow path (PATH, its regular expression)",
  '__tests__/docs/cited-code-paths.spec.ts: readFileSync(file, "utf8")': "the same cited path, once it exists",
  "__tests__/docs/cited-code-paths.spec.ts: existsSync(join(REPO_ROOT, f))":
    "a file citingFiles() lists (git ls-files of lib, docs...: never config/)",
  '__tests__/docs/cited-code-paths.spec.ts: readFileSync(join(REPO_ROOT, f), "utf8")': "a file citingFiles() lists",
};

/** The repository-relative paths of config/ and runbooks/ files the README, docs/ and runbooks/ name in code. */
function pageFileReferences(): { page: string; path: string }[] {
  const pages: [string, string][] = [
    ["README.md", join(REPO_ROOT, "README.md")],
    ...readdirSync(join(REPO_ROOT, "docs")).map((f): [string, string] => [`docs/${f}`, join(REPO_ROOT, "docs", f)]),
    ...readdirSync(join(REPO_ROOT, "runbooks")).map((f): [string, string] => [`runbooks/${f}`, join(REPO_ROOT, "runbooks", f)]),
  ];
  const none = { stackKinds: [], configRoots: [], commandsWithSubcommands: new Set<string>() };
  return pages
    .filter(([page]) => page.endsWith(".md"))
    .flatMap(([page, file]) =>
      findReferences(readFileSync(file, "utf8"), none)
        .filter((r) => r.kind === "file")
        .map((r) => ({ page: `${page}:${r.line}`, path: r.name })),
    );
}

const ZoneJson = z.object({ loadBalanced: z.array(z.object({ name: z.string(), proxied: z.boolean() })) });

/**
 * `config/` belongs to the user: their environments, their domain. The suite runs on its own examples
 * (__tests__/fixtures/config), so editing config/ can never break it.
 */
describe("adopting golive: config/ is the user's, not the suite's", () => {
  test("no test reads the repository's config/ folder, however the path is written (only the generated schema there)", () => {
    const offenders = tsFiles(join(REPO_ROOT, "__tests__"))
      .flatMap((file) => configReads(readFileSync(file, "utf8"), file, REPO_ROOT).map((r) => ({ file: relative(REPO_ROOT, file), ...r })))
      .filter((r) => NOT_CONFIG[`${r.file}: ${r.code}`] === undefined)
      .map((r) => `${r.file}:${r.line}: ${r.code}`);
    expect(offenders).toEqual([]);
  });

  test("the guard finds a read of config/ however it is spelled, and passes temporary folders, the examples and the schema", () => {
    const file = join(REPO_ROOT, "__tests__", "x", "planted.spec.ts");
    const found = (code: string) => configReads(code, file, REPO_ROOT).map((r) => r.code);
    for (const code of [
      'readFileSync(join(REPO_ROOT, "config", "production.yaml"), "utf8")',
      'readFileSync(resolve(REPO_ROOT, "config/staging.yaml"))',
      "fs.readdirSync(`${REPO_ROOT}/config`)",
      'readFileSync(REPO_ROOT + "/config/production.yaml")',
      'readdirSync(join(__dirname, "..", "..", "config"))',
      'existsSync("config/production.yaml")',
      "existsSync(join(REPO_ROOT, path))", // the page's path may be config/production.yaml
      "statSync(`${process.cwd()}/${name}`)",
    ])
      expect([code, found(code)]).toEqual([code, [code]]);
    expect(found('const CONFIG = join(REPO_ROOT, "config");\nconst abs = join(CONFIG, f);\nreadFileSync(abs);')).toEqual([
      'join(REPO_ROOT, "config")',
      "join(CONFIG, f)",
      "readFileSync(abs)",
    ]);
    expect(found('loadEnvironments(path.join(REPO_ROOT, "config"), ["production"])')).toEqual(['path.join(REPO_ROOT, "config")']);
    for (const code of [
      'readFileSync(join(REPO_ROOT, "config", "golive.schema.json"), "utf8")',
      'readFileSync(join(dir, "config", "production.yaml"))',
      "readFileSync(`${dir}/config/production.yaml`)",
      'readFileSync(join(EXAMPLE_CONFIG_DIR, "production.yaml"))',
      'readFileSync(join(REPO_ROOT, "docs", page))',
      "validateConfigData(`config/${env}.yaml`, input)",
    ])
      expect([code, found(code)]).toEqual([code, []]);
  });

  // In-process: the same commands as processes are __tests__/cli/process.spec.ts's claim.
  test("a project with its own environment and its own domain synthesizes and passes check", async () => {
    const dir = tempDir("golive-adopt-");
    cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
    cpSync(join(REPO_ROOT, "runbooks"), join(dir, "runbooks"), { recursive: true });
    const own = (text: string, from: string, to: string) => text.split(from).join(to);
    // production on the user's real-looking domain; a third environment, qa, on a domain and in an AWS
    // account of its own (one GitHub OIDC provider per account).
    const production = join(dir, "config", "production.yaml");
    writeFileSync(production, own(readFileSync(production, "utf8"), "example.com", "acme-corp.io"));
    const staging = readFileSync(join(dir, "config", "staging.yaml"), "utf8");
    writeFileSync(
      join(dir, "config", "qa.yaml"),
      [
        ["example.net", "acme-corp-qa.dev"],
        ["environment: staging", "environment: qa"],
        ["-staging", "-qa"],
        ["222222222222", "333333333333"],
      ].reduce((text, [from, to]) => own(text, from ?? "", to ?? ""), staging),
    );
    const run = await golive(["check", "--json"], { cwd: dir });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/error|:\s.*allowed/i) });
    const report = JSON.parse(run.stdout) as { summary: { ready: boolean; blockers: number } };
    expect(report.summary).toMatchObject({ ready: true, blockers: 0 });
    const stacks = await golive(["stacks", "qa"], { cwd: dir });
    expect(stacks.stdout).toContain("edge-qa");
    const zone = await golive(["zone", "production"], { cwd: dir });
    expect(zone.stdout).toMatch(/^\$ORIGIN acme-corp\.io\.$/m);
  });

  // README's quickstart: `rm config/production.yaml config/staging.yaml`, then `golive init`.
  test("with the examples removed from config/ and one environment from golive init, what needs no example still works", async () => {
    const dir = tempDir("golive-adopt-own-");
    cpSync(join(REPO_ROOT, "runbooks"), join(dir, "runbooks"), { recursive: true });
    mkdirSync(join(dir, "config"));
    cpSync(join(REPO_ROOT, "config", "golive.schema.json"), join(dir, "config", "golive.schema.json"));
    const init = await golive(
      [
        ...["init", "live", "--yes", "--domain", "acme-corp.io", "--plan", "pro", "--origin", "203.0.113.10"],
        ...["--cloudflare-account-id", "0123456789abcdef0123456789abcdef", "--aws-account-id", "444444444444"],
        ...["--alert-email", "ops@acme-corp.io"],
      ],
      { cwd: dir },
    );
    expect(init.code).toBe(0);
    expect(readdirSync(join(dir, "config")).sort()).toEqual(["golive.schema.json", "live.yaml"]);
    expect((await golive(["synth", "live"], { cwd: dir })).code).toBe(0);
    expect((await golive(["stacks", "live"], { cwd: dir })).stdout).toContain("edge-live");
    const zone = await golive(["zone", "live"], { cwd: dir });
    expect(zone).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\$ORIGIN acme-corp\.io\.$/m) });
    // The release hostname init sets (app.<domain>) is answered by the load balancer: named, never as a record.
    expect(zone.stdout).toMatch(/^; app\.acme-corp\.io: load-balanced \(proxied\)/m);
    expect(zone.stdout).not.toMatch(/^app\.acme-corp\.io\. /m);
    const json = ZoneJson.parse(JSON.parse((await golive(["zone", "live", "--json"], { cwd: dir })).stdout));
    expect(json.loadBalanced).toEqual([expect.objectContaining({ name: "app.acme-corp.io.", proxied: true })]);
    // The pages' config/ files are the examples', resolved without this project's config/ (the runbook
    // and docs checks' hasFile); its own environment's file is not one of them.
    const missing = pageFileReferences().filter((r) => !repoFileExists(r.path, dir));
    expect(missing).toEqual([]);
    expect(pageFileReferences().map((r) => r.path)).toContain("config/production.yaml");
    expect(repoFileExists("config/live.yaml", dir)).toBe(false);
  });
});
