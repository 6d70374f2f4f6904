import { createdRole } from "../../lib/engines/check/access/takeover";
import { exampleConfig } from "../helpers/example-config";
import { synthKind } from "../helpers/synth";
import { type Actor, buildWorld, roleActor, type Step, verdict, type World } from "./iam-world";

/**
 * A role in this environment's prefix that belongs to another environment (`opsbot-production-eu-*` under
 * `opsbot-production-*`; cross-env.ts refuses such names within one config folder). An audit
 * (iam-simulate 0.1.173) found production's admin-deploy role could give production-eu's plan-main role
 * its own boundary (PutRolePermissionsBoundary's iam:PermissionsBoundary is the new boundary) and then
 * re-trust, rewrite or delete it. The boundary now denies every IAM write on a role tagged for another
 * environment (the provider's default tags).
 */
const cfg = exampleConfig();
const ACCOUNT = cfg.secrets?.accountId ?? "";
const FOREIGN = `arn:aws:iam::${ACCOUNT}:role/opsbot-production-eu-plan-main`;
const OWN = `arn:aws:iam::${ACCOUNT}:role/opsbot-production-app`;

let world: World;
let boundaryArn: string;
beforeAll(() => {
  world = buildWorld(cfg);
  boundaryArn = world.roles.get("opsbot-production-app")?.boundaryArn ?? "";
});

/** `action` on `resource`, a role tagged `environment` (the boundary key where the action takes it). */
function onRole(action: string, resource: string, environment: string): Step {
  const boundary = ["iam:PutRolePermissionsBoundary", "iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy", "iam:DeleteRolePolicy"];
  return {
    action,
    resource,
    resourceAccount: ACCOUNT,
    context: {
      "aws:ResourceTag/environment": environment,
      ...(boundary.includes(action) ? { "iam:PermissionsBoundary": boundaryArn } : {}),
    },
  };
}

const WRITES = [
  "iam:PutRolePermissionsBoundary",
  "iam:UpdateAssumeRolePolicy",
  "iam:PutRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:DeleteRole",
  "iam:TagRole",
  "iam:UntagRole",
];

async function allowedOn(actor: Actor, resource: string, environment: string): Promise<string[]> {
  const out: string[] = [];
  for (const action of WRITES) if ((await verdict([actor], [onRole(action, resource, environment)])) === "allowed") out.push(action);
  return out;
}

describe("another environment's role in the prefix", () => {
  test("the stacks that declare golive's roles tag them with their environment (the deny reads that tag)", () => {
    for (const kind of ["access", "secrets"]) {
      const aws = synthKind(cfg, kind).provider?.aws;
      const providers: unknown[] = Array.isArray(aws) ? aws : [];
      expect(providers.length).toBeGreaterThan(0);
      for (const p of providers)
        expect([kind, p]).toEqual([
          kind,
          expect.objectContaining({ default_tags: [{ tags: expect.objectContaining({ environment: "production" }) }] }),
        ]);
    }
  });

  test("fails closed: the admin-deploy role, and a role it creates, make no IAM write on a role tagged for another environment", async () => {
    const adminDeploy = roleActor(world, "opsbot-production-admin-deploy");
    const created = await createdRole(world, [adminDeploy]);
    if (!created) throw new Error("the admin-deploy role creates no role");
    expect(await allowedOn(adminDeploy, FOREIGN, "production-eu")).toEqual([]);
    expect(await allowedOn(created, FOREIGN, "production-eu")).toEqual([]);
  });

  test("its own runtime roles (tagged production) and a role being created (no tag yet) stay writable", async () => {
    const adminDeploy = roleActor(world, "opsbot-production-admin-deploy");
    expect(await allowedOn(adminDeploy, OWN, "production")).toEqual(WRITES);
    const create: Step = {
      action: "iam:CreateRole",
      resource: OWN,
      resourceAccount: ACCOUNT,
      context: { "iam:PermissionsBoundary": boundaryArn },
    };
    expect(await verdict([adminDeploy], [create])).toBe("allowed");
  });
});
