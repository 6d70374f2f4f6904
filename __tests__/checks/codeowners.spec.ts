import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MAX_PATTERN_CHARS, type MatchTally, parseCodeowners, patternMatcher } from "../../lib/core/codeowners";
import { buildModel, type StackInput } from "../../lib/core/readiness/model";
import { runChecks } from "../../lib/engines/check/engine";
import { readCodeowners } from "../../lib/engines/check/load";
import type { RepoFile, RuleOutcome } from "../../lib/platform/readiness";
import { DEPLOY_CRITICAL_PATHS } from "../../lib/features/ci-access/rules/GL-SEC-009";
import { exampleConfig } from "../helpers/example-config";
import { contextFor, envConfig, messages, ruleById, RUNBOOKS, TODAY } from "./support";

/**
 * GL-SEC-009: the deploy job runs the repository's code with the deploy credentials, so CODEOWNERS must
 * own every path by default (docs/ci.md, "Settings the review relies on"). The parser is held to the
 * examples of docs.github.com, "About code owners".
 */

/** GitHub's documented example file ("Example of a CODEOWNERS file"), its comments shortened. */
const GITHUB_EXAMPLE = [
  "# Default owners for everything in the repo.",
  "*       @global-owner1 @global-owner2",
  "",
  "# Order is important; the last matching pattern takes the most precedence.",
  "*.js    @js-owner #This is an inline comment.",
  "*.go docs@example.com",
  "*.txt @octo-org/octocats",
  "/build/logs/ @doctocat",
  "docs/* docs@example.com",
  "apps/ @octocat",
  "/docs/ @doctocat",
  "/scripts/ @doctocat @octocat",
  "**/logs @octocat",
  "/apps/ @octocat",
  "/apps/github",
].join("\n");

describe("CODEOWNERS as GitHub reads it", () => {
  const example = parseCodeowners(GITHUB_EXAMPLE);
  const decides = (path: string) => {
    const line = example.decidingLine(path);
    return line === undefined ? undefined : { line: line.line, owners: line.owners };
  };

  test("blank and # lines are skipped; a line is a pattern and its owners, up to an inline comment", () => {
    expect(example.lines.map((l) => l.pattern)).toEqual([
      ..."* *.js *.go *.txt /build/logs/ docs/* apps/ /docs/ /scripts/ **/logs /apps/ /apps/github".split(" "),
    ]);
    expect(example.lines[1]).toEqual({
      line: 5,
      text: "*.js    @js-owner #This is an inline comment.",
      pattern: "*.js",
      owners: ["@js-owner"],
    });
    expect(example.lines.every((l) => l.skipped === undefined)).toBe(true);
  });

  test("the last matching line wins", () => {
    expect(decides("README.md")).toEqual({ line: 2, owners: ["@global-owner1", "@global-owner2"] });
    expect(decides("src/app.js")).toEqual({ line: 5, owners: ["@js-owner"] });
    expect(decides("notes.txt")).toEqual({ line: 7, owners: ["@octo-org/octocats"] });
    // `*.js` comes before /scripts/: a script in /scripts/ is its owners', whatever its extension.
    expect(decides("scripts/build.js")).toEqual({ line: 12, owners: ["@doctocat", "@octocat"] });
  });

  test("a matching line with no owners leaves the path unowned", () => {
    expect(decides("apps/github/main.rb")).toEqual({ line: 15, owners: [] });
    expect(decides("apps/github")).toEqual({ line: 15, owners: [] });
    expect(decides("apps/other/main.rb")).toEqual({ line: 14, owners: ["@octocat"] });
  });

  test.each([
    // A leading slash, or a slash inside, anchors at the root; otherwise any depth matches.
    ["apps/", "apps/a.rb", true],
    ["apps/", "lib/apps/a.rb", true],
    ["apps/", "apps", false],
    ["/apps/", "lib/apps/a.rb", false],
    ["/build/logs/", "build/logs/a/b.log", true],
    ["/build/logs/", "x/build/logs/b.log", false],
    ["build/logs/", "x/build/logs/b.log", false],
    ["*.js", "a.js", true],
    ["*.js", "deep/er/a.js", true],
    ["*.js", "a.jsx", false],
    ["/docs", "docs/a/b.md", true],
    ["/docs", "docsite/a.md", false],
    ["*", "any/path/at/all", true],
    ["/*", "root-file", true],
    ["/*", "folder/file", false],
    // `docs/*`: files directly inside docs/, not further nested ones.
    ["docs/*", "docs/getting-started.md", true],
    ["docs/*", "docs/build-app/troubleshooting.md", false],
    ["docs/*", "x/docs/a.md", false],
    // `**` spans any number of folders.
    ["**/logs", "logs/a", true],
    ["**/logs", "build/logs/a", true],
    ["**/logs", "deeply/nested/logs/a", true],
    ["**/logs", "build/logsx", false],
    ["/scripts/**", "scripts/secret-scan.sh", true],
    ["/scripts/**", "scripts/ci/matrix.ts", true],
    ["/scripts/**", "x/scripts/a.sh", false],
    ["foo/**/bar", "foo/bar", true],
    ["foo/**/bar", "foo/a/b/bar/c", true],
    ["/stacks/", "stacks/index.ts", true],
    ["/", "anything", false],
  ])("%s matches %s: %s", (pattern, path, matches) => {
    expect(patternMatcher(pattern).test(path)).toBe(matches);
  });

  test("GitHub skips a line it cannot read (negation, character ranges, an owner that is no user, team or e-mail): it owns nothing", () => {
    const parsed = parseCodeowners("* @<org>/<owners>\n!/docs/ @a\n/[ab]pps/ @a\n/ok/ @example-org/platform\n");
    expect(parsed.lines.map((l) => l.skipped)).toEqual([
      "@<org>/<owners> is no @user, @org/team or e-mail address",
      "CODEOWNERS has no `!` negation",
      "CODEOWNERS has no `[ ]` character ranges",
      undefined,
    ]);
    expect(parsed.decidingLine("main.ts")).toBeUndefined();
    expect(parsed.skippedMatches("main.ts").map((l) => l.line)).toEqual([1]);
    expect(parsed.decidingLine("ok/a")?.owners).toEqual(["@example-org/platform"]);
  });
});

