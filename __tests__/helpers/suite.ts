import { readdirSync } from "node:fs";
import { join } from "node:path";
import { TEST_GROUPS, type TestGroup } from "../groups/groups";

/**
 * A spec whose tests mostly wait on the timeouts they prove (a request that never answers, a body that
 * stalls, an interval a rollback must beat) is named `*.wait.spec.ts`: the full run gives those their own
 * jest file (groups/waits.test.ts) on a worker of its own, where waiting costs no CPU, instead of holding
 * a CPU-bound group's worker idle. A folder's own run (`npx jest __tests__/release`) runs both kinds.
 */
const WAIT_SPEC = /\.wait\.spec\.ts$/;

type Kind = "all" | "busy" | "waits";

function specsOf(dir: string, kind: Kind): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".spec.ts") && (kind === "all" || (kind === "waits") === WAIT_SPEC.test(f)))
    .sort();
}

/**
 * Runs the `*.spec.ts` of a test folder in one jest test file, each in its own `describe` (so its
 * hooks stay its own). Jest gives every test file a fresh module registry: one file per folder loads
 * cdktf, the providers and the config schema once instead of once per spec, which was most of the suite's
 * time. A spec that needs a registry of its own (jest.mock) stays a `*.test.ts` file.
 */
export function runSpecs(dir: string, kind: Kind = "all"): void {
  for (const file of specsOf(dir, kind)) {
    describe(file.replace(/\.spec\.ts$/, ""), () => {
      require(join(dir, file));
    });
  }
}

const folderOf = (folder: string) => join(__dirname, "..", folder);

/** Every folder of a group (TEST_GROUPS) in one jest file, each folder in its own `describe`; not their wait specs. */
export function runGroup(group: TestGroup): void {
  for (const folder of TEST_GROUPS[group]) describe(folder, () => runSpecs(folderOf(folder), "busy"));
}

/** Every folder's `*.wait.spec.ts`, in one jest file. */
export function runWaits(): void {
  for (const folder of Object.values(TEST_GROUPS).flat())
    if (specsOf(folderOf(folder), "waits").length > 0) describe(folder, () => runSpecs(folderOf(folder), "waits"));
}
