import { alarmAccount } from "../../lib/features/release/alarm-query";
import { AlarmAccountError, cloudWatchReadFailure } from "../../lib/features/release/alarm-read-failure";
import { cloudWatchAlarmSource } from "../../lib/features/release/cloudwatch-alarms";
import { exampleConfig } from "../helpers/example-config";
import { type FakeCloudWatch, startFakeCloudWatch } from "./fake-cloudwatch";

const cfg = exampleConfig();
const PREFIX = `${cfg.app}-${cfg.environment}`;
// Static credentials for the stand-in: the SDK signs every request, so it needs some.
const CREDENTIALS = { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" };

let cw: FakeCloudWatch;
const saved = { ...process.env };
beforeAll(async () => {
  Object.assign(process.env, CREDENTIALS);
  cw = await startFakeCloudWatch();
});
afterAll(async () => {
  process.env = saved;
  await cw.close();
});

describe("CloudWatch alarm source of the release analysis (official SDK against a local stand-in)", () => {
  test("reads this environment's alarms in every state, across pages: ALARM and INSUFFICIENT_DATA fire, nothing of other environments", async () => {
    cw.alarms = [
      { AlarmName: `${PREFIX} edge down: chat.example.com`, StateValue: "ALARM", StateReason: "Threshold Crossed: 2 datapoints" },
      { AlarmName: `${PREFIX} origin down: api.example.com (192.0.2.11)`, StateValue: "OK" },
      { AlarmName: `${PREFIX} average latency over 500 ms: chat.example.com (edge)`, StateValue: "ALARM" },
      { AlarmName: `${PREFIX} origin down: chat.example.com (192.0.2.10)`, StateValue: "INSUFFICIENT_DATA" },
      { AlarmName: `${PREFIX}-canary edge down: x`, StateValue: "ALARM" },
      { AlarmName: `${cfg.app}-staging edge down: chat.example.net`, StateValue: "ALARM" },
    ];
    const source = cloudWatchAlarmSource(cfg, { timeoutMs: 2000, endpoint: cw.endpoint });
    const { matched, firing } = await source.firing();
    expect(matched).toBe(4);
    expect(firing.map((a) => `${a.name}: ${a.state}`).sort()).toEqual([
      `${PREFIX} average latency over 500 ms: chat.example.com (edge): ALARM`,
      `${PREFIX} edge down: chat.example.com: ALARM`,
      `${PREFIX} origin down: chat.example.com (192.0.2.10): INSUFFICIENT_DATA`,
    ]);
    expect(firing.find((a) => a.name.includes("edge down"))?.reason).toBe("Threshold Crossed: 2 datapoints");
    // no StateValue: every state; composite alarms asked for too (DescribeAlarms returns metric alarms only without AlarmTypes)
    expect(cw.requests).toHaveLength(2);
    expect(cw.requests[0]).toEqual({
      target: "GraniteServiceVersion20100801.DescribeAlarms",
      AlarmNamePrefix: `${PREFIX} `,
      AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
      MaxRecords: 100,
    });
    expect(cw.requests[1]).toMatchObject({ NextToken: "2" });
    expect(source.name).toBe(`CloudWatch alarms "${PREFIX} *" in us-east-1`);
  });

  test("rejects when CloudWatch refuses (the analysis then fails the check: it fails closed)", async () => {
    cw.failWith = { status: 400, type: "AccessDenied", message: "not authorized to perform: cloudwatch:DescribeAlarms" };
    try {
      await expect(cloudWatchAlarmSource(cfg, { timeoutMs: 2000, endpoint: cw.endpoint }).firing()).rejects.toThrow(/DescribeAlarms/);
    } finally {
      delete cw.failWith;
    }
  });

  test("rejects when an alarm's AlarmArn names another account than config's (credentials of another account), naming both", async () => {
    // The audit's run: credentials of 123456789012 (moto's default) read alarms of the same names, all OK.
    cw.alarms = [{ AlarmName: `${PREFIX} edge down: chat.example.com`, StateValue: "OK" }];
    cw.accountId = "123456789012";
    try {
      const read = cloudWatchAlarmSource(cfg, { timeoutMs: 2000, endpoint: cw.endpoint }).firing();
      await expect(read).rejects.toBeInstanceOf(AlarmAccountError);
      await expect(read).rejects.toThrow(
        `alarm "${PREFIX} edge down: chat.example.com" is in AWS account 123456789012 (its AlarmArn), not secrets.accountId 111111111111: the credentials are of another account`,
      );
    } finally {
      cw.accountId = "111111111111";
    }
  });

  test("rejects an alarm that comes without an AlarmArn: its account cannot be checked", async () => {
    cw.alarms = [{ AlarmName: `${PREFIX} edge down: chat.example.com`, StateValue: "OK", AlarmArn: null }];
    await expect(cloudWatchAlarmSource(cfg, { timeoutMs: 2000, endpoint: cw.endpoint }).firing()).rejects.toThrow(
      `alarm "${PREFIX} edge down: chat.example.com" came without an AlarmArn naming its account, so it could not be checked against secrets.accountId 111111111111`,
    );
  });

  test("the alarms' account is the monitoring stack's: monitoring.awsAccountId, else secrets.accountId, else state.accountId", () => {
    const monitoring = cfg.monitoring;
    if (!monitoring) throw new Error("the example has a monitoring section");
    expect(alarmAccount(cfg)).toEqual({ id: "111111111111", field: "secrets.accountId" });
    expect(alarmAccount({ ...cfg, monitoring: { ...monitoring, awsAccountId: "333333333333" } })).toEqual({
      id: "333333333333",
      field: "monitoring.awsAccountId",
    });
    const { secrets: _secrets, ...withoutSecrets } = cfg;
    expect(alarmAccount(withoutSecrets)).toEqual({ id: "111111111111", field: "state.accountId" });
  });

  test("says why the alarms could not be read, in one line per cause (the watch's pre-flight names it)", () => {
    const error = (name: string, message: string, code?: string) => Object.assign(new Error(message), { name, ...(code ? { code } : {}) });
    const why = (err: unknown) => cloudWatchReadFailure(err, "us-east-1");
    expect(why(error("ExpiredToken", "The security token included in the request is expired"))).toBe(
      "AWS refused the credentials as expired or invalid (ExpiredToken: The security token included in the request is expired): refresh them (aws sso login, or AWS_PROFILE's) and run this again",
    );
    expect(why(error("TimeoutError", "Connection timed out after 2000 ms\n  at the SDK"))).toBe(
      "CloudWatch in us-east-1 could not be reached or did not answer in time (TimeoutError: Connection timed out after 2000 ms): check this machine's network and proxy, or --timeout-ms",
    );
    expect(why(error("Error", "connect ECONNREFUSED 127.0.0.1:9", "ECONNREFUSED"))).toMatch(
      /^CloudWatch in us-east-1 could not be reached/,
    );
    expect(why(error("ThrottlingException", "Rate exceeded"))).toBe("ThrottlingException: Rate exceeded");
    expect(
      why(new AlarmAccountError("opsbot-production edge down: x", "123456789012", { id: "111111111111", field: "secrets.accountId" })),
    ).toBe(
      'AlarmAccountError: alarm "opsbot-production edge down: x" is in AWS account 123456789012 (its AlarmArn), not secrets.accountId 111111111111: the credentials are of another account; give this run credentials of AWS account 111111111111, where the monitoring stack keeps the alarms (AWS_PROFILE after aws sso login; in CI the deploy role of that account)',
    );
  });
});
