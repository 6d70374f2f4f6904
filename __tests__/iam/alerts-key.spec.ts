import { ALARM_PUBLISHER } from "../../lib/features/monitoring/alert-encryption";
import { kmsStep } from "../../lib/engines/check/access/steps";
import { exampleConfig } from "../helpers/example-config";
import { type Actor, buildWorld, keyOf, verdict } from "./iam-world";

/**
 * #13: the alert topic's key lets CloudWatch alarms of this account (and only those) encrypt and
 * decrypt, so alarm notifications reach the encrypted topic; a confused deputy (CloudWatch acting
 * for another account's alarm) is refused. Who else may use the key is in the access matrix.
 */
describe("the alert topic's key and CloudWatch alarms", () => {
  const world = buildWorld(exampleConfig());
  const key = keyOf(world, "alerts");
  const cloudwatch: Actor = {
    label: ALARM_PUBLISHER,
    principal: ALARM_PUBLISHER,
    principalArn: ALARM_PUBLISHER,
    accountId: world.accountId,
    identity: [],
  };
  const alarm = (account: string) => ({
    "aws:SourceAccount": account,
    "aws:SourceArn": `arn:aws:cloudwatch:us-east-1:${account}:alarm:opsbot-production edge down: example.com`,
  });

  test("the key lives in us-east-1, next to the alarms and the topic", () => {
    expect(key.arn).toMatch(/^arn:aws:kms:us-east-1:111111111111:key\//);
    expect(key.alias).toBe("alias/opsbot-production-alerts");
  });

  test.each(["kms:GenerateDataKey", "kms:Decrypt"])("an alarm of this account may %s", async (action) => {
    expect(await verdict([cloudwatch], [kmsStep(world, key, action, undefined, alarm(world.accountId))])).toBe("allowed");
  });

  test.each(["kms:GenerateDataKey", "kms:Decrypt"])("an alarm of another account may not %s", async (action) => {
    expect(await verdict([cloudwatch], [kmsStep(world, key, action, undefined, alarm("999999999999"))])).toBe("denied");
  });

  test("CloudWatch may not administer the key or grant it", async () => {
    for (const action of ["kms:PutKeyPolicy", "kms:CreateGrant"])
      expect([action, await verdict([cloudwatch], [kmsStep(world, key, action, undefined, alarm(world.accountId))])]).toEqual([
        action,
        "denied",
      ]);
  });
});
