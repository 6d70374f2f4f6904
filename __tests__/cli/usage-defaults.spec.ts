import { COMMANDS } from "../../lib/cli/commands";

/**
 * A flag its Options say has a default may be left out, so the synopsis at the top of `--help` shows it in
 * brackets: init's showed `--app NAME` and `--hostname NAME...` as required while their Options gave
 * the defaults (the domain's first label; chat.<domain>).
 */

/** The flags whose Options entry (its line and the indented lines under it) names a default. */
function defaultedFlags(usage: string): string[] {
  const options = usage.slice(usage.indexOf("\nOptions:\n")).split("\n");
  const entries: { flag: string; text: string }[] = [];
  for (const line of options) {
    const start = /^ {2}(--[a-z][a-z0-9-]*)\b/.exec(line);
    if (start?.[1] !== undefined) entries.push({ flag: start[1], text: line });
    else if (/^ {4,}\S/.test(line) && entries.length > 0) {
      const last = entries[entries.length - 1];
      if (last !== undefined) last.text += line;
    } else if (!/^ {4,}/.test(line)) entries.push({ flag: "", text: "" });
  }
  return entries.filter((e) => e.flag !== "" && /\bdefault\b/i.test(e.text)).map((e) => e.flag);
}

/** The flags the synopsis (the lines before the first blank one) shows outside any bracket. */
function requiredInSynopsis(usage: string): string[] {
  const synopsis = usage.slice(0, usage.indexOf("\n\n"));
  const shown: string[] = [];
  let depth = 0;
  for (const token of synopsis.matchAll(/\[|\]|--[a-z][a-z0-9-]*/g)) {
    if (token[0] === "[") depth++;
    else if (token[0] === "]") depth--;
    else if (depth === 0) shown.push(token[0]);
  }
  return shown;
}

describe("--help synopses", () => {
  test("the Options entries with a default are found, over continuation lines too", () => {
    const init = COMMANDS.find((c) => c.name === "init")?.usage ?? "";
    expect(defaultedFlags(init)).toEqual(
      expect.arrayContaining(["--app", "--hostname", "--aws-region", "--release-hostname", "--config-dir"]),
    );
    expect(requiredInSynopsis(init)).toEqual(expect.arrayContaining(["--domain", "--plan", "--origin"]));
  });

  test.each(COMMANDS.filter((c) => c.usage.includes("\nOptions:\n")).map((c) => [c.name, c.usage] as const))(
    "fails when %s's synopsis shows a flag with a default as required",
    (_name, usage) => {
      const required = requiredInSynopsis(usage);
      expect(defaultedFlags(usage).filter((f) => required.includes(f))).toEqual([]);
    },
  );
});
