import { createdRole } from "../../lib/engines/check/access/takeover";
import { kmsStep } from "../../lib/engines/check/access/steps";
import { exampleConfig } from "../helpers/example-config";
import { type Actor, buildWorld, keyOf, roleActor, type Verdict, verdict } from "./iam-world";
import { aliasStep } from "./matrix-checks";

/**
 * golive's keys (secrets, state) are kept from deletion, disabling and grants by denies that find them
 * by alias (`kms:ResourceAliases`), since the access stack cannot know a key's ARN. An audit found the
 * admin-deploy role could delete the secrets key's alias (or point it at another key), after which
 * ScheduleKeyDeletion and DisableKey were allowed to it: the boundary now denies every golive role
 * taking an alias off its key (GoliveKeyAliasesStay, StateKeyAliasStays), and these rows ask the key
 * with its alias gone too, so the dependence shows.
 */
const cfg = exampleConfig();
const world = buildWorld(cfg);
const secretsKey = keyOf(world, "secrets");
const stateKey = keyOf(world, "state");
const prefix = `${cfg.app}-${cfg.environment}-`;
const adminDeploy = roleActor(world, `${prefix}admin-deploy`);
const boundary = world.roles.get(`${prefix}app`)?.boundary;

/** A role the admin-deploy role creates in its prefix (with the boundary, as it must) and gives any policy. */
let created: Actor;
beforeAll(async () => {
  const role = await createdRole(world, [adminDeploy]);
  if (!role) throw new Error("the admin-deploy role creates no role");
  created = role;
});

const removals = (key: typeof secretsKey) =>
  ["kms:DeleteAlias", "kms:UpdateAlias"].map((action) => [action, [aliasStep(world, key, action), kmsStep(world, key, action)]] as const);

describe("golive's key aliases stay on their keys", () => {
  test("every golive role, and any role the admin-deploy role could create, is denied deleting or repointing the secrets and state key aliases", async () => {
    expect(boundary).toBeDefined();
    const actors = [...[...world.roles.keys()].map((name) => roleActor(world, name)), created];
    const asked: Record<string, Verdict> = {};
    const expected: Record<string, Verdict> = {};
    for (const actor of actors)
      for (const [name, key] of [
        ["secrets", secretsKey],
        ["state", stateKey],
      ] as const)
        for (const [action, steps] of removals(key)) {
          asked[`${actor.label} ${action} ${name}`] = await verdict([actor], steps);
          expected[`${actor.label} ${action} ${name}`] = "denied";
        }
    expect(asked).toEqual(expected);
  });

  test("the admin-deploy role still creates the secrets key's alias (the first apply of secrets-<env>)", async () => {
    const create = [aliasStep(world, secretsKey, "kms:CreateAlias"), kmsStep(world, secretsKey, "kms:CreateAlias")];
    expect(await verdict([adminDeploy], create)).toBe("allowed");
  });

  test("the key denies hold only while the alias names the key: without it the admin-deploy role could schedule the secrets key's deletion", async () => {
    const ask = (action: string, aliases: readonly string[]) =>
      verdict([adminDeploy], [kmsStep(world, secretsKey, action, undefined, { "kms:ResourceAliases": aliases })]);
    for (const action of ["kms:ScheduleKeyDeletion", "kms:DisableKey"]) {
      expect([action, await ask(action, [secretsKey.alias])]).toEqual([action, "denied"]);
      expect([action, await ask(action, [])]).toEqual([action, "allowed"]);
      expect([action, await ask(action, ["alias/somewhere-else"])]).toEqual([action, "allowed"]);
    }
  });
});
