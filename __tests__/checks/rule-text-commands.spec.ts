import { readFileSync } from "node:fs";
import { join } from "node:path";
import { COMMAND_SPECS, type CommandSpec } from "../../lib/cli/command-specs";
import { RULES } from "../../lib/engines/check/rules";
import { REPO_ROOT } from "../helpers/example-config";

// A rule's explanation reaches SARIF (fullDescription, help) and JSON: a command it names must run.
const ruleTexts = RULES.map((r) => ({ id: r.id, text: [r.title, r.explanation, r.fix].join(" ") }));

const withSubcommands = Object.entries(COMMAND_SPECS as Readonly<Record<string, CommandSpec>>).filter(
  ([, spec]) => (spec.subcommands ?? []).length > 0,
);

test("every `golive <command> <subcommand>` a rule's text names is a subcommand that command takes", () => {
  const wrong: string[] = [];
  for (const [name, spec] of withSubcommands)
    for (const { id, text } of ruleTexts)
      for (const m of text.matchAll(new RegExp(`golive ${name} ([a-z-]+)`, "g")))
        if (!(spec.subcommands ?? []).includes(m[1] as string)) wrong.push(`${id}: ${m[0]}`);
  expect(wrong).toEqual([]);
});

test("no rule says synthesized output is committed while .gitignore ignores cdktf.out/", () => {
  const ignored = readFileSync(join(REPO_ROOT, ".gitignore"), "utf8").split("\n").includes("cdktf.out/");
  expect(ignored).toBe(true);
  expect(ruleTexts.filter((r) => /cdk\.tf\.json is committed/.test(r.text)).map((r) => r.id)).toEqual([]);
});
