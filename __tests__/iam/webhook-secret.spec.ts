import { configErrorText, exampleConfig } from "../helpers/example-config";
import { adminActor, buildWorld, roleActor, rootUserActor, verdict } from "./iam-world";
import { matrixChecks } from "./matrix-checks";
import { foreignKey } from "./foreign-resource-checks";
import { kmsStep } from "../../lib/engines/check/access/steps";

/**
 * #13 item 8: an alert webhook's URL kept in one of golive's own secrets. deploy-environment.yml
 * reads it with the deploy role before `cdktf deploy monitoring-<env>`; the secret's deny-others
 * policy used to lock that role out. Now the secret (and the key) name the deploy role as a reader
 * of exactly that secret, and nobody else gains anything.
 */
const WEBHOOK_ITEM = {
  name: "pagerduty-alerts-url",
  description: "PagerDuty integration URL the alert topic posts to",
  readers: ["app"],
  rotation: { everyDays: 180 },
};
const EDITS = [
  [["secrets", "items", 3], WEBHOOK_ITEM],
  [["monitoring", "alerts", "webhooks", 0, "secretName"], "opsbot/production/pagerduty-alerts-url"],
] as const;

describe("an alert webhook URL kept in secrets.items", () => {
  const world = buildWorld(exampleConfig(EDITS));
  const checks = matrixChecks(world);
  const role = (kind: string) => [roleActor(world, `opsbot-production-${kind}`)];
  const read = (name: string) => checks.get(`read secret ${name}`) ?? [];

  test.each([
    ["the deploy role", "allowed", role("deploy")],
    ["the app that lists it as reader", "allowed", role("app")],
    ["the pull-request plan role", "denied", role("plan")],
    ["the main-branch plan role", "denied", role("plan-main")],
    ["the admin-deploy role", "denied", role("admin-deploy")],
    ["the worker, not a reader", "denied", role("worker")],
    ["an administrator no policy names", "denied", [adminActor("admin", world.accountId, "someone-admin")]],
    ["the account root user", "denied", [rootUserActor(world)]],
  ] as const)("%s: read it -> %s", async (_label, expected, actors) => {
    expect(await verdict(actors, read("pagerduty-alerts-url"))).toBe(expected);
  });

  test("the deploy role still reads no other secret and changes none", async () => {
    for (const name of ["model-provider-api-key", "webhook-signing-secret", "database-url"])
      expect([name, await verdict(role("deploy"), read(name))]).toEqual([name, "denied"]);
    expect(await verdict(role("deploy"), checks.get("put a secret's policy") ?? [])).toBe("denied");
  });

  // Kept outside, the secret may be under any key: the AWS-managed aws/secretsmanager key, untagged and
  // not golive's, which the deploy role uses through Secrets Manager only (NoKeysButGolives).
  test("the deploy role reads a webhook URL kept outside secrets.items (the example) under aws/secretsmanager, and no golive secret", async () => {
    const example = buildWorld(exampleConfig());
    const deploy = [roleActor(example, "opsbot-production-deploy")];
    const outside = {
      action: "secretsmanager:GetSecretValue",
      resource: "arn:aws:secretsmanager:eu-west-1:111111111111:secret:opsbot/production/pagerduty-alerts-url-AbCdEf",
      resourceAccount: "111111111111",
    };
    const other = { ...outside, resource: "arn:aws:secretsmanager:eu-west-1:111111111111:secret:someone-elses-secret-AbCdEf" };
    const managed = foreignKey(example, "alias/aws/secretsmanager");
    const viaSecretsManager = kmsStep(example, managed, "kms:Decrypt", "secretsmanager");
    expect(await verdict(deploy, [viaSecretsManager, outside])).toBe("allowed");
    expect(await verdict(deploy, [other])).toBe("denied");
    expect(await verdict(deploy, [kmsStep(example, managed, "kms:Decrypt")])).toBe("denied");
  });

  test("administrators, who deploy monitoring by hand when CI cannot, read it too", async () => {
    const admin = "arn:aws:iam::111111111111:role/opsbot-admins";
    const named = buildWorld(exampleConfig([...EDITS, [["secrets", "administrators"], [admin]]]));
    const actor = [adminActor("named administrator", named.accountId, "opsbot-admins")];
    expect(await verdict(actor, matrixChecks(named).get("read secret pagerduty-alerts-url") ?? [])).toBe("allowed");
    expect(await verdict(actor, matrixChecks(named).get("read secret database-url") ?? [])).toBe("denied");
  });

  test("fails at config load when nothing that deploys monitoring could read it (no deploy role, no administrators)", () => {
    const text = configErrorText([...EDITS, [["secrets", "github"], undefined], [["secrets", "administrators"], []]]);
    expect(text).toContain("monitoring.alerts.webhooks[0].secretName: names secrets.items[3]");
    expect(
      configErrorText([
        ...EDITS,
        [["secrets", "github"], undefined],
        [["secrets", "administrators"], ["arn:aws:iam::111111111111:role/x"]],
      ]),
    ).toBe("");
    expect(configErrorText(EDITS)).toBe("");
  });
});
