import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEnvironments } from "../../lib/engines/config/load";
import { AppConfig } from "../../lib/config/schema";
import { COMMANDS } from "../../lib/cli/commands";
import type { Command } from "../../lib/cli/types";
import { checkRunbook, formatFinding, type RunbookFacts } from "../helpers/runbooks/check";
import { hasFieldPath } from "../helpers/runbooks/config-paths";
import { findReferences } from "../helpers/runbooks/extract";
import { runbookFacts } from "../helpers/runbooks/facts";
import { repoFileExists } from "../helpers/runbooks/repo-files";
import { subcommandsFromUsage } from "../helpers/runbooks/usage";
import { buildApp } from "../../lib/engines/synth/synthesize";
import { STACK_KINDS } from "../../lib/features";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";

const RUNBOOKS = join(REPO_ROOT, "runbooks");
const REQUIRED = [
  "deploy.md",
  "release-and-promote.md",
  "rollback.md",
  "secret-rotation.md",
  "dns-and-email-cutover.md",
  "incident-first-response.md",
  "handover-checklist.md",
];

/**
 * What exists now: COMMANDS and their usage texts, package.json scripts, the stacks the example configs
 * build (in-process; the App only creates its empty output directory, a temp one), the config schema,
 * and the repository's files (config/ files: the examples', never the user's config/).
 */
