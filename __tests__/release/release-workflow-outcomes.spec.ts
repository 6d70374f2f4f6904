import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { REPO_ROOT } from "../helpers/example-config";
import { type HoldReason, type Outcome, outcomeText } from "../../lib/engines/release/watch-log";

// release.yml turns the watch's last line (`result: <outcomeText>; <claim>`) into the commit subject with a
// `case` on the outcome; one it has no branch for falls to `*)`, which calls a watch that exited 0
// "released" (the audit's `nothing-to-promote`). The outcomes are read from watch-log.ts's own types, so
// an outcome added there without a branch here fails this test instead of drifting.

/** The string literals of `export type <name> = "a" | "b" ...;` in watch-log.ts. */
function unionOf(name: string): string[] {
  const source = readFileSync(join(REPO_ROOT, "lib", "engines", "release", "watch-log.ts"), "utf8");
  const body = new RegExp(`export type ${name} =([^;]+);`).exec(source)?.[1];
  if (body === undefined) throw new Error(`watch-log.ts has no type ${name}`);
  return [...body.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? "");
}

/** The patterns of the `case "${result%%;*}" in` of release.yml's result step, unquoted. */
function caseBranches(): string[] {
  const doc = parse(readFileSync(join(REPO_ROOT, ".github", "workflows", "release.yml"), "utf8")) as {
    jobs: Record<string, { steps: { id?: string; run?: string }[] }>;
  };
  const script = Object.values(doc.jobs)
    .flatMap((j) => j.steps)
    .find((s) => s.id === "result")?.run;
  const block = script === undefined ? undefined : /case "\$\{result%%;\*\}" in\n([\s\S]*?)\n\s*esac/.exec(script)?.[1];
  if (block === undefined) throw new Error('release.yml\'s result step has no `case "${result%%;*}" in`');
  return block
    .split("\n")
    .map((l) => /^\s*(.+?)\)\s/.exec(l)?.[1])
    .filter((p): p is string => p !== undefined)
    .map((p) => p.replace(/^"(.*)"$/, "$1"));
}

describe("release.yml names every way a watch can end", () => {
  const outcomes = unionOf("Outcome") as Outcome[];
  const holds = unionOf("HoldReason") as HoldReason[];
  const lastLines = [...new Set(outcomes.flatMap((o) => [outcomeText(o), ...holds.map((h) => outcomeText(o, h))]))];

  test("the outcomes are read from watch-log.ts", () => {
    expect(outcomes).toEqual(expect.arrayContaining(["completed", "nothing-to-promote", "rollback-failed"]));
    expect(holds.length).toBeGreaterThan(0);
  });

  test.each(lastLines)("fails when the result step's case has no branch of its own for %j", (text) => {
    expect(caseBranches()).toContain(text);
  });
});
