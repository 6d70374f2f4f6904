import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { printable } from "../../lib/core/printable";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";

/** Characters that reorder or hide what a terminal shows (CVE-2021-42574), and the line separators. */
const INVISIBLE = /[\p{Cf}\u2028\u2029]/u;
const SAMPLES = ["\u202e", "\u200b", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c", "\ufeff", "\u2028", "\u{e0041}"];

describe("bidi and other format characters from input are printed as \\u escapes", () => {
  const cwd = tempDir("golive-bidi-");
  cpSync(EXAMPLE_CONFIG_DIR, join(cwd, "config"), { recursive: true });

  test("printable escapes every format character, keeps text, tab and line feed", () => {
    for (const c of SAMPLES) expect(printable(`a${c}b`)).not.toMatch(INVISIBLE);
    expect(printable("x\u202ey")).toBe("x\\u202ey");
    expect(printable("x\u{e0041}y")).toBe("x\\u{e0041}y");
    expect(printable("café\tü\n日本")).toBe("café\tü\n日本");
  });

  test.each([
    ["a command name", ["synth\u202e"]],
    ["an environment name", ["synth", "qa\u2066txt.exe\u2069"]],
    ["an environment of verify", ["verify", "\u200bproduction"]],
    ["init --domain", ["init", "qa", "--yes", "--domain", "exa\u202emple.com"]],
  ])("in %s", async (_what, args) => {
    const run = await golive(args, { cwd });
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).not.toMatch(INVISIBLE);
    expect(run.stderr).toMatch(/\\u(202e|2066|200b)/);
  });

  test("in a config value quoted by an error", async () => {
    const file = join(cwd, "config", "staging.yaml");
    // A zero-width space: a bidi control is refused before any field quotes it (input-guard.ts).
    writeFileSync(file, readFileSync(file, "utf8").replace(/^app: .*$/m, 'app: "ops\\u200bbot"'));
    const run = await golive(["synth", "staging"], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(INVISIBLE);
    expect(run.stderr).toContain("ops\\u200bbot");
  });
});
