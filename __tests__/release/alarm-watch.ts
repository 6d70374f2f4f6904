import { type CliRun, golive } from "../helpers/cli";
import { createTestCa, issueLeaf } from "../helpers/test-ca";
import { BLUE_ID, type FakeCloudflareApi } from "./fake-cloudflare-api";
import { type FakeCloudWatch, startFakeCloudWatch } from "./fake-cloudwatch";
import type { Origin } from "./local-origin";
import { type LoopbackRelease, startLoopbackRelease } from "./loopback-release";
import { greenWeight, loopbackWatchFlags, type ReleaseFixture } from "./release-fixture";
import { AWS_TEST_ENV, HOSTNAME, LB_PATCH, TOKEN } from "./stand-in-constants";

// The set-up of the specs that run `promote --watch` against the Cloudflare and CloudWatch stand-ins
// with alarms firing at a step: a started release on loopback (startedOnLoopback), the alarms named.

/** The alarms of startedOnLoopback's release as the monitoring stack names them, and one of another host. */
export const LOOPBACK_ALARMS = {
  BLUE_DOWN: "opsbot-production origin down: app.example.com (blue pool origin blue-1, 192.0.2.61)",
  GREEN_DOWN: "opsbot-production origin down: app.example.com (green pool origin green-1, 192.0.2.62)",
  EDGE_DOWN: "opsbot-production edge down: app.example.com",
  OTHER_HOST_DOWN: "opsbot-production origin down: example.com (192.0.2.10)",
} as const;
export const BLUE_HEALTH = new RegExp(`^GET /accounts/[0-9a-f]{32}/load_balancers/pools/${BLUE_ID}/health$`);
/** Blue's pool down in the one region the stand-in reports. */
export const BLUE_UNHEALTHY = { healthy: false, origin: "192.0.2.61", reason: "HTTP 503 Service Unavailable" } as const;

const ca = createTestCa("golive alarm attribution CA");
const leaf = issueLeaf(ca, { hosts: [HOSTNAME] });

/** What a spec's tests reach; the stand-ins are fresh for each test. */
export interface AlarmWatch {
  readonly api: FakeCloudflareApi;
  readonly green: Origin;
  readonly fx: ReleaseFixture;
  readonly cw: FakeCloudWatch;
  /** The alarms the stand-in holds: set (all OK) before a run; atFifty fires some of them. */
  alarms: readonly string[];
  /** `golive release promote production --watch` against the stand-ins, `extra` last. */
  args(extra?: readonly string[]): string[];
  env(): Record<string, string>;
  watch(extra?: readonly string[]): Promise<CliRun>;
  /** The load balancer PATCH bodies received, in order. */
  patches(): unknown[];
  /** As the 50% step's PATCH arrives: the alarms named go into ALARM, and `also` runs. */
  atFifty(firing: readonly string[], also?: () => void): void;
}

/** Registers the beforeEach and afterEach of a spec whose tests watch with `alarms` (all OK at first). */
export function alarmWatch(alarms: readonly string[]): AlarmWatch {
  let release: LoopbackRelease | undefined;
  let cw: FakeCloudWatch | undefined;
  let caFile = "";
  const savedEnv = { ...process.env };
  const started = (): LoopbackRelease & { cw: FakeCloudWatch } => {
    if (!release || !cw) throw new Error("alarmWatch: used outside a test");
    return { ...release, cw };
  };
  let names = alarms;
  const setAlarms = (firing: readonly string[]) => {
    started().cw.alarms = names.map((name) => ({ AlarmName: name, StateValue: firing.includes(name) ? "ALARM" : "OK" }));
  };
  const w: AlarmWatch = {
    get api() {
      return started().api;
    },
    get green() {
      return started().green;
    },
    get fx() {
      return started().fx;
    },
    get cw() {
      return started().cw;
    },
    get alarms() {
      return names;
    },
    set alarms(list) {
      names = list;
      setAlarms([]);
    },
    args: (extra = []) => [
      "release",
      "promote",
      "production",
      "--watch",
      ...loopbackWatchFlags(w.api.baseUrl, w.green.port, caFile),
      ...extra,
    ],
    env: () => ({ CLOUDFLARE_API_TOKEN: TOKEN, GOLIVE_CLOUDWATCH_ENDPOINT: w.cw.endpoint, ...AWS_TEST_ENV }),
    watch: (extra = []) => golive(w.args(extra), { cwd: w.fx.dir, env: w.env() }),
    patches: () => w.api.requests.filter((q) => LB_PATCH.test(`${q.method} ${q.path}`)).map((q) => q.body),
    atFifty: (firing, also = () => {}) => {
      w.api.onPatch((body) => {
        if (greenWeight(body) !== 0.5) return;
        setAlarms(firing);
        also();
      });
    },
  };
  beforeEach(async () => {
    Object.assign(process.env, AWS_TEST_ENV); // in-process runs: the SDK reads process.env
    [release, cw] = await Promise.all([startLoopbackRelease(leaf, ca), startFakeCloudWatch()]);
    w.alarms = alarms;
    caFile = release.caFile;
  });
  afterEach(async () => {
    process.env = { ...savedEnv };
    await Promise.all([release?.close(), cw?.close()]);
  });
  return w;
}
