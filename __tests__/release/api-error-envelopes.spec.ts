import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnGolive } from "../helpers/cli";
import { createTestCa, issueLeaf } from "../helpers/test-ca";
import { failedWith200, type FakeCloudflareApi, GREEN_ID } from "./fake-cloudflare-api";
import { type LoopbackRelease, startLoopbackRelease } from "./loopback-release";
import type { Origin } from "./local-origin";
import { loopbackWatchArgs, type ReleaseFixture, releaseOf } from "./release-fixture";
import { HOSTNAME, TOKEN } from "./stand-in-constants";

// Cloudflare's envelope is `{success, errors, messages, result}`, and an answer may say `success: false`
// with HTTP 200. The SDK never checks `success`: it hands on `result` (null) or an empty list. These runs
// are real processes of bin/golive.js against the stand-in answering so (the audit's runs).

const ca = createTestCa("golive error envelope CA");
const leaf = issueLeaf(ca, { hosts: [HOSTNAME] });
const GREEN_HEALTH = new RegExp(`^GET /accounts/[0-9a-f]{32}/load_balancers/pools/${GREEN_ID}/health$`);

let api: FakeCloudflareApi;
let green: Origin;
let fx: ReleaseFixture;
let caFile: string;
let release: LoopbackRelease;

beforeEach(async () => {
  release = await startLoopbackRelease(leaf);
  ({ api, green, fx } = release);
  caFile = join(fx.dir, "origin-ca.pem");
  writeFileSync(caFile, ca.certPem);
});

afterEach(() => release.close());

const lastLine = (text: string) => text.trimEnd().split("\n").at(-1);
const watch = (extra: readonly string[] = []) =>
  spawnGolive(loopbackWatchArgs(api.baseUrl, green.port, caFile, extra), { cwd: fx.dir, env: { CLOUDFLARE_API_TOKEN: TOKEN } });

describe("promote --watch against HTTP 200 answers with success: false", () => {
  test("fails the pool-health check when the health read says success: false: rolled back, never promoted as 'no health data yet'", async () => {
    api.fail(GREEN_HEALTH, [failedWith200("Pool health is unavailable")]);
    const r = await watch();
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /pool-health\s+FAILED\s+Cloudflare health of green could not be read: reading the health of pool opsbot-production-green: /,
    );
    expect(r.stdout).not.toContain("no health data");
    expect(lastLine(r.stdout)).toMatch(/^result: rolled-back; /);
    expect(releaseOf(fx.read())).toMatchObject({ live: "blue", weights: { blue: 100, green: 0 }, phase: "rolled-back" });
  });
});
