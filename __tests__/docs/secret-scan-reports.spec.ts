import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT, readDoc, userPages } from "./support";

const SCRIPT = readFileSync(join(REPO_ROOT, "scripts", "secret-scan.sh"), "utf8");

/**
 * The files `secret-scan.sh <modes> --output FILE` writes, as the script names them: the synth output's
 * scan FILE, the tree's FILE.tree beside a synth scan, the history's FILE.history beside a tree or synth scan.
 */
function reports(modes: readonly string[], file: string): string[] {
  const has = (m: string) => modes.includes(m);
  return [
    ...(has("synth") ? [file] : []),
    ...(has("tree") ? [has("synth") ? `${file}.tree` : file] : []),
    ...(has("history") ? [has("tree") || has("synth") ? `${file}.history` : file] : []),
  ];
}

/** Every `secret-scan.sh ... --output FILE` a page runs: its line, modes (default tree synth) and FILE. */
function scansWithOutput(text: string): { line: number; modes: string[]; file: string }[] {
  return text.split("\n").flatMap((raw, i) => {
    const m = /secret-scan\.sh((?:\s+(?:tree|synth|history\s+\S+))*)\s[^#\n]*--output\s+(\S+)/.exec(raw);
    if (m === null) return [];
    const modes = [...(m[1] ?? "").matchAll(/tree|synth|history/g)].map((x) => x[0]);
    return [{ line: i + 1, modes: modes.length > 0 ? modes : ["tree", "synth"], file: m[2] ?? "" }];
  });
}

describe("secret-scan.sh --output: the pages name every report a command of theirs writes", () => {
  test("the script names its reports so (the scan sees the lines that do)", () => {
    expect(SCRIPT).toContain('has_mode synth && [ -n "$output" ] && tree_report="$output.tree"');
    expect(SCRIPT).toContain('if [ -n "$output" ] && { has_mode tree || has_mode synth; }; then report="$output.history"; fi');
    expect(reports(["tree", "synth"], "s.sarif")).toEqual(["s.sarif", "s.sarif.tree"]);
    expect(reports(["tree", "history"], "s.sarif")).toEqual(["s.sarif", "s.sarif.history"]);
  });

  test.each(userPages())("%s names, as code, every report its secret-scan.sh --output commands write", (page) => {
    const text = readDoc(page);
    const unnamed = scansWithOutput(text).flatMap(({ line, modes, file }) =>
      reports(modes, file)
        .filter((r) => !text.includes(`\`${r}\``))
        .map((r) => `${page}:${line}: ${r}`),
    );
    expect(unnamed).toEqual([]);
  });
});
