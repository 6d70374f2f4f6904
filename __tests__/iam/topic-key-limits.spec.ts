import { createdRole } from "../../lib/engines/check/access/takeover";
import { kmsStep } from "../../lib/engines/check/access/steps";
import type { KeyInfo } from "../../lib/engines/check/access/world";
import { exampleConfig } from "../helpers/example-config";
import { type Actor, buildWorld, keyOf, roleActor, type Step, verdict } from "./iam-world";
import { aliasStep } from "./matrix-checks";

/**
 * The alert and SES feedback topics' keys are declared by stacks the deploy role applies, so it
 * administers them (their key policies name it). An audit (iam-simulate 0.1.173) found it could also
 * schedule their deletion, disable them, and after rewriting a key policy grant or use them, while the
 * docs said golive's keys are never deleted, disabled or granted and the deploy role never uses them.
 */
const cfg = exampleConfig();
const world = buildWorld(cfg);
const prefix = `${cfg.app}-${cfg.environment}-`;
const deploy = roleActor(world, `${prefix}deploy`);

const adminDeploy = roleActor(world, `${prefix}admin-deploy`);

/** A role the admin-deploy role creates in its prefix (with the boundary, as it must) and gives any policy. */
let created: Actor;
beforeAll(async () => {
  const role = await createdRole(world, [adminDeploy]);
  if (!role) throw new Error("the admin-deploy role creates no role");
  created = role;
});

/** The key after a policy rewrite that lets the whole account do anything with it. */
function rewritten(key: KeyInfo): KeyInfo {
  const root = { AWS: `arn:aws:iam::${world.accountId}:root` };
  return { ...key, policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: root, Action: "kms:*", Resource: "*" }] } };
}

async function allowedTo(actor: Actor, steps: Record<string, Step[]>): Promise<string[]> {
  const out: string[] = [];
  for (const [name, s] of Object.entries(steps)) if ((await verdict([actor], s)) === "allowed") out.push(name);
  return out;
}

describe.each(["alerts", "feedback"] as const)("the %s topic's key", (name) => {
  const key = keyOf(world, name);
  const open = rewritten(key);
  const harm: Record<string, Step[]> = {
    ScheduleKeyDeletion: [kmsStep(world, open, "kms:ScheduleKeyDeletion")],
    DisableKey: [kmsStep(world, open, "kms:DisableKey")],
    CreateGrant: [kmsStep(world, open, "kms:CreateGrant")],
    DeleteAlias: [aliasStep(world, key, "kms:DeleteAlias"), kmsStep(world, open, "kms:DeleteAlias")],
    UpdateAlias: [aliasStep(world, key, "kms:UpdateAlias"), kmsStep(world, open, "kms:UpdateAlias")],
  };

  test("fails closed: neither the deploy role nor a role the admin-deploy role creates deletes, disables or grants it, or takes its alias off, even under a rewritten key policy", async () => {
    expect(await allowedTo(deploy, harm)).toEqual([]);
    expect(await allowedTo(created, harm)).toEqual([]);
  });

  test("fails closed: the deploy role encrypts and decrypts nothing with it, even after rewriting its policy", async () => {
    const crypto = Object.fromEntries(["kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt"].map((a) => [a, [kmsStep(world, open, a)]]));
    expect(await allowedTo(deploy, crypto)).toEqual([]);
  });

  test("the deploy role still administers it as its stack needs (policy, rotation, description, tags)", async () => {
    const needs = ["kms:PutKeyPolicy", "kms:EnableKeyRotation", "kms:UpdateKeyDescription", "kms:TagResource"];
    const steps = Object.fromEntries(needs.map((a) => [a, [kmsStep(world, key, a)]]));
    expect(await allowedTo(deploy, steps)).toEqual(needs);
  });
});
