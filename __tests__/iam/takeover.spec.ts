import { readFileSync } from "node:fs";
import { join } from "node:path";
import { takeoversBy } from "../../lib/engines/check/access/takeover";
import { exampleConfig, REPO_ROOT } from "../helpers/example-config";
import { type Actor, adminActor, buildWorld, roleActor, rootUserActor, type World } from "./iam-world";

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
