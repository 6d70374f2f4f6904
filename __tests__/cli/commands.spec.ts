import { join } from "node:path";
import { COMMANDS } from "../../lib/cli/commands";
import type { Command } from "../../lib/cli/types";

function isCommand(value: unknown): value is Command {
  return typeof value === "object" && value !== null && "name" in value && "run" in value;
}

/** The Command a command file exports, loaded directly (not through the lazy registry). */
function loadDirect(name: string): Command | undefined {
  const mod: Record<string, unknown> = require(join(__dirname, "..", "..", "lib", "cli", "commands", name));
  return Object.values(mod).find((v): v is Command => isCommand(v) && v.name === name);
}

describe("command registry", () => {
  test.each(COMMANDS.map((c) => [c.name]))("%s: the lazy entry's name and summary match the command file", (name) => {
    const entry = COMMANDS.find((c) => c.name === name);
    const direct = loadDirect(name);
    expect(direct).toBeDefined();
    expect(entry?.summary).toBe(direct?.summary);
    expect(entry?.usage).toBe(direct?.usage);
    expect(direct?.usage).toMatch(new RegExp(`^Usage: golive ${name}\\b`));
  });

  test("names are unique and summaries are one line", () => {
    const names = COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of COMMANDS) expect(c.summary).not.toContain("\n");
  });
});
