import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { COMMAND_SPECS } from "../../lib/cli/command-specs";
import { COMMANDS } from "../../lib/cli/commands";
import { flagChoices } from "../../lib/cli/flag-choices";
import { RULES } from "../../lib/engines/check/rules";
import { OriginLockdown, PlanTier } from "../../lib/features/edge/schema";
import { golive, spawnGolive, tempDir } from "../helpers/cli";

const dir = tempDir("golive-completion-choices-");
writeFileSync(join(dir, "plan.json"), "{}");

/** Every enumerated flag completion knows, as [command, flag, values]. */
const ENUMERATED = COMMANDS.flatMap((c) => Object.entries(flagChoices(c.name)).map(([flag, values]) => [c.name, flag, values] as const));

/** What completion offers for each `words` (the last one being typed), by the generated bash script itself. */
async function bashComplete(lines: readonly (readonly string[])[]): Promise<string[]> {
  const script = (await spawnGolive(["completion", "bash"], { cwd: dir })).stdout;
  writeFileSync(join(dir, "golive.bash"), script);
  const calls = lines.map(
    (words) => `COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _golive; echo "\${COMPREPLY[*]}"`,
  );
  return execFileSync("bash", ["-c", ["source ./golive.bash", ...calls].join("\n")], { cwd: dir, encoding: "utf8" })
    .split("\n")
    .slice(0, -1);
}

/** Arguments that get each command as far as checking its flags (its other checks pass or come later). */
const BEFORE: Readonly<Record<string, readonly string[]>> = {
  init: ["qa", "--domain", "example.com"],
  verify: ["production"],
  release: ["status", "production"],
  "plan-report": ["plan.json"],
};

describe("completion of a flag that takes one of a fixed list", () => {
  test("bash completes check --format, init --plan and --origin-lockdown, check --skip-rule from their lists, and other value flags with files", async () => {
    const out = await bashComplete([
      ["golive", "check", "--format", ""],
      ["golive", "init", "qa", "--plan", ""],
      ["golive", "init", "qa", "--origin-lockdown", "a"],
      ["golive", "check", "--skip-rule", "GL-SEC-00"],
      ["golive", "check", "--output", "golive.b"],
    ]);
    expect(out).toEqual([
      "table json sarif junit",
      PlanTier.options.join(" "),
      OriginLockdown.options.filter((o) => o.startsWith("a")).join(" "),
      RULES.map((r) => r.id)
        .filter((id) => id.startsWith("GL-SEC-00"))
        .join(" "),
      "golive.bash",
    ]);
  });

  test("bash offers every enumerated flag's whole list, and the list is the one its parser names when it refuses a value", async () => {
    expect(ENUMERATED.map(([c, f]) => `${c} --${f}`)).toEqual(
      expect.arrayContaining(["check --format", "check --skip-rule", "init --plan", "init --origin-lockdown", "verify --format"]),
    );
    const offered = await bashComplete(ENUMERATED.map(([c, f]) => ["golive", c, ...(BEFORE[c] ?? []), `--${f}`, ""]));
    expect(offered).toEqual(ENUMERATED.map(([, , values]) => values.join(" ")));
    for (const [c, f, values] of ENUMERATED) {
      const run = await golive([c, ...(BEFORE[c] ?? []), `--${f}`, "not-a-choice"], { cwd: dir });
      expect(`${c} --${f}: ${run.code} ${run.stderr.split("\n")[0]}`).toBe(
        `${c} --${f}: 2 golive ${c}: --${f}: got "not-a-choice", allowed: ${values.join(", ")}`,
      );
    }
  });

  test("golive completion --help names every flag whose values it completes", async () => {
    const help = (await golive(["completion", "--help"], { cwd: dir })).stdout.replace(/\s+/g, " ");
    for (const [, flag] of ENUMERATED) expect(help).toContain(`--${flag}`);
  });

  test("zsh completes the same lists with compadd", async () => {
    const zsh = (await spawnGolive(["completion", "zsh"], { cwd: dir })).stdout;
    for (const [c, f, values] of ENUMERATED) expect(zsh).toContain(`'${c} --${f}') compadd ${values.join(" ")}; return ;;`);
    expect(COMMAND_SPECS.check.choices.format).toEqual(["table", "json", "sarif", "junit"]);
  });
});
