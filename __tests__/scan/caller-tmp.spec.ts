import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/cli";
import { scan } from "./secret-scan-run";

// The gate's exit trap removed `$tmp`, which only history's mktemp was meant to set: a caller whose
// environment exported a lowercase `tmp` lost that folder on any run.

test("a folder the caller's environment names in tmp survives a run of the gate", () => {
  const mine = tempDir("golive-caller-tmp-");
  writeFileSync(join(mine, "keep.txt"), "the caller's\n");
  const run = scan(["history", "verified", "--print-range"], { tmp: mine });
  expect(run.code).toBe(0);
  expect(existsSync(join(mine, "keep.txt"))).toBe(true);
});
