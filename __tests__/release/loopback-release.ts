import type { TestCert } from "../helpers/test-ca";
import { type FakeCloudflareApi, startFakeCloudflareApi } from "./fake-cloudflare-api";
import { type Origin, startOrigin } from "./local-origin";
import { deployedStarted, type ReleaseFixture, releaseFixture, startedOnLoopback } from "./release-fixture";
import { HOSTNAME } from "./stand-in-constants";

/** The Cloudflare API stand-in of the example's production zone, its pools named as the traffic stack names them. */
export function startProductionApi(): Promise<FakeCloudflareApi> {
  return startFakeCloudflareApi({ zoneName: "example.com", hostname: HOSTNAME, poolPrefix: "opsbot-production" });
}

/** A started release on loopback as its deploy leaves it: the API stand-in, green's one origin serving `leaf`, the config. */
export interface LoopbackRelease {
  readonly api: FakeCloudflareApi;
  readonly green: Origin;
  readonly fx: ReleaseFixture;
  close(): Promise<void>;
}

export async function startLoopbackRelease(leaf: TestCert): Promise<LoopbackRelease> {
  const [api, green] = await Promise.all([startProductionApi(), startOrigin(leaf)]);
  const fx = releaseFixture();
  startedOnLoopback(fx);
  deployedStarted(api);
  return { api, green, fx, close: async () => void (await Promise.all([api.close(), green.close()])) };
}