function repoFacts(): RunbookFacts {
  const outdir = mkdtempSync(join(tmpdir(), "golive-runbooks-"));
  try {
    return factsFrom(buildApp(loadEnvironments(EXAMPLE_CONFIG_DIR), outdir).stacks);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function factsFrom(stacks: readonly string[]): RunbookFacts {
  return runbookFacts({
    commands: COMMANDS,
    packageJson: JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")),
    stacks,
    stackKinds: STACK_KINDS,
    schema: AppConfig,
    // config/<env>.yaml is the example's (the user may have removed it from config/, as README says).
    hasFile: (path) => repoFileExists(path),
  });
}

const facts = repoFacts();
const runbooks = readdirSync(RUNBOOKS)
  .filter((f) => f.endsWith(".md"))
  .sort();
const read = (file: string) => readFileSync(join(RUNBOOKS, file), "utf8");

describe("runbooks", () => {
  test("every required runbook exists", () => {
    expect(REQUIRED.filter((f) => !runbooks.includes(f))).toEqual([]);
  });

  test.each(runbooks)(
    "%s names only commands, subcommands, options, npm scripts, stacks and config fields that exist, and synthesizes before a plan, verify or zone after a config rewrite",
    (file) => {
      expect(checkRunbook(`runbooks/${file}`, read(file), facts).map(formatFinding)).toEqual([]);
    },
  );

  test.each(REQUIRED)("%s names at least one exact command and one stack", (file) => {
    const refs = findReferences(read(file), {
      stackKinds: facts.stackKinds,
      configRoots: facts.configRoots,
      commandsWithSubcommands: new Set(),
    });
    expect(refs.some((r) => r.kind === "command" || r.kind === "script")).toBe(true);
    expect(refs.some((r) => r.kind === "stack")).toBe(true);
  });
});

describe("runbook checker (self-check on planted text)", () => {
  const planted = [
    "# Planted",
    "Prose may say golive teleport or monitoring-nowhere; only code is read.",
    "```sh",
    "npx golive synth production            # exists",
    "npx golive teleport production         # bogus command",
    "npx golive release status production   # exists",
    "npx golive release undo production     # bogus subcommand",
    "npx golive release rollback production --now --yolo   # --yolo is bogus",
    "npm run -s schema && npm run polish    # polish is bogus",
    "npx cdktf deploy edge-production monitoring-prod       # monitoring-prod is bogus",
    "npx cdktf deploy traffic-<env>         # placeholder: not checked",
    "```",
    "Edit `edge.hostnames` and `release.weightz`; see `stacks/traffic-stack.ts`, `state.ts` and `example.com`.",
    "Inline `golive verfiy production` is read too.",
    "Then follow `runbooks/rollback.md`, not `runbooks/roll-back.md`, and edit `config/<env>.yaml`.",
    "Like `config/production.yaml` and `config/golive.schema.json`; `config/prod.yaml` is no example.",
    "```sh",
    "npx golive verify production           # line 8's rollback rewrote the config, no synth since",
    "```",
  ].join("\n");
  const findings = checkRunbook("planted.md", planted, facts);
  const found = (kind: string, name: string) => findings.find((f) => f.kind === kind && f.name === name);

  test("fails a runbook naming a golive command that does not exist, with its line", () => {
    expect(found("command", "teleport")).toMatchObject({ line: 5, file: "planted.md" });
    expect(found("command", "verfiy")).toMatchObject({ line: 14 });
    expect(formatFinding(found("command", "teleport")!)).toMatch(
      /^planted\.md:5: "golive teleport" is not a golive command; allowed: .*synth/,
    );
  });

  test("fails a subcommand and an option the command's usage does not list", () => {
    expect(found("subcommand", "undo")).toMatchObject({ line: 7, command: "release" });
    expect(found("flag", "--yolo")).toMatchObject({ line: 8, command: "release" });
    expect(found("flag", "--now")).toBeUndefined();
  });

  test("fails an npm script missing from package.json", () => {
    expect(found("script", "polish")).toMatchObject({ line: 9 });
    expect(found("script", "schema")).toBeUndefined();
  });

  test("fails a stack the example configs do not synthesize, not placeholders or file names", () => {
    expect(found("stack", "monitoring-prod")).toMatchObject({ line: 10 });
    expect(found("stack", "edge-production")).toBeUndefined();
    expect(findings.some((f) => f.name.includes("traffic-"))).toBe(false);
  });

  test("fails a config field path that is not in the schema; only paths under a config key are read, file names are not", () => {
    expect(found("field", "release.weightz")).toMatchObject({ line: 13 });
    expect(found("field", "edge.hostnames")).toBeUndefined();
    expect(findings.some((f) => f.name === "example.com" || f.name === "state.ts")).toBe(false);
  });

  test("fails a link to a runbook or config file that does not exist; placeholders are skipped", () => {
    expect(found("file", "runbooks/roll-back.md")).toMatchObject({ line: 15 });
    expect(found("file", "runbooks/rollback.md")).toBeUndefined();
    expect(found("file", "config/prod.yaml")).toMatchObject({ line: 16 });
  });

  test("a config/ file is an example environment's, whatever the user's config/ holds; the schema is the repository's", () => {
    expect(found("file", "config/production.yaml")).toBeUndefined();
    expect(found("file", "config/golive.schema.json")).toBeUndefined();
    // A root whose config/ holds only the user's environment: the examples still resolve, the user's file does not.
    const userRoot = mkdtempSync(join(tmpdir(), "golive-runbooks-root-"));
    try {
      mkdirSync(join(userRoot, "config"));
      writeFileSync(join(userRoot, "config", "live.yaml"), "app: mine\n");
      writeFileSync(join(userRoot, "config", "golive.schema.json"), "{}\n");
      expect(
        ["config/production.yaml", "config/staging.yaml", "config/live.yaml", "config/golive.schema.json"].map((p) =>
          repoFileExists(p, userRoot),
        ),
      ).toEqual([true, true, false, true]);
    } finally {
      rmSync(userRoot, { recursive: true, force: true });
    }
  });

  test("fails a verify after a release command with no synth between them (synth-order.ts)", () => {
    expect(found("stale-synth", "verify")).toMatchObject({ line: 18 });
    expect(formatFinding(found("stale-synth", "verify")!)).toMatch(
      /^planted\.md:18: "golive verify production" follows "golive release rollback production --now --yolo" \(line 8\)/,
    );
  });

  test("fails exactly the planted mistakes and nothing from prose", () => {
    expect(findings.map((f) => `${f.kind}:${f.name}`).sort()).toEqual(
      [
        "command:teleport",
        "command:verfiy",
        "field:release.weightz",
        "file:config/prod.yaml",
        "file:runbooks/roll-back.md",
        "flag:--yolo",
        "script:polish",
        "stack:monitoring-prod",
        "stale-synth:verify",
        "subcommand:undo",
      ].sort(),
    );
  });
});

describe("runbook checker building blocks", () => {
  test("subcommands are read from a usage's Subcommands: list or literal words in its header", () => {
    const cmd = (name: string, usage: string): Command => ({ name, summary: "", usage, run: async () => 0 });
    expect(
      subcommandsFromUsage(
        "release",
        "Usage: golive release <subcommand> <env>\n\nSubcommands:\n  status <env>   x\n  shift <env> <p>  y\n\nOptions:\n  --json",
      ),
    ).toEqual(["status", "shift"]);
    expect(subcommandsFromUsage("secrets", "Usage: golive secrets put|list <name>\n\nExample: golive secrets get x")).toEqual([
      "put",
      "list",
    ]);
    const synth = cmd("synth", "Usage: golive synth [<env>...] [--json]\n\nExample: golive synth production");
    expect(subcommandsFromUsage(synth.name, synth.usage)).toEqual([]);
  });

  test("the real usages yield their subcommands (release, secrets) and none for positional commands", () => {
    expect(facts.commands.get("release")?.subcommands).toEqual(expect.arrayContaining(["status", "shift", "promote", "rollback"]));
    expect(facts.commands.get("secrets")?.subcommands).toEqual(expect.arrayContaining(["put", "list"]));
    expect(facts.commands.get("synth")?.subcommands).toEqual([]);
    expect(facts.commands.get("verify")?.subcommands).toEqual([]);
  });

  test("config field paths walk objects, arrays (with or without an index), records and defaults", () => {
    for (const ok of [
      "edge.hostnames",
      "edge.hostnames[0].name",
      "edge.hostnames[].origin",
      "edge.hostnames.name",
      "edge.access.roles.admins.idpGroup",
      "edge.waf.managed.owasp",
      "cloudflare.zone.id",
    ]) {
      expect([ok, hasFieldPath(AppConfig, ok)]).toEqual([ok, true]);
    }
    for (const bad of ["edge.hostname", "edge.hostnames.nope", "cloudflare.zone.id.extra", "edge[0]"]) {
      expect([bad, hasFieldPath(AppConfig, bad)]).toEqual([bad, false]);
    }
  });
});
