import { readFileSync } from "node:fs";
import { join } from "node:path";
import { golive } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { readReleaseConfig } from "../../lib/engines/release/config-file";
import { desiredTraffic } from "../../lib/features/release/traffic";
import type { FakeCloudflareApi } from "./fake-cloudflare-api";
import { startProductionApi } from "./loopback-release";
import { changedLines, type ReleaseFixture, releaseFixture } from "./release-fixture";
import { TOKEN } from "./stand-in-constants";

// runbooks/rollback.md, "When the rollback plan does more than a rollback": the break-glass edit is the
// same change as the rollback workflow's branch only when both drained or neither did. The workflow runs
// `golive release rollback <env>` (with its drain input, `--drain`) on main's config; a break-glass
// `--now --drain` also writes release.drained, which merging a branch without it takes out again.

const RUNBOOK = readFileSync(join(REPO_ROOT, "runbooks", "rollback.md"), "utf8");

/** The runbook from `heading` to the next "## " heading. */
function section(heading: string): string {
  const start = RUNBOOK.indexOf(heading);
  const end = RUNBOOK.indexOf("\n## ", start + 1);
  return RUNBOOK.slice(start, end === -1 ? undefined : end);
}

/** main's config mid-release (green at 60%), as the workflow's checkout and the operator's copy hold it. */
function mainMidRelease(): ReleaseFixture {
  const fx = releaseFixture();
  fx.setAll([
    [["release", "weights"], { blue: 40, green: 60 }],
    [["release", "phase"], "releasing"],
  ]);
  return fx;
}

/** Whether the config in `fx` deploys the green pool enabled. */
const greenEnabled = (fx: ReleaseFixture) => {
  const { cfg, release } = readReleaseConfig(join(fx.dir, "config"), "production");
  return desiredTraffic(cfg, release).pools.find((p) => p.colour === "green")?.enabled;
};

let api: FakeCloudflareApi;
beforeAll(async () => {
  api = await startProductionApi();
});
afterAll(() => api.close());

describe("runbooks/rollback.md: which config to merge after a refused rollback plan and a break-glass rollback", () => {
  test.each([
    ["neither drained", true, [], []],
    ["both drained", true, ["--drain"], ["--drain"]],
    ["only the break-glass run drained", false, ["--drain"], []],
  ])("%s: the break-glass edit is the workflow branch's change: %s", async (_, same, breakGlass, workflow) => {
    const [operator, branch] = [mainMidRelease(), mainMidRelease()];
    const now = await golive(["release", "rollback", "production", "--now", ...breakGlass, "--api-base-url", api.baseUrl], {
      cwd: operator.dir,
      env: { CLOUDFLARE_API_TOKEN: TOKEN },
    });
    expect(now.code).toBe(0);
    expect((await golive(["release", "rollback", "production", ...workflow], { cwd: branch.dir })).code).toBe(0);
    expect(branch.read() === operator.read()).toBe(same);
    if (same) return;
    // The branch lacks only the drain, and deploying it declares the drained pool enabled again.
    expect(changedLines(branch.read(), operator.read().replace("  drained: green\n", ""))).toEqual([]);
    expect([greenEnabled(operator), greenEnabled(branch)]).toEqual([false, true]);
  });

  test("says which pull request to merge when the break-glass run drained and the workflow did not, never 'no second pull request' for it", () => {
    const refused = section("## When the rollback plan does more than a rollback");
    const cases = refused.slice(refused.indexOf("\n4. "));
    const [same, drainedHere] = cases.split("\n   - ").slice(1);
    expect(same).toMatch(/^Your `--now` and the workflow's run both drained, or neither did/);
    expect(same).toContain("no second pull request");
    expect(drainedHere).toMatch(/^You ran `--now --drain` and the workflow ran without `drain`/);
    expect(drainedHere).toContain("lacks\n     `release.drained: <bad colour>`");
    expect(drainedHere).toContain("Do not open or merge a pull request of the\n     workflow's branch");
    expect(drainedHere).toMatch(/git commit -am [^\n]+\n\s+git push -u origin /);
    expect(drainedHere).not.toContain("no second pull request");
  });
});
