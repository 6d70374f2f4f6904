import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TestCa, TestCert } from "../helpers/test-ca";
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
  /** The origin's CA as the watch's --ca-file takes it (origin-ca.pem in the fixture's folder). */
  readonly caFile: string;
  close(): Promise<void>;
}

/** The stand-in API and a green origin serving `leaf`, whose issuer `ca` the watch is given to trust. */
export async function startLoopbackRelease(leaf: TestCert, ca: TestCa): Promise<LoopbackRelease> {
  const [api, green] = await Promise.all([startProductionApi(), startOrigin(leaf)]);
  const fx = releaseFixture();
  startedOnLoopback(fx);
  deployedStarted(api);
  const caFile = join(fx.dir, "origin-ca.pem");
  writeFileSync(caFile, ca.certPem);
  return { api, green, fx, caFile, close: async () => void (await Promise.all([api.close(), green.close()])) };
}

/**
 * startLoopbackRelease before each test of the calling spec, closed after it: call the returned function
 * inside a test (or a later beforeEach) for the running test's release.
 */
export function loopbackReleaseEachTest(leaf: TestCert, ca: TestCa): () => LoopbackRelease {
  let release: LoopbackRelease | undefined;
  beforeEach(async () => {
    release = await startLoopbackRelease(leaf, ca);
  });
  afterEach(() => release?.close());
  return () => {
    if (release === undefined) throw new Error("loopbackReleaseEachTest: no release outside a test");
    return release;
  };
}
