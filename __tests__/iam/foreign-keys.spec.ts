import { kmsStep } from "../../lib/engines/check/access/steps";
import type { KeyInfo } from "../../lib/engines/check/access/world";
import { exampleConfig } from "../helpers/example-config";
import { buildWorld, keyOf, roleActor, type Step, verdict } from "./iam-world";

/**
 * The admin-deploy role finds the secrets key by its app/environment tags, and may tag a key it creates
 * (kms:TagResource on `*`, as KMS requires for tags given to CreateKey). An audit (iam-simulate 0.1.173)
 * found it could therefore tag any key of the account into scope, then rewrite its policy: KMS ABAC
 * makes tag management access control. Only keys already carrying both tags take tags now.
 */
const cfg = exampleConfig();
const world = buildWorld(cfg);
const adminDeploy = roleActor(world, `${cfg.app}-${cfg.environment}-admin-deploy`);
const OURS = { "aws:RequestTag/app": cfg.app, "aws:RequestTag/environment": cfg.environment };

/** Someone else's key with the default key policy (the account decides through IAM), tagged `tags`. */
function otherKey(tags: Record<string, string>): KeyInfo {
  return {
    arn: `arn:aws:kms:eu-west-1:${world.accountId}:key/0b7c1a52-3f0e-4d5b-9c36-2b8f1f0e9a11`,
    alias: "alias/someone-else",
    region: "eu-west-1",
    policy: {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${world.accountId}:root` }, Action: "kms:*", Resource: "*" }],
    },
    tags,
  };
}

const tagIntoScope = (key: KeyInfo): Step => kmsStep(world, key, "kms:TagResource", undefined, OURS);

describe("tagging a KMS key into the admin-deploy role's scope", () => {
  test("fails closed: an untagged key, or one tagged for another environment or app, cannot be tagged as this environment's", async () => {
    const others: Record<string, string>[] = [{}, { app: cfg.app, environment: "staging" }, { app: "other", environment: cfg.environment }];
    for (const tags of others) expect([tags, await verdict([adminDeploy], [tagIntoScope(otherKey(tags))])]).toEqual([tags, "denied"]);
  });

  test("a key already this environment's stays administrable (ManageSecretsKey), tags included", async () => {
    const own = otherKey({ app: cfg.app, environment: cfg.environment });
    expect(await verdict([adminDeploy], [tagIntoScope(own)])).toBe("allowed");
    expect(await verdict([adminDeploy], [kmsStep(world, own, "kms:PutKeyPolicy")])).toBe("allowed");
    expect(await verdict([adminDeploy], [tagIntoScope(keyOf(world, "secrets"))])).toBe("allowed");
  });

  test("creating the secrets key with this environment's tags stays allowed (CreateKey, and TagResource as KMS asks it: on no key)", async () => {
    const create = (action: string): Step => ({ action, resource: "*", resourceAccount: world.accountId, context: OURS });
    expect(await verdict([adminDeploy], [create("kms:CreateKey"), create("kms:TagResource")])).toBe("allowed");
  });
});
