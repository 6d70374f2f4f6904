import { createdRole } from "../../lib/engines/check/access/takeover";
import { exampleConfig } from "../helpers/example-config";
import { synthKind } from "../helpers/synth";
import { type Actor, buildWorld, roleActor, type Step, verdict, type World } from "./iam-world";

/**
 * A role in this environment's prefix that belongs to another environment (`opsbot-production-eu-*` under
 * `opsbot-production-*`; cross-env.ts refuses such names within one config folder), or to another app's
 * environment of the same name (app `opsbot-production-x`, environment `production`:
 * `opsbot-production-x-production-*`). An audit (iam-simulate 0.1.173) found production's admin-deploy
 * role could give such a role its own boundary (PutRolePermissionsBoundary's iam:PermissionsBoundary is
 * the new boundary) and then re-trust, rewrite or delete it; a review found the first fix, keyed on the
 * `environment` tag, missed the other app's role. The boundary now denies every IAM write on a role whose
 * `golive:scope` tag (the provider's default tags) names another app or environment.
 */
const cfg = exampleConfig();
const ACCOUNT = cfg.secrets?.accountId ?? "";
const OWN = `arn:aws:iam::${ACCOUNT}:role/opsbot-production-app`;

/** The default tags golive's provider gives a role of `app`'s environment `env`. */
interface Owner {
  readonly app: string;
  readonly env: string;
}
const FOREIGN: readonly (Owner & { readonly role: string })[] = [
  { app: "opsbot", env: "production-eu", role: "opsbot-production-eu-plan-main" },
  { app: "opsbot-production-x", env: "production", role: "opsbot-production-x-production-admin-deploy" },
];

let world: World;
let boundaryArn: string;
beforeAll(() => {
  world = buildWorld(cfg);
  boundaryArn = world.roles.get("opsbot-production-app")?.boundaryArn ?? "";
});

/** `action` on `resource`, a role tagged as golive tags `owner`'s (the boundary key where the action takes it). */
function onRole(action: string, resource: string, owner: Owner): Step {
  const boundary = ["iam:PutRolePermissionsBoundary", "iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy", "iam:DeleteRolePolicy"];
  return {
    action,
    resource,
    resourceAccount: ACCOUNT,
    context: {
      "aws:ResourceTag/app": owner.app,
      "aws:ResourceTag/environment": owner.env,
      "aws:ResourceTag/golive:scope": `${owner.app}/${owner.env}`,
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

async function allowedOn(actor: Actor, resource: string, owner: Owner): Promise<string[]> {
  const out: string[] = [];
  for (const action of WRITES) if ((await verdict([actor], [onRole(action, resource, owner)])) === "allowed") out.push(action);
  return out;
}

describe("another environment's role in the prefix", () => {
  test("the stacks that declare golive's roles tag them with their app and environment (the deny reads golive:scope)", () => {
    for (const kind of ["access", "secrets"]) {
      const aws = synthKind(cfg, kind).provider?.aws;
      const providers: unknown[] = Array.isArray(aws) ? aws : [];
      expect(providers.length).toBeGreaterThan(0);
      for (const p of providers)
        expect([kind, p]).toEqual([
          kind,
          expect.objectContaining({ default_tags: [{ tags: expect.objectContaining({ "golive:scope": "opsbot/production" }) }] }),
        ]);
    }
  });

  test.each(FOREIGN)(
    "fails closed: the admin-deploy role, and a role it creates, make no IAM write on $role (app $app, environment $env)",
    async (foreign) => {
      const adminDeploy = roleActor(world, "opsbot-production-admin-deploy");
      const created = await createdRole(world, [adminDeploy]);
      if (!created) throw new Error("the admin-deploy role creates no role");
      const arn = `arn:aws:iam::${ACCOUNT}:role/${foreign.role}`;
      expect(await allowedOn(adminDeploy, arn, foreign)).toEqual([]);
      expect(await allowedOn(created, arn, foreign)).toEqual([]);
    },
  );

  test("its own runtime roles (tagged opsbot/production) and a role being created (no tag yet) stay writable", async () => {
    const adminDeploy = roleActor(world, "opsbot-production-admin-deploy");
    expect(await allowedOn(adminDeploy, OWN, { app: "opsbot", env: "production" })).toEqual(WRITES);
    const create: Step = {
      action: "iam:CreateRole",
      resource: OWN,
      resourceAccount: ACCOUNT,
      context: { "iam:PermissionsBoundary": boundaryArn },
    };
    expect(await verdict([adminDeploy], [create])).toBe("allowed");
  });
});
