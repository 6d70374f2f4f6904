import { isRecord, records, strings } from "../../lib/core/json";
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

/** IAM's Resource wildcards: `*` any run of characters, `?` one. */
const iamGlob = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );

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

  // Whether KMS asks CreateKey's implied TagResource on `*`, on the account's keys, or on the new key's ARN
  // is inferred from its docs (kms-guards.ts), not verified: a simulation on "*" cannot tell. What can be
  // checked is that the tag denies name no such resource, only existing keys' ARNs.
  test("the tag denies match existing key ARNs only, never '*' or the account's key/* (where CreateKey's tags are inferred to be asked)", () => {
    const denies = (world.roles.get(`${cfg.app}-${cfg.environment}-admin-deploy`)?.identity ?? [])
      .flatMap((p) => (isRecord(p.policy) ? records(p.policy.Statement) : []))
      .filter((s) => s.Effect === "Deny" && strings(s.Action).includes("kms:TagResource"));
    expect(denies.map((s) => s.Sid)).toEqual(["TagsOnlyOnThisAppsKeys", "TagsOnlyOnThisEnvironmentsKeys"]);
    const key = (id: string) => `arn:aws:kms:eu-west-1:${world.accountId}:key/${id}`;
    for (const deny of denies) {
      const patterns = strings(deny.Resource);
      const matched = (resource: string) => patterns.some((p) => iamGlob(p).test(resource));
      expect(patterns.length).toBeGreaterThan(0);
      expect([deny.Sid, matched("*"), matched(key("*"))]).toEqual([deny.Sid, false, false]);
      expect([deny.Sid, matched(key("0b7c1a52-3f0e-4d5b-9c36-2b8f1f0e9a11")), matched(key("mrk-1234abcd"))]).toEqual([
        deny.Sid,
        true,
        true,
      ]);
    }
  });

  test("CreateKey and TagResource with this environment's tags, asked on '*', stay allowed", async () => {
    const create = (action: string): Step => ({ action, resource: "*", resourceAccount: world.accountId, context: OURS });
    expect(await verdict([adminDeploy], [create("kms:CreateKey"), create("kms:TagResource")])).toBe("allowed");
  });
});
