import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { COMMANDS } from "../../lib/cli/commands";
import { golive, spawnGolive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";

function workspace(): string {
  const dir = tempDir();
  mkdirSync(join(dir, "config"));
  for (const file of readdirSync(EXAMPLE_CONFIG_DIR)) {
    if (/\.(ya?ml|json)$/.test(file)) cpSync(join(EXAMPLE_CONFIG_DIR, file), join(dir, "config", file));
  }
  return dir;
}

describe("golive synth", () => {
  test("writes every stack of every environment to cdktf.out as cdktf synth does", async () => {
    const dir = workspace();
    const run = await golive(["synth"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("edge-production");
    expect(run.stdout).toContain("edge-staging");
    const manifest = JSON.parse(readFileSync(join(dir, "cdktf.out", "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks)).toEqual(expect.arrayContaining(["edge-production", "edge-staging"]));
    for (const name of Object.keys(manifest.stacks)) {
      expect(existsSync(join(dir, "cdktf.out", manifest.stacks[name].synthesizedStackPath))).toBe(true);
    }
    expect(readdirSync(dir).filter((f) => f.startsWith(".golive-tmp"))).toEqual([]);
  });

  // One synth proves both: a named environment, and its config given as JSON (a synth costs a second).
  test("synthesizes only the named environments, with --json; accepts JSON config files too", async () => {
    const dir = workspace();
    const file = join(dir, "config", "staging.yaml");
    writeFileSync(join(dir, "config", "staging.json"), JSON.stringify(parse(readFileSync(file, "utf8"))));
    rmSync(file);
    const run = await golive(["synth", "staging", "--json"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).stacks).toContain("edge-staging");
    expect(JSON.parse(run.stdout).stacks).not.toContain("edge-production");
    const manifest = JSON.parse(readFileSync(join(dir, "cdktf.out", "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks).sort()).toEqual([...JSON.parse(run.stdout).stacks].sort());
  });

  test("fails on bad config with every error, exit 1, and leaves an existing cdktf.out untouched", async () => {
    const dir = workspace();
    // A previous synth's output (a manifest and its stacks folder): one synth may replace, a failed one must not.
    const manifest = '{"version":"0.21.0","stacks":{}}\n';
    mkdirSync(join(dir, "cdktf.out", "stacks"), { recursive: true });
    writeFileSync(join(dir, "cdktf.out", "manifest.json"), manifest);
    const file = join(dir, "config", "production.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("plan: pro", "plan: gold").replace("maxAge: 31536000", "maxAge: 5"));
    const run = await golive(["synth"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^config\/production\.yaml: cloudflare\.plan:/m);
    expect(run.stderr).toContain("config/production.yaml: edge.hsts.maxAge:");
    expect(run.stderr).toContain("No stack was written.");
    expect(readdirSync(join(dir, "cdktf.out")).sort()).toEqual(["manifest.json", "stacks"]);
    expect(readFileSync(join(dir, "cdktf.out", "manifest.json"), "utf8")).toBe(manifest);
  });

  test("fails on YAML syntax errors naming the file", async () => {
    const dir = workspace();
    writeFileSync(join(dir, "config", "staging.yaml"), "app: [unclosed\n");
    const run = await golive(["synth"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^config\/staging\.yaml: \(root\): not valid YAML/);
  });

  test("fails with usage exit 2 on an unknown environment or flag", async () => {
    const dir = workspace();
    expect((await golive(["synth", "--bogus"], { cwd: dir })).code).toBe(2);
    const run = await golive(["synth", "qa"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown environment "qa" (allowed: production, staging)');
  });
});

describe("golive dispatcher", () => {
  test("--help lists every command and exits 0", async () => {
    const run = await golive(["--help"], { cwd: REPO_ROOT });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}synth {2,}Validate config/m);
  });

  test("<command> --help prints the usage", async () => {
    const run = await golive(["synth", "--help"], { cwd: REPO_ROOT });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: golive synth");
  });

  test("fails with exit 2 on an unknown command, naming the allowed ones", async () => {
    const run = await golive(["deploy-everything"], { cwd: REPO_ROOT });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `golive: unknown command "deploy-everything" (allowed: ${COMMANDS.map((c) => c.name).join(", ")})\nsee: golive --help\n`,
    );
  });

  // The first as the real binary (its exit status), the others in-process: the refusal is runCli's.
  test.each([
    [["nosuch"], spawnGolive],
    [["-x"], golive],
    [["help", "nosuch"], golive],
  ])("refuses %j as every usage error is refused: one line, then see: golive --help (exit 2)", async (args, runner) => {
    const run = await runner(args, { cwd: tempDir("golive-unknown-") });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    const [line, pointer, ...rest] = run.stderr.split("\n");
    expect(line).toMatch(/^golive: unknown command "(nosuch|-x)" \(allowed: init, synth, /);
    expect([pointer, ...rest]).toEqual(["see: golive --help", ""]);
  });

  test("a credential typed as the command is echoed masked (a token pasted in the wrong place)", async () => {
    const token = ["gh", "p_", "B".repeat(36)].join("");
    const run = await golive([token], { cwd: REPO_ROOT });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^golive: unknown command "\[REDACTED\]" \(allowed: /);
    expect(run.stderr).not.toContain(token);
  });
});