describe("CODEOWNERS patterns match in bounded work, whatever a hostile file holds", () => {
  test.each([
    // A run of `*` inside a segment is one `*`; `**` as a whole segment spans folders.
    ["a**b", "x/aXYb", true],
    ["a**b", "x/a/b", false],
    ["/a*?*?*b", "aXYb", true],
    ["/a*?*?*b", "aXb", false],
    ["**/**/logs", "logs/a", true],
    ["**/**/logs", "x/y/logs", true],
    ["/a/**/**/b", "a/b", true],
    ["/a/**/**/b", "a/x/y/b/c", true],
  ])("%s matches %s: %s", (pattern, path, matches) => {
    expect(patternMatcher(pattern).test(path)).toBe(matches);
  });

  test("the auditor's slow lines: `*` then a line of 15 stars GitHub skips, or of `**?` runs, leave `*` deciding", () => {
    const stars = parseCodeowners("* @org/owners\n***************X @org/x\n");
    expect(stars.decidingLine("stacks/index.ts")?.line).toBe(1);
    expect(stars.skippedMatches("stacks/index.ts")).toEqual([]);
    const runs = `${"**?".repeat(10)}X @org/x`;
    const parsed = parseCodeowners(`* @org/owners\n${runs}\n${runs}\n${runs}\n`);
    expect(parsed.decidingLine("stacks/index.ts")?.line).toBe(1);
    expect(parsed.decidingLine(`lib/${"ab".repeat(10)}X`)?.line).toBe(4);
  });

  test("a 10,000-star pattern against a 200-character name takes a few steps per character, not exponentially many", () => {
    const tally: MatchTally = { steps: 0 };
    const matcher = patternMatcher(`${"*".repeat(10_000)}X`, tally);
    expect(matcher.test(`a/${"a".repeat(200)}`)).toBe(false);
    expect(matcher.test(`a/${"a".repeat(200)}X`)).toBe(true);
    expect(tally.steps).toBeLessThan(2_000);
  });

  test("10,435 `/**` segments and a 32,768-character name are matched without a stack or size limit", () => {
    expect(patternMatcher(`${"/**".repeat(10_435)}/b`).test("a/b")).toBe(true);
    expect(patternMatcher("a".repeat(32_768)).test(`x/${"a".repeat(32_768)}`)).toBe(true);
  });

  test("a line longer than MAX_PATTERN_CHARS owns nothing, decides nothing and is marked unread", () => {
    const long = "a".repeat(32_768);
    const parsed = parseCodeowners(`* @org/owners\n${long} @org/x\n/${"*".repeat(MAX_PATTERN_CHARS)}\n`);
    expect(parsed.lines.map((l) => l.unread)).toEqual([
      undefined,
      `a pattern of 32768 characters; golive reads patterns of at most ${MAX_PATTERN_CHARS}`,
      `a pattern of ${MAX_PATTERN_CHARS + 1} characters; golive reads patterns of at most ${MAX_PATTERN_CHARS}`,
    ]);
    expect(parsed.decidingLine(long)?.line).toBe(1);
    expect(parsed.decidingLine("main.ts")?.line).toBe(1);
  });
});

