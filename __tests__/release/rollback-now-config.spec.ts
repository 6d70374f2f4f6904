import { appendFileSync } from "node:fs";
import { spawnGolive } from "../helpers/cli";
import { BLUE_ID, type FakeCloudflareApi, LB_ID } from "./fake-cloudflare-api";
import { startProductionApi } from "./loopback-release";
import { isRollbackToBlue, type ReleaseFixture, releaseFixture } from "./release-fixture";
import { TOKEN } from "./stand-in-constants";

// `rollback --now` changes Cloudflare first, then the config: whatever happens to the config meanwhile,
// the run must say that Cloudflare moved and what to record by hand. Real processes of bin/golive.js.

let api: FakeCloudflareApi;
let fx: ReleaseFixture;

beforeEach(async () => {
  api = await startProductionApi();
  fx = releaseFixture();
  fx.setAll([
    [["release", "weights"], { blue: 40, green: 60 }],
    [["release", "phase"], "releasing"],
  ]);
});

afterEach(() => api.close());

const rollbackNow = (extra: readonly string[] = []) =>
  spawnGolive(["release", "rollback", "production", "--now", "--api-base-url", api.baseUrl, "--timeout-ms", "5000", ...extra], {
    cwd: fx.dir,
    env: { CLOUDFLARE_API_TOKEN: TOKEN },
  });

test("a config made invalid while the rollback runs (an unknown key) is not written, and the run says Cloudflare moved and which edits to make", async () => {
  api.onPatch((body) => {
    if (isRollbackToBlue(body)) appendFileSync(fx.file, "notAConfigKey: true\n");
  });
  const r = await rollbackNow();
  expect(r.code).toBe(1);
  expect(api.loadBalancer()).toMatchObject({ default_pools: [BLUE_ID] });
  expect(r.stderr).toContain(
    `Cloudflare now serves blue (load balancer ${LB_ID}), BUT the config was not written (config/production.yaml: `,
  );
  expect(r.stderr).toContain("notAConfigKey");
  expect(r.stderr).toContain(
    "Make these edits by hand before any deploy: release.weights.blue: 40 -> 100; release.weights.green: 60 -> 0; release.phase: releasing -> rolled-back",
  );
  expect(fx.read().endsWith("notAConfigKey: true\n")).toBe(true);
});
