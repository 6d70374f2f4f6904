import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { AppConfig } from "../../lib/config/schema";
import { STACK_KINDS } from "../../lib/features";
import type { Command } from "../../lib/cli/types";
import { checkRunbook, formatFinding, type RunbookFacts } from "../helpers/runbooks/check";
import { runbookFacts } from "../helpers/runbooks/facts";
import { repoFileExists } from "../helpers/runbooks/repo-files";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";
import { helpCommands, helpText } from "./help";
import { docFiles, featureReadmes, readDoc } from "./support";

// The Cloudflare SDK is a stand-in here (see suite.test.ts): the usage texts need no API client.

/**
 * README, docs/ and the concerns' READMEs (lib/features/<concern>/README.md) are read with the runbook checker (code only: fenced blocks and inline spans), but
 * against what `golive --help` and `golive help <command>` print, run in-process: every `golive
 * <command> [<subcommand>] [--flag]` they name must be listed there. npm scripts, config field paths and
 * runbooks/ or config/ files are checked too (a config/ file is an example's: README has the user remove
 * them from config/); stacks are `<kind>-<env>` of the example environments. A plan, verify or zone run
 * after a command that rewrote the config, with no synth between them, fails too (synth-order.ts).
 */
async function docFacts(): Promise<RunbookFacts> {
  const names = await helpCommands();
  const commands: Command[] = await Promise.all(
    names.map(async (name) => ({ name, summary: "", usage: await helpText(name), run: async () => 0 })),
  );
  // `golive help <command>` is the CLI's own: its "subcommands" are the command names.
  commands.push({ name: "help", summary: "", usage: `Usage: golive help ${names.join("|")}`, run: async () => 0 });
  const envs = readdirSync(EXAMPLE_CONFIG_DIR)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .map((f) => f.replace(/\.[^.]+$/, ""));
  return runbookFacts({
    commands,
    packageJson: JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")),
    stacks: STACK_KINDS.flatMap((kind) => envs.map((env) => `${kind}-${env}`)),
    stackKinds: STACK_KINDS,
    schema: AppConfig,
    hasFile: (path) => repoFileExists(path),
  });
}

describe("README, docs/ and lib/features/*/README.md name only what exists", () => {
  let facts: RunbookFacts;
  beforeAll(async () => {
    facts = await docFacts();
  });

  test("golive --help lists the commands the checker compares against", () => {
    expect([...facts.commands.keys()]).toEqual(expect.arrayContaining(["synth", "check", "plan", "release"]));
    expect(facts.commands.get("release")?.subcommands).toEqual(expect.arrayContaining(["status", "rollback"]));
    expect(facts.commands.get("release")?.flags).toEqual(expect.arrayContaining(["--now", "--watch"]));
  });

  test.each([...docFiles(), ...featureReadmes()])(
    "%s names only golive commands, subcommands and options --help lists, and real scripts, fields and files; synthesizes after a config rewrite",
    (file) => {
      expect(checkRunbook(file, readDoc(file), facts).map(formatFinding)).toEqual([]);
    },
  );

  test("fails a page naming a command, subcommand or option --help does not list", () => {
    const planted = [
      "```sh",
      "npx golive teleport production",
      "npx golive release undo production",
      "npx golive check --colour",
      "npx golive help synth",
      "```",
    ].join("\n");
    const found = checkRunbook("planted.md", planted, facts).map((f) => `${f.kind}:${f.name}`);
    expect(found.sort()).toEqual(["command:teleport", "flag:--colour", "subcommand:undo"]);
  });
});
