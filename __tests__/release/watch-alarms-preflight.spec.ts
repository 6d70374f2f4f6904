import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive } from "../helpers/cli";
import { LOOPBACK_ALARMS } from "./alarm-watch";
import { createTestCa, issueLeaf } from "../helpers/test-ca";
import type { FakeCloudflareApi } from "./fake-cloudflare-api";
import { startProductionApi } from "./loopback-release";
import { type FakeCloudWatch, startFakeCloudWatch } from "./fake-cloudwatch";
import { type Origin, startOrigin } from "./local-origin";
import { deployedStarted, loopbackWatchFlags, releaseFixture, startedOnLoopback, type ReleaseFixture } from "./release-fixture";
import { AWS_TEST_ENV, HOSTNAME, TOKEN } from "./stand-in-constants";

// `promote --watch` reads the alarms once before any weight moves. An audit ran it with no AWS
// credentials: the first PATCH gave the candidate 10%, the step failed on "alarms could not be read",
// a second PATCH rolled a healthy build back (phase rolled-back, exit 1). Now: nothing is sent to
// Cloudflare, the config stays byte for byte, and one line names the cause and --no-alarms. With
// readable alarms none firing, the run proceeds as before: analysis.wait.spec.ts's healthy run (one
// pre-flight read, then one per step).

const SOURCE = 'CloudWatch alarms "opsbot-production *" in us-east-1';
const NOTHING_CHANGED = "so nothing changed (no weight moved, no pool changed, config untouched)";
/** The stand-in's credentials (the SDK signs every request); in-process runs: the SDK reads process.env. */

const ca = createTestCa();
const leaf = issueLeaf(ca, { hosts: [HOSTNAME] });

let api: FakeCloudflareApi;
let cw: FakeCloudWatch;
let green: Origin;
let fx: ReleaseFixture;
const savedEnv = { ...process.env };

beforeEach(async () => {
  Object.assign(process.env, AWS_TEST_ENV);
  [api, cw, green] = await Promise.all([startProductionApi(), startFakeCloudWatch(), startOrigin(leaf)]);
  fx = releaseFixture();
  startedOnLoopback(fx);
  fx.set(["release", "analysis"], { probes: 2 });
  writeFileSync(join(fx.dir, "ca.pem"), ca.certPem);
});

afterEach(async () => {
  process.env = { ...savedEnv };
  await Promise.all([api.close(), cw.close(), green.close()]);
});

/** `promote --watch --json` against the stand-ins, 50 ms steps. */
const watch = () =>
  golive(
    ["release", "promote", "production", "--watch", "--json", ...loopbackWatchFlags(api.baseUrl, green.port, join(fx.dir, "ca.pem"))],
    { cwd: fx.dir, env: { CLOUDFLARE_API_TOKEN: TOKEN, GOLIVE_CLOUDWATCH_ENDPOINT: cw.endpoint } },
  );

/** A refused run: exit 1, no Cloudflare request at all (so no PATCH), the config byte for byte, one line on stderr. */
async function refused(): Promise<{ stderr: string; log: Record<string, unknown> }> {
  const before = fx.read();
  const r = await watch();
  expect(r.code).toBe(1);
  expect(api.requests).toEqual([]);
  expect(fx.read()).toBe(before);
  expect(r.stderr.split("\n").filter((l) => l !== "")).toHaveLength(1);
  const log = JSON.parse(r.stdout) as Record<string, unknown>;
  expect(log).toMatchObject({ ok: false, outcome: "refused", steps: [] });
  return { stderr: r.stderr, log };
}

