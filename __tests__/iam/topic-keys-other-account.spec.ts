import { accountRootArn } from "../../lib/core/iam";
import { type Actor, adminActor, type Step, verdict } from "./iam-world";
import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";

/**
 * `email.awsAccountId` and `monitoring.awsAccountId` may name another account than `secrets.accountId`:
 * the topic keys are created there, so CreateKey's lockout check (the caller must be able to
 * PutKeyPolicy under the new policy; "Cross-account use: No",
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html) needs a principal of that
 * account. golive's roles in secrets.accountId get nothing on these keys.
 */
const SECRETS_ACCOUNT = "111111111111";
const OTHER = "333333333333";
const cfg = exampleConfig([
  [["email", "awsAccountId"], OTHER],
  [["monitoring", "awsAccountId"], OTHER],
]);

const KEYS = [
  { name: "the SES feedback key", kind: "email", region: "eu-west-1" },
  { name: "the alert key", kind: "monitoring", region: "us-east-1" },
] as const;

const rootOf = (account: string): Actor => {
  const arn = accountRootArn(account);
  return { ...adminActor(`${account} root user`, account, arn), principal: arn, principalArn: arn };
};

describe.each(KEYS)("$name in another account than secrets.accountId", ({ kind, region }) => {
  const keys = resourcesOf(synthKind(cfg, kind), "aws_kms_key");
  const [[, key] = ["", {}]] = keys;
  const policy: unknown = JSON.parse(String(key.policy));
  const step = (action: string, callerAccount: string): Step => ({
    action,
    resource: `arn:aws:kms:${region}:${OTHER}:key/00000000-0000-0000-0000-000000000000`,
    resourceAccount: OTHER,
    resourcePolicy: policy,
    context: { "kms:CallerAccount": callerAccount },
  });

  test("the stack declares one key, which its publisher uses only for the key's own account", () => {
    expect(keys).toHaveLength(1);
    expect(JSON.stringify(policy)).toContain(`"aws:SourceAccount":"${OTHER}"`);
    expect(JSON.stringify(policy)).not.toContain(SECRETS_ACCOUNT);
  });

  test("an administrator of the key's account may PutKeyPolicy (CreateKey's lockout check passes)", async () => {
    expect(await verdict([adminActor("333 administrator", OTHER, "ops-admin")], [step("kms:PutKeyPolicy", OTHER)])).toBe("allowed");
    expect(await verdict([rootOf(OTHER)], [step("kms:PutKeyPolicy", OTHER)])).toBe("allowed");
  });

  test("an administrator of the key's account still may not use the key", async () => {
    for (const action of ["kms:Decrypt", "kms:GenerateDataKey", "kms:CreateGrant"])
      expect([action, await verdict([adminActor("333 administrator", OTHER, "ops-admin")], [step(action, OTHER)])]).toEqual([
        action,
        "denied",
      ]);
  });

  test("secrets.accountId's deploy role and root user get nothing on the key", async () => {
    const deploy = adminActor("deploy role", SECRETS_ACCOUNT, "opsbot-production-deploy");
    for (const action of ["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:Decrypt"])
      for (const actor of [deploy, rootOf(SECRETS_ACCOUNT)])
        expect([actor.label, action, await verdict([actor], [step(action, SECRETS_ACCOUNT)])]).toEqual([actor.label, action, "denied"]);
  });
});
