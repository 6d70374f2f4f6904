import { cpSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { copyExampleSynth } from "../helpers/example-synth";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { snapshot } from "../helpers/tree-snapshot";

/** How each check format's file starts, to tell which format a run left. */
const FORMATS = {
  table: /^Launch readiness \(today 2026-12-01\)\n/,
  compact: /^(?:BLOCKER|WARNING|SKIPPED|(?:NOT )?READY:) /,
  json: /^\{\n {2}"today": "2026-12-01",/,
  sarif: /^\{\n {2}"\$schema": "https:\/\/json\.schemastore\.org\/sarif-2\.1\.0\.json",/,
  junit: /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="golive check"/,
} as const;
type Format = keyof typeof FORMATS;

function formatFlags(format: Format): string[] {
  return format === "compact" ? ["--compact"] : ["--format", format];
}

/** `golive check --output` replaces a report golive wrote, and nothing else (lib/core/golive-output.ts). */
describe("check --output replaces only a report golive wrote", () => {
  const dir = tempDir("golive-own-reports-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  const synthesized = copyExampleSynth(dir);
  const check = async (...args: string[]) => {
    await synthesized;
    return golive(["check", "production", "--today", "2026-12-01", ...args], { cwd: dir });
  };

  test("fails on notes whose last line reads like a verdict: exit 2, one line naming the file and what to do, the notes untouched", async () => {
    await synthesized;
    const notes = "# Launch log (hand-written)\n…notes…\nNOT READY: 6 blocker(s), 0 warning(s), 0 exempt\n";
    writeFileSync(join(dir, "launch-notes.md"), notes);
    const before = snapshot(dir);
    const run = await golive(["check", "production", "--output", "launch-notes.md"], { cwd: dir });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "golive check: --output: launch-notes.md exists and golive did not write it; golive replaces only a report it wrote (move the file away, or choose another name)\n",
    });
    expect(readFileSync(join(dir, "launch-notes.md"), "utf8")).toBe(notes);
    expect(snapshot(dir)).toEqual(before);
  });

  test("each format's report is replaced by the next run, in its own format and in the next one", async () => {
    const file = join(dir, "readiness.report");
    // Each format twice (over itself), then the next one over it; the table last, over JUnit.
    const runs: Format[] = ["table", "table", "compact", "compact", "json", "json", "sarif", "sarif", "junit", "junit", "table"];
    const wrong: string[] = [];
    let previous: { format: Format; inode: number } | undefined;
    for (const format of runs) {
      const run = await check(...formatFlags(format), "--output", "readiness.report");
      const inode = statSync(file).ino;
      // An atomic write renames a new file over the old one: a new inode proves the old one was replaced.
      if (run.code !== 1 || run.stderr !== "" || !FORMATS[format].test(readFileSync(file, "utf8")) || inode === previous?.inode)
        wrong.push(`${format} over ${previous?.format ?? "nothing"}: exit ${run.code} ${run.stderr}`);
      previous = { format, inode };
    }
    expect(wrong).toEqual([]);
  });

  test("an empty file is replaced: nothing is lost", async () => {
    writeFileSync(join(dir, "empty.txt"), "");
    const run = await check("--output", "empty.txt");
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 1, stderr: "" });
    expect(readFileSync(join(dir, "empty.txt"), "utf8")).toMatch(FORMATS.table);
  });
});
