import { readFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { initArgs } from "../init/init-args";

// runbooks/release-and-promote.md §1 and docs/releasing.md: the config `golive init` writes puts both
// colours on the same servers, which `release start` refuses; both say so before their first `start`,
// with the refusal as it is printed and the field to edit.

/** Whitespace folded to single spaces: the docs wrap lines where the CLI prints one. */
const folded = (text: string) => text.replace(/\s+/g, " ");
const RUNBOOK = join(REPO_ROOT, "runbooks", "release-and-promote.md");
const DOCS = join(REPO_ROOT, "docs", "releasing.md");
const read = (file: string) => folded(readFileSync(file, "utf8"));
const FIRST_START = "npx golive release start production --build v1.5.0";

/** What `release start` prints after its name (`golive release start: `). */
let refusal: string;
beforeAll(async () => {
  const cwd = tempDir("golive-first-start-");
  expect((await golive(initArgs({ origin: "203.0.113.10" }), { cwd })).code).toBe(0);
  const start = await golive(["release", "start", "zz", "--build", "v1.5.0"], { cwd });
  expect(start.code).toBe(1);
  const printed = start.stderr.trim();
  expect(printed.startsWith("golive release start: ")).toBe(true);
  refusal = printed.slice("golive release start: ".length);
});

describe("the first release start on the config golive init writes", () => {
  test("is refused, naming the shared origin and release.pools.green.origins", () => {
    expect(refusal).toBe(
      "green and blue share the origin 203.0.113.10: v1.5.0 would replace the live build there, " +
        "leaving no rollback target; point release.pools.green.origins at the servers the new build runs on first",
    );
  });

  test("runbooks/release-and-promote.md §1 gives that refusal and the field to edit before its start", () => {
    const runbook = read(RUNBOOK);
    const section = runbook.slice(runbook.indexOf("## 1. "), runbook.indexOf("## 2. "));
    const at = section.indexOf(refusal);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(at).toBeLessThan(section.indexOf(FIRST_START));
    expect(section.slice(at + refusal.length, section.indexOf(FIRST_START))).toContain("edit `release.pools.green.origins`");
  });

  test("docs/releasing.md gives that refusal and the field to edit before its first start", () => {
    const docs = read(DOCS);
    const at = docs.indexOf(refusal);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(at).toBeLessThan(docs.indexOf(FIRST_START));
    expect(docs.slice(at, docs.indexOf(FIRST_START))).toContain("Edit `release.pools.<candidate>.origins`");
  });
});