describe("GL-SEC-009: CODEOWNERS owns every path the deploy runs", () => {
  const rule = ruleById("GL-SEC-009");
  const stacksOf = (env: string): StackInput[] => [
    { name: `edge-${env}`, file: `cdktf.out/stacks/edge-${env}/cdk.tf.json`, json: { terraform: {} } },
  ];
  const run = (codeowners: RepoFile | undefined, edits: Parameters<typeof exampleConfig>[0] = []): RuleOutcome =>
    rule.check({ ...contextFor(stacksOf("production"), { config: envConfig(exampleConfig(edits)) }), codeowners });
  const file = (text: string): RepoFile => ({ path: ".github/CODEOWNERS", text });

  test("a warning in the secrets row, checked per environment (its n/a depends on the config)", () => {
    expect(rule.severity).toBe("warning");
    expect(rule.row).toBe("secrets");
    expect(rule.scope ?? "environment").toBe("environment");
  });

  test("fails once, at .github/CODEOWNERS, when the repository has none: where GitHub looks and what to write", () => {
    const out = run(undefined);
    expect(out.kind === "non-compliant" && out.findings.map((f) => f.location)).toEqual([{ kind: "repo", file: ".github/CODEOWNERS" }]);
    expect(messages(out)).toEqual([
      expect.stringContaining("no CODEOWNERS file (GitHub reads the first of .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS;"),
    ]);
    expect(messages(out)[0]).toContain('write .github/CODEOWNERS with the first line "* @<org>/<owners>"');
  });

  test("fails for the CI-only list the docs once recommended: the cdktf app, .npmrc, write-blobs.js, the secret gate's rules and the risk rules are unowned", () => {
    const ciOnly = [
      "/.github/ @example-org/ci",
      "/scripts/ci/ @example-org/ci",
      "/scripts/secret-scan* @example-org/ci",
      "/scripts/secretlint.mjs @example-org/ci",
      "/.secretlintignore @example-org/ci",
      "/lib/core/secret-patterns.json @example-org/ci",
      "/bin/ @example-org/ci",
      "/lib/ @example-org/ci",
      "/package.json @example-org/ci",
      "/package-lock.json @example-org/ci",
    ].join("\n");
    const out = run(file(ciOnly));
    expect(messages(out).map((m) => m.slice(0, m.indexOf(" ")))).toEqual([
      ".npmrc",
      "stacks/index.ts",
      "main.ts",
      "cdktf.json",
      "scripts/write-blobs.js",
      ".secretlintrc.js",
      ".golive/risk-rules.json",
    ]);
    expect(messages(out)[0]).toBe(
      ".npmrc (npm's node-options reach every npx golive process) has no code owner in .github/CODEOWNERS: no line matches it",
    );
    expect(
      out.kind === "non-compliant" && out.findings.every((f) => f.location.kind === "repo" && f.location.file === ".github/CODEOWNERS"),
    ).toBe(true);
  });

  test("passes with `* @org/team` first, and with /config/ for the teams that change environments after it", () => {
    expect(run(file("* @example-org/platform\n")).kind).toBe("compliant");
    expect(run(file("# owners\n* @example-org/platform\n/config/ @example-org/app-team\n")).kind).toBe("compliant");
    expect(run({ path: "docs/CODEOWNERS", text: "* ops@example.com\n" }).kind).toBe("compliant");
  });

  test("fails on stacks when `*` is followed by /stacks/ with no owner, naming the line that matched last", () => {
    expect(messages(run(file("* @example-org/platform\n/stacks/\n")))).toEqual([
      'stacks/index.ts (the cdktf app the deploy synthesizes) has no code owner in .github/CODEOWNERS: the last line matching it, line 2 "/stacks/", names no owner',
    ]);
  });

  test("fails on every path when the placeholder owner is copied as it is: GitHub skips that line", () => {
    const out = messages(run(file("* @<org>/<owners>\n")));
    expect(out).toHaveLength(DEPLOY_CRITICAL_PATHS.length);
    expect(out[0]).toBe(
      '.npmrc (npm\'s node-options reach every npx golive process) has no code owner in .github/CODEOWNERS: no line matches it; line 1 "* @<org>/<owners>" matches it, but GitHub skips that line: @<org>/<owners> is no @user, @org/team or e-mail address',
    );
  });

  test("a CODEOWNERS read from the root must own itself too (a pull request could add .github/CODEOWNERS, which GitHub reads first)", () => {
    const out = messages(run({ path: "CODEOWNERS", text: "* @example-org/platform\n/CODEOWNERS\n/.github/\n" }));
    expect(out.map((m) => m.slice(0, m.indexOf(" ")))).toEqual([
      ".github/workflows/deploy-environment.yml",
      ".github/CODEOWNERS",
      "CODEOWNERS",
    ]);
  });

  test("fails naming a line longer than golive reads, by number and length (not quoted): it may own or unown any path", () => {
    expect(messages(run(file(`* @example-org/platform\n/${"a".repeat(32_767)} @example-org/x\n`)))).toEqual([
      `line 2 of .github/CODEOWNERS is not read (a pattern of 32768 characters; golive reads patterns of at most ${MAX_PATTERN_CHARS}), so golive cannot tell which paths it owns and counts it as owning none; shorten its pattern`,
    ]);
  });

  test("is not applicable without a config or without secrets.github (no CI workflow deploys the environment)", () => {
    expect(rule.check({ ...contextFor(stacksOf("production")), codeowners: undefined }).kind).toBe("not-applicable");
    expect(run(undefined, [[["secrets", "github"], undefined]]).kind).toBe("not-applicable");
  });

  test("in one run, each environment gets its own result: n/a without secrets.github, a warning with it", () => {
    const staging = exampleConfig([[["secrets", "github"], undefined]], "staging");
    const report = runChecks({
      model: buildModel([...stacksOf("production"), ...stacksOf("staging")]),
      configs: new Map([
        ["staging", envConfig(staging)],
        ["production", envConfig(exampleConfig())],
      ]),
      runbooks: RUNBOOKS,
      today: TODAY,
    });
    const results = report.results.filter((r) => r.rule.id === "GL-SEC-009").map((r) => [r.env, r.status]);
    expect(results.sort()).toEqual([
      ["production", "fail"],
      ["staging", "n/a"],
    ]);
  });
});

