import { kmsStep } from "../../lib/engines/check/access/steps";
import { configurationSetArn, SES_PUBLISHER } from "../../lib/features/email/feedback";
import { ALARM_PUBLISHER } from "../../lib/features/monitoring/alert-encryption";
import { exampleConfig } from "../helpers/example-config";
import { type Actor, buildWorld, keyOf, verdict } from "./iam-world";

/**
 * The keys of the encrypted SNS topics (#13's alert topic, the SES feedback topic) let the one service
 * that publishes to each, acting for this account's resource (its alarms, its configuration set),
 * encrypt and decrypt, so the messages reach the topic; the service acting for another account or
 * another resource (confused deputy) is refused, and it never administers or grants the key. Who else
 * may use the keys (no CI role decrypts with them) is in the access matrix.
 */
interface TopicKeyCase {
  readonly name: string;
  readonly key: "alerts" | "feedback";
  readonly region: string;
  readonly alias: string;
  readonly publisher: string;
  /** The request context of the publisher acting for `account`'s resource, or for another resource of it. */
  readonly source: (account: string, otherResource?: boolean) => Record<string, string>;
}

const CASES: readonly TopicKeyCase[] = [
  {
    name: "the alert topic's key and CloudWatch alarms",
    key: "alerts",
    region: "us-east-1",
    alias: "alias/opsbot-production-alerts",
    publisher: ALARM_PUBLISHER,
    // Alarms live in us-east-1 with the Route 53 metrics; one elsewhere is not golive's.
    source: (account, other) => ({
      "aws:SourceAccount": account,
      "aws:SourceArn": `arn:aws:cloudwatch:${other ? "eu-west-1" : "us-east-1"}:${account}:alarm:opsbot-production edge down: example.com`,
    }),
  },
  {
    name: "the SES feedback topic's key and SES",
    key: "feedback",
    region: "eu-west-1",
    alias: "alias/opsbot-production-ses-feedback",
    publisher: SES_PUBLISHER,
    source: (account, other) => ({
      "aws:SourceAccount": account,
      "aws:SourceArn": configurationSetArn("eu-west-1", account, other ? "someone-elses-set" : "opsbot-production"),
    }),
  },
];

describe.each(CASES)("$name", ({ key: name, region, alias, publisher, source }) => {
  const world = buildWorld(exampleConfig());
  const key = keyOf(world, name);
  const service: Actor = { label: publisher, principal: publisher, principalArn: publisher, accountId: world.accountId, identity: [] };
  const use = (action: string, context: Record<string, string>) => verdict([service], [kmsStep(world, key, action, undefined, context)]);

  test("the key lives in the topic's region, under its own alias", () => {
    expect(key.arn).toMatch(new RegExp(`^arn:aws:kms:${region}:111111111111:key/`));
    expect(key.alias).toBe(alias);
  });

  test.each(["kms:GenerateDataKey", "kms:Decrypt"])("the service acting for this account's resource may %s", async (action) => {
    expect(await use(action, source(world.accountId))).toBe("allowed");
  });

  test.each(["kms:GenerateDataKey", "kms:Decrypt"])("the service acting for another account may not %s", async (action) => {
    expect(await use(action, source("999999999999"))).toBe("denied");
  });

  test("the service acting for another resource of the account may not use the key", async () => {
    expect(await use("kms:GenerateDataKey", source(world.accountId, true))).toBe("denied");
  });

  test("the service may not administer the key or grant it", async () => {
    for (const action of ["kms:PutKeyPolicy", "kms:CreateGrant"])
      expect([action, await use(action, source(world.accountId))]).toEqual([action, "denied"]);
  });
});