describe("promote --watch reads the alarms once before any weight moves", () => {
  test("no AWS credentials (the audit's run): exit 1, no PATCH, config untouched, the cause and --no-alarms named", async () => {
    for (const name of [
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN",
      "AWS_PROFILE",
      "AWS_ROLE_ARN",
      "AWS_WEB_IDENTITY_TOKEN_FILE",
    ])
      delete process.env[name];
    // nothing else in the SDK's chain: no config or credentials file, no instance metadata
    Object.assign(process.env, {
      AWS_CONFIG_FILE: join(fx.dir, "no-config"),
      AWS_SHARED_CREDENTIALS_FILE: join(fx.dir, "no-credentials"),
      AWS_EC2_METADATA_DISABLED: "true",
    });
    const { stderr, log } = await refused();
    expect(cw.requests).toEqual([]); // unsigned: never sent
    expect(stderr).toContain(
      `golive release promote --watch: pre-flight read of ${SOURCE} failed, ${NOTHING_CHANGED}: no AWS credentials were found (`,
    );
    expect(stderr).toContain("may call cloudwatch:DescribeAlarms in us-east-1");
    expect(stderr).toContain("or run with --no-alarms: the steps are then judged without them");
    expect(log.preflightAlarms).toMatchObject({
      passed: false,
      source: SOURCE,
      error: expect.stringContaining("CredentialsProviderError"),
    });
  });

  test("DescribeAlarms denied: exit 1, no PATCH, config untouched; the permission and the region named", async () => {
    cw.failWith = {
      status: 400,
      type: "AccessDenied",
      message: "User: arn:aws:sts::111111111111:assumed-role/x/y is not authorized to perform: cloudwatch:DescribeAlarms",
    };
    const { stderr } = await refused();
    expect(cw.requests).toHaveLength(1);
    expect(stderr).toContain("the credentials may not call cloudwatch:DescribeAlarms in us-east-1 (AccessDenied: User: arn:aws:sts::");
    expect(stderr).toContain("no permissions boundary or service control policy denies it or the region us-east-1");
    expect(stderr).toContain("--no-alarms");
  });

  test("credentials of another account than config's, whose alarms of the same names are all OK (the audit's run): exit 1, no PATCH, both accounts named", async () => {
    cw.alarms = [
      { AlarmName: "opsbot-production edge down: app.example.com", StateValue: "OK" },
      { AlarmName: "opsbot-production origin down: app.example.com (192.0.2.10)", StateValue: "OK" },
    ];
    cw.accountId = "123456789012";
    const { stderr, log } = await refused();
    expect(stderr).toContain(
      `golive release promote --watch: pre-flight read of ${SOURCE} failed, ${NOTHING_CHANGED}: AlarmAccountError: alarm "opsbot-production edge down: app.example.com" is in AWS account 123456789012 (its AlarmArn), not secrets.accountId 111111111111: the credentials are of another account; give this run credentials of AWS account 111111111111`,
    );
    expect(stderr).toContain("or run with --no-alarms");
    expect(log.preflightAlarms).toMatchObject({ passed: false, source: SOURCE, error: expect.stringContaining("123456789012") });
  });

  test("an alarm already in ALARM at 0%: the release does not start (exit 1, no PATCH, config untouched)", async () => {
    cw.alarms = [
      { AlarmName: LOOPBACK_ALARMS.GREEN_DOWN, StateValue: "OK" },
      { AlarmName: "opsbot-production edge down: app.example.com", StateValue: "OK" },
      { AlarmName: "opsbot-production origin down: app.example.com (192.0.2.10)", StateValue: "ALARM" },
    ];
    const { stderr, log } = await refused();
    expect(stderr).toContain(
      `pre-flight: ${SOURCE}: 1 of 3 in ALARM or INSUFFICIENT_DATA: 1 environment-wide, neither colour's alone (opsbot-production origin down: app.example.com (192.0.2.10) (ALARM)) before any weight moved (green at 0%), ${NOTHING_CHANGED}`,
    );
    expect(stderr).toContain("the release does not start on an unhealthy environment");
    expect(stderr).toContain("to release the fix for what they report, run with --no-alarms");
    expect(log.preflightAlarms).toMatchObject({
      passed: false,
      matched: 3,
      firing: [{ name: "opsbot-production origin down: app.example.com (192.0.2.10)", state: "ALARM" }],
    });
  });

  test("the candidate's own origin alarm in ALARM at 0%: the release does not start, saying the candidate is not healthy", async () => {
    const greenDown = "opsbot-production origin down: app.example.com (green pool origin green-1, 192.0.2.62)";
    cw.alarms = [{ AlarmName: greenDown, StateValue: "ALARM" }];
    const { stderr } = await refused();
    expect(stderr).toContain(
      `1 of 1 in ALARM or INSUFFICIENT_DATA: 1 of the candidate green's own (${greenDown} (ALARM)) before any weight moved`,
    );
    expect(stderr).toContain("the candidate green is not healthy before it gets any traffic");
  });

  test("the live colour's (the rollback target's) and another host's alarms in ALARM at 0% do not refuse: they say nothing of the candidate", async () => {
    // The audit's run: the pre-flight counted every alarm of "opsbot-production ", the stable colour's too.
    const blueDown = "opsbot-production origin down: app.example.com (blue pool origin blue-1, 192.0.2.61)";
    const otherHost = "opsbot-production origin down: example.com (192.0.2.10)";
    cw.alarms = [
      { AlarmName: blueDown, StateValue: "ALARM" },
      { AlarmName: otherHost, StateValue: "INSUFFICIENT_DATA" },
      { AlarmName: "opsbot-production edge down: app.example.com", StateValue: "OK" },
      { AlarmName: LOOPBACK_ALARMS.GREEN_DOWN, StateValue: "OK" },
    ];
    deployedStarted(api);
    const r = await watch();
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(r.stdout)).toMatchObject({
      outcome: "completed",
      preflightAlarms: {
        passed: true,
        matched: 4,
        concerns: { "rollback-target": [blueDown], "other-host": [otherHost], candidate: [], environment: [] },
      },
    });
  });

  test("fails before any change when alarms are in INSUFFICIENT_DATA (they page as ALARM does), naming them; across pages", async () => {
    // The audit's run: every alarm unable to evaluate, asked for ALARM only, passed as "none firing".
    cw.alarms = [
      { AlarmName: "opsbot-production edge down: app.example.com", StateValue: "OK" },
      { AlarmName: "opsbot-production origin down: app.example.com (192.0.2.10)", StateValue: "OK" },
      { AlarmName: "opsbot-production average latency over 500 ms: app.example.com (edge)", StateValue: "INSUFFICIENT_DATA" },
      { AlarmName: LOOPBACK_ALARMS.GREEN_DOWN, StateValue: "OK" },
    ];
    const { stderr, log } = await refused();
    expect(cw.requests.map((q) => [q.AlarmNamePrefix, q.StateValue, q.NextToken])).toEqual([
      ["opsbot-production ", undefined, undefined],
      ["opsbot-production ", undefined, "2"],
    ]);
    expect(stderr).toContain(
      `pre-flight: ${SOURCE}: 1 of 4 in ALARM or INSUFFICIENT_DATA: 1 environment-wide, neither colour's alone (opsbot-production average latency over 500 ms: app.example.com (edge) (INSUFFICIENT_DATA)) before any weight moved`,
    );
    expect(stderr).toContain("INSUFFICIENT_DATA pages as ALARM does");
    expect(log.preflightAlarms).toMatchObject({ passed: false, matched: 4, firing: [{ state: "INSUFFICIENT_DATA" }] });
  });

  test("fails before any change when only an unrelated alarm exists: the candidate's own origin alarm missing, named, with the fix (the audit's run)", async () => {
    cw.alarms = [{ AlarmName: "opsbot-production something-else", StateValue: "OK" }];
    const { stderr, log } = await refused();
    expect(stderr).toContain(
      `pre-flight: ${SOURCE}: 1 of the candidate green's own 1 alarm(s) not found among the 1 read (${JSON.stringify(LOOPBACK_ALARMS.GREEN_DOWN)})`,
    );
    expect(stderr).toContain(
      `${NOTHING_CHANGED}: the monitoring lacks the candidate's own alarms (the monitoring stack of production creates them: deploy it`,
    );
    expect(stderr).not.toContain("is not healthy");
    expect(log.preflightAlarms).toMatchObject({ passed: false, matched: 1, firing: [] });
  });

  test("fails before any change when no alarm matches the prefix (monitoring not deployed, or another name), with the fix", async () => {
    cw.alarms = [{ AlarmName: "opsbot-staging edge down: app.example.net", StateValue: "OK" }];
    const { stderr, log } = await refused();
    expect(stderr).toContain(
      `pre-flight: ${SOURCE}: no alarm matches, so nothing would report the environment unhealthy before any weight moved (green at 0%), ${NOTHING_CHANGED}`,
    );
    expect(stderr).toContain(
      "the monitoring stack of production creates them: deploy it as runbooks/deploy.md step 6 does (npx cdktf deploy monitoring-production --ignore-missing-stack-dependencies, each TF_VAR_alert_webhook_<name> exported first), or check app and environment in config",
    );
    expect(stderr).toContain("or run with --no-alarms");
    expect(log.preflightAlarms).toMatchObject({ passed: false, matched: 0, firing: [] });
  });
});