describe("readCodeowners: where GitHub looks, the first found wins", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "golive-codeowners-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));
  const put = (path: string, text: string) => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  test("none: undefined; docs/, then the root, then .github/ take precedence in that order", () => {
    expect(readCodeowners(root)).toBeUndefined();
    put("docs/CODEOWNERS", "docs");
    expect(readCodeowners(root)).toEqual({ path: "docs/CODEOWNERS", text: "docs" });
    put("CODEOWNERS", "root");
    expect(readCodeowners(root)).toEqual({ path: "CODEOWNERS", text: "root" });
    put(".github/CODEOWNERS", "github");
    expect(readCodeowners(root)).toEqual({ path: ".github/CODEOWNERS", text: "github" });
  });

  test("refuses a symbolic link by name, unread", () => {
    put("elsewhere", "* @example-org/platform\n");
    symlinkSync(join(root, "elsewhere"), join(root, "CODEOWNERS"));
    expect(() => readCodeowners(root)).toThrow(`${join(root, "CODEOWNERS")}: is a symbolic link; golive check reads CODEOWNERS only`);
  });

  test("refuses a CODEOWNERS whose folder links outside the repository, saying what check reads there", () => {
    const outside = mkdtempSync(join(tmpdir(), "golive-codeowners-outside-"));
    try {
      writeFileSync(join(outside, "CODEOWNERS"), "* @example-org/platform\n");
      symlinkSync(outside, join(root, ".github"));
      expect(() => readCodeowners(root)).toThrow(/outside the folder .*; golive reads only the repository's CODEOWNERS there$/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
