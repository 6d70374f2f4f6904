import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { COMMANDS } from "../../lib/cli/commands";
import { golive, spawnGolive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";

/**
 * The conventions every command shares (golive --help, "Exit codes"): an unknown environment is a
 * usage error said in one shape, paths are relative to the working directory, no colour ever, and a
 * completion script made from the same command table.
 */

/** The example configs (production, staging) and a synth output manifest listing both, without a synth. */
function workspace(): string {
  const dir = tempDir("golive-conventions-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  mkdirSync(join(dir, "cdktf.out"));
  const stacks = Object.fromEntries(
    ["production", "staging"].map((env) => [`edge-${env}`, { synthesizedStackPath: `stacks/edge-${env}/cdk.tf.json` }]),
  );
  writeFileSync(join(dir, "cdktf.out", "manifest.json"), JSON.stringify({ version: "0.21.0", stacks }));
  return dir;
}

/** Every file under `dir`, to prove a refused command wrote nothing. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

const ESC = "\u001b";

describe("an unknown environment is a usage error (exit 2) for every command, in one shape", () => {
  const dir = workspace();
  const before = tree(dir);

  test.each([
    [["synth", "qa"]],
    [["check", "qa"]],
    [["stacks", "qa"]],
    [["zone", "qa"]],
    [["verify", "qa"]],
    [["release", "status", "qa"]],
    [["release", "shift", "qa", "10"]],
    [["secrets", "list", "qa"]],
    [["secrets", "put", "qa", "database-url"]],
    [["preflight", "qa"]],
  ])("golive %j", async (args) => {
    const run = await golive(args, { cwd: dir, env: {} });
    const name = args[0] as string;
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    // secrets put does not repeat the name: it may be a value typed in the wrong place.
    const given = name === "secrets" && args[1] === "put" ? "" : ' "qa"';
    expect(run.stderr).toMatch(
      new RegExp(`^golive ${name}: unknown environment${given} \\(allowed: production, staging\\)[^\\n]*\\nsee: golive ${name} --help\\n$`),
    );
    expect(tree(dir)).toEqual(before);
  });

  // stacks' process run (architecture/process-runs.spec.ts).
  test("runs as a process: the exit status is 2 and the output has no escape sequence", async () => {
    const run = await spawnGolive(["stacks", "qa"], { cwd: dir });
    expect(run).toMatchObject({ code: 2, stdout: "" });
    expect(run.stderr).toBe('golive stacks: unknown environment "qa" (allowed: production, staging)\nsee: golive stacks --help\n');
  });

  test("golive --help documents the exit codes every command uses", async () => {
    const run = await golive(["--help"], { cwd: dir });
    expect(run.stdout).toMatch(
      /^Exit codes \(every command\):\n {2}0 {2}ok.*\n {2}1 {2}findings or failure.*\n {2}2 {2}usage error: .*environment/m,
    );
  });
});

describe("paths in messages are relative to the working directory when inside it", () => {
  const dir = workspace();

  test.each([
    [["stacks", "--dir", "out/nowhere"], "golive stacks: --dir: out/nowhere does not exist"],
    [["check", "--config-dir", "configs/nowhere"], "--config-dir: configs/nowhere does not exist"],
    [["release", "start", "production", "--build", "v1", "--config-dir", "config", "--json"], '"file": "config/production.yaml"'],
  ])("golive %j", async (args, says) => {
    const run = await golive(args, { cwd: dir });
    expect(`${run.stdout}${run.stderr}`).toContain(says);
    expect(`${run.stdout}${run.stderr}`).not.toContain(dir);
  });
});

describe("no colour: output never holds an escape sequence, with NO_COLOR or without a terminal", () => {
  const dir = workspace();

  test.each([[{ NO_COLOR: "1" }], [{}]])("env %j", async (env) => {
    const runs = await Promise.all(
      [
        ["--help"],
        ["help", "release"],
        ["release", "status", "production"],
        ["secrets", "list", "production"],
        ["stacks", "production"],
        ["completion", "zsh"],
        // Input that carries escape sequences is quoted, never replayed to the terminal.
        [`${ESC}[31mred`],
        ["release", "status", `${ESC}]0;title\u0007`],
        ["check", "--format", `${ESC}[2J`],
      ].map((args) => golive(args, { cwd: dir, env })),
    );
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0, 2, 2, 2]);
    for (const r of runs) expect(`${r.stdout}${r.stderr}`).not.toContain(ESC);
  });
});

describe("golive completion", () => {
  const dir = workspace();

  test.each([["bash"], ["zsh"]])("%s lists every command, subcommand and flag of the command table", async (shell) => {
    const run = await golive(["completion", shell], { cwd: dir });
    expect(run.code).toBe(0);
    for (const c of COMMANDS) {
      expect(run.stdout).toMatch(new RegExp(`^ {4}${c.name}\\) subcommands=`, "m"));
      const flags = c.spec?.flags ?? {};
      for (const f of [...(flags.values ?? []), ...(flags.repeatable ?? []), ...(flags.booleans ?? [])])
        expect(run.stdout).toContain(`--${f}`);
      for (const s of c.spec?.subcommands ?? []) expect(run.stdout).toContain(s);
    }
  });

  test("every command declares its flags in the command table, so completion offers plan's, plan-report's and plan-compare's too", async () => {
    expect(COMMANDS.filter((c) => c.spec === undefined).map((c) => c.name)).toEqual([]);
    const bash = (await golive(["completion", "bash"], { cwd: dir })).stdout;
    const flagsOf = (command: string) =>
      new RegExp(`^ {4}${command}\\) subcommands=""; flags="([^"]*)"`, "m").exec(bash)?.[1]?.split(" ") ?? [];
    expect(flagsOf("plan")).toEqual(
      expect.arrayContaining(["--detailed-exitcode", "--keep-plan-file", "--no-lock", "--updates-only", "--failed-step"]),
    );
    expect(flagsOf("plan-report")).toEqual(expect.arrayContaining(["--digest", "--fail-on-risk", "--synth-dir"]));
    expect(flagsOf("plan-compare")).toEqual(expect.arrayContaining(["--commit", "--json"]));
  });

  test("every flag a command accepts (its spec, which its parser reads) is documented in its --help", () => {
    for (const c of COMMANDS.filter((x) => x.spec)) {
      const flags = c.spec?.flags ?? {};
      for (const f of [...(flags.values ?? []), ...(flags.repeatable ?? []), ...(flags.booleans ?? [])])
        expect(`${c.name}: ${c.usage.includes(`--${f}`) ? "" : `--${f}`}`).toBe(`${c.name}: `);
    }
  });

  test("fails with exit 2 for a shell it does not support, naming the supported ones", async () => {
    const run = await golive(["completion", "fish"], { cwd: dir });
    expect(run).toMatchObject({ code: 2, stderr: expect.stringContaining('got "fish", allowed: bash, zsh') });
  });

  test("installed as --help says from a clone (npx, no golive on PATH), bash -n accepts it, and `golive <TAB>` completes commands, subcommands, flags, environments, stacks, files", async () => {
    // Stacks are what the manifest lists (through `golive stacks`), never the folders: this one is not listed.
    mkdirSync(join(dir, "cdktf.out", "stacks", "edge-stray"), { recursive: true });
    // A clone: golive is the project's own package, whose bin npm links nowhere.
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "golive", private: true, bin: { golive: "bin/golive.js" } }));
    mkdirSync(join(dir, "bin"));
    symlinkSync(join(__dirname, "..", "..", "bin", "golive.js"), join(dir, "bin", "golive.js"));
    const help = await golive(["completion", "--help"], { cwd: dir });
    expect(help.code).toBe(0);
    const helpLine = (re: RegExp) => (re.exec(help.stdout)?.[1] ?? "(missing from --help)").trim();
    const install = helpLine(/^ {2}bash: (.+)$/m);
    const wrapper = helpLine(/^ {2}(golive\(\) \{.*\})$/m);
    const complete = (words: string) => `COMP_WORDS=(${words}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _golive; echo "\${COMPREPLY[*]}"`;
    const out = execFileSync(
      "bash",
      [
        "-c",
        [
          'type -P golive || echo "no golive on PATH"',
          // npx resolving the clone's own bin is proven once, by the real npx of the fallback below (a
          // stricter one: --no-install; each npx start costs about 1.4 s of CPU). Until then `npx` is a
          // stand-in that runs the clone's bin/golive.js for `npx golive ...` and refuses anything else.
          'node_bin="$2" clone_bin="$3"',
          'npx() { [ "$1" = golive ] || { echo "stand-in npx: unexpected $*" >&2; return 127; }; shift; "$node_bin" "$clone_bin" "$@"; }',
          'eval "$0"',
          "script=~/.local/share/bash-completion/completions/golive",
          'bash -n "$script"',
          'source "$script"',
          'eval "$1"',
          "complete -p golive",
          complete("golive rel"),
          complete("golive release sh"),
          complete("golive check --sk"),
          complete("golive secrets put pro"),
          complete("golive help pl"),
          // outputs (and plan) take stacks, plan-report and plan-compare files, completion nothing after the shell.
          // Stacks through the function --help gives, then through the real npx when golive is no command.
          complete("golive outputs edge-s"),
          "unset -f golive npx",
          "type -t npx golive || true",
          complete("golive outputs edge-s"),
          complete("golive plan-report cdk"),
          complete("golive plan-compare conf"),
          complete('golive completion bash ""'),
        ].join(" && "),
        install,
        wrapper,
        process.execPath,
        join(dir, "bin", "golive.js"),
      ],
      // Only what a user's shell has: no npm_* variables of the npx that runs the tests.
      { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, npm_config_update_notifier: "false" } },
    );
    const pl = COMMANDS.map((c) => c.name).filter((n) => n.startsWith("pl"));
    expect(out.split("\n")).toEqual([
      "no golive on PATH",
      "complete -F _golive golive",
      "release",
      "shift",
      "--skip-rule",
      "production",
      pl.join(" "),
      "edge-staging",
      "file",
      "edge-staging",
      "cdktf.out",
      "config",
      "",
      "",
    ]);
  });
});
