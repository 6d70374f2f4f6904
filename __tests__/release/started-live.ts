import { type FakeCloudflareApi, startFakeCloudflareApi } from "./fake-cloudflare-api";
import { deployedPools, deployedStarted, type ReleaseFixture, releaseFixture, startedOnLoopback } from "./release-fixture";
import { HOSTNAME } from "./stand-in-constants";

/**
 * A fake Cloudflare API and a release fixture as `release status --live` finds them after a start: v2
 * started on green at 0%, blue live on v1, the load balancer serving blue only (fallback blue), and the
 * pools the config deploys. The caller closes `api`.
 */
export async function startedLive(): Promise<{ readonly api: FakeCloudflareApi; readonly fx: ReleaseFixture }> {
  const api = await startFakeCloudflareApi({ zoneName: "example.com", hostname: HOSTNAME, poolPrefix: "opsbot-production" });
  const fx = releaseFixture();
  startedOnLoopback(fx);
  deployedStarted(api);
  deployedPools(api, fx);
  return { api, fx };
}
