import { readdirSync } from "node:fs";
import { join } from "node:path";
import { TEST_GROUPS, type TestGroup } from "../groups/groups";

/**
 * Runs every `*.spec.ts` of a test folder in one jest test file, each in its own `describe` (so its
 * hooks stay its own). Jest gives every test file a fresh module registry: one file per folder loads
 * cdktf, the providers and the config schema once instead of once per spec, which was most of the suite's
 * time. A spec that needs a registry of its own (jest.mock) stays a `*.test.ts` file.
 */
export function runSpecs(dir: string): void {
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".spec.ts"))
    .sort()) {
    describe(file.replace(/\.spec\.ts$/, ""), () => {
      require(join(dir, file));
    });
  }
}

/** Every folder of a group (TEST_GROUPS) in one jest file, each folder in its own `describe`. */
export function runGroup(group: TestGroup): void {
  for (const folder of TEST_GROUPS[group]) describe(folder, () => runSpecs(join(__dirname, "..", folder)));
}
