import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { TEST_GROUPS } from "../groups/groups";

const TESTS = join(__dirname, "..");

describe("the full run's test groups (scripts/test.sh runs only the grouped files)", () => {
  test("every test folder is in exactly one group, every group and the wait specs have their jest file, and nothing else runs", () => {
    const folders = readdirSync(TESTS, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(TESTS, d.name, "suite.test.ts")))
      .map((d) => d.name)
      .sort();
    const grouped = Object.values(TEST_GROUPS).flat();
    expect([...grouped].sort()).toEqual(folders);
    expect(new Set(grouped).size).toBe(grouped.length);
    const files = readdirSync(join(TESTS, "groups")).filter((f) => f.endsWith(".test.ts"));
    expect(files.sort()).toEqual([...Object.keys(TEST_GROUPS), "waits"].map((g) => `${g}.test.ts`).sort());
  });
});
