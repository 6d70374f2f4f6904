import { roleArn } from "../../../core/iam";
import { isRecord, records, strings } from "../../../core/json";
import { goliveRoleName } from "../../../features/secrets/model";
import { type Actor, type Step, verdict } from "./simulate";
import type { RoleInfo, World } from "./world";

/**
 * Taking over a golive role: becoming it without being allowed to assume it. IAM takes no resource
 * policy on a role, so only the taker's own policies, its permissions boundary or an SCP stop this.
 * Two ways are asked, one step deep (a role taken over that could take over another is not followed),
 * by the taker and by a role it may create in golive's prefix (createdRole):
 *
 * - rewriting its trust (`iam:UpdateAssumeRolePolicy`). That call alone is enough: the new trust may
 *   name a federated principal (a GitHub Actions token of a workflow the taker runs), whose
 *   AssumeRoleWithWebIdentity no identity policy or boundary of the taker limits;
 * - passing it to a compute service its trust names (`iam:PassRole`, with `iam:PassedToService`) and
 *   creating what runs code as it there (a Lambda function, an ECS task). For a service not in
 *   COMPUTE_CALLS, the pass alone is asked.
 */

/** One way to take a role over: `how` names it (`iam:UpdateAssumeRolePolicy`, `iam:PassRole to <service>`). */
export interface TakeoverPath {
  readonly how: string;
  readonly steps: readonly Step[];
}

/** A golive role someone can take over, and the first way found. */
export interface Takeover {
  readonly role: RoleInfo;
  readonly how: string;
}

/**
 * What runs code as a passed role, by the service principal a runtime role trusts (secrets.runtimeRoles[].assumedBy):
 * a new function (CreateFunction takes the role); a task definition naming it as its task role, then a task of it.
 */
const COMPUTE_CALLS: Readonly<Record<string, (world: World) => Step[]>> = {
  "lambda.amazonaws.com": (world) => [
    {
      action: "lambda:CreateFunction",
      resource: `arn:aws:lambda:${world.region}:${world.accountId}:function:takeover`,
      resourceAccount: world.accountId,
    },
  ],
  "ecs-tasks.amazonaws.com": (world) => [
    { action: "ecs:RegisterTaskDefinition", resource: "*", resourceAccount: world.accountId },
    {
      action: "ecs:RunTask",
      resource: `arn:aws:ecs:${world.region}:${world.accountId}:task-definition/takeover:1`,
      resourceAccount: world.accountId,
    },
  ],
};

/** The service principals a role's trust lets assume it. */
function trustedServices(role: RoleInfo): string[] {
  const statements = isRecord(role.trust) ? records(role.trust.Statement) : [];
  return statements
    .filter((s) => s.Effect === "Allow")
    .flatMap((s) => (isRecord(s.Principal) ? strings(s.Principal.Service) : []))
    .filter((service, i, all) => all.indexOf(service) === i);
}

/** The ways to take over `role`, the trust rewrite first. */
export function takeoverPaths(world: World, role: RoleInfo): TakeoverPath[] {
  const onRole = (action: string, context: Readonly<Record<string, string>>): Step => ({
    action,
    resource: role.arn,
    resourceAccount: world.accountId,
    context,
  });
  return [
    {
      how: "iam:UpdateAssumeRolePolicy",
      steps: [onRole("iam:UpdateAssumeRolePolicy", role.boundaryArn !== undefined ? { "iam:PermissionsBoundary": role.boundaryArn } : {})],
    },
    ...trustedServices(role).map((service) => ({
      how: `iam:PassRole to ${service}`,
      steps: [onRole("iam:PassRole", { "iam:PassedToService": service }), ...(COMPUTE_CALLS[service]?.(world) ?? [])],
    })),
  ];
}

/** What the check calls the role a taker creates; any name of the prefix would do. */
const CREATED_ROLE = "created-by-takeover";

/**
 * A role one of `actors`, a golive role (one with a boundary), may create in golive's prefix and give
 * any policy (CreateRole and PutRolePolicy with the boundary, as the admin-deploy role does deploying
 * runtime roles): whatever the boundary allows, and nothing its creator's own denies (NotTheCiRoles)
 * take away. Its trust is the creator's to write, so a GitHub Actions token of the creator's workflow
 * becomes it, as with a rewritten trust. An administrator's is not asked: it takes over directly, and
 * what stops it (an SCP) stops a role it creates too. Undefined when no actor may, or no golive role
 * carries a boundary.
 */
export async function createdRole(world: World, actors: readonly Actor[]): Promise<Actor | undefined> {
  const bounded = [...world.roles.values()].find((r) => r.boundary !== undefined && r.boundaryArn !== undefined);
  const creators = actors.filter((a) => a.boundary !== undefined);
  if (!bounded?.boundaryArn || creators.length === 0) return undefined;
  const name = goliveRoleName(world.cfg, CREATED_ROLE);
  const arn = roleArn(world.accountId, name);
  const write = (action: string): Step => ({
    action,
    resource: arn,
    resourceAccount: world.accountId,
    context: { "iam:PermissionsBoundary": bounded.boundaryArn ?? "" },
  });
  if ((await verdict(creators, [write("iam:CreateRole"), write("iam:PutRolePolicy")])) !== "allowed") return undefined;
  return {
    label: name,
    principal: `arn:aws:sts::${world.accountId}:assumed-role/${name}/golive`,
    principalArn: arn,
    accountId: world.accountId,
    identity: [{ name: "anything", policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] } }],
    boundary: bounded.boundary,
  };
}

/**
 * Which of `roles` any of `actors` (the roles one principal can become) can take over, each with the
 * first way found (the rest are not asked), by the actors themselves and then by a role they may create
 * (createdRole: `iam:CreateRole <name>, then <way>`): a principal that may neither rewrite nor pass a
 * role, nor create one, costs one simulated call per way, the answers remembered (memo.ts) across every
 * check of equal policies.
 */
export async function takeoversBy(world: World, actors: readonly Actor[], roles: readonly RoleInfo[]): Promise<Takeover[]> {
  const out: Takeover[] = [];
  const left = async (takers: readonly Actor[], candidates: readonly RoleInfo[], how: (way: string) => string) => {
    const rest: RoleInfo[] = [];
    for (const role of candidates) {
      let taken = false;
      for (const path of takeoverPaths(world, role))
        if ((await verdict(takers, path.steps)) === "allowed") {
          out.push({ role, how: how(path.how) });
          taken = true;
          break;
        }
      if (!taken) rest.push(role);
    }
    return rest;
  };
  const rest = await left(actors, roles, (way) => way);
  const created = rest.length > 0 ? await createdRole(world, actors) : undefined;
  if (created) await left([created], rest, (way) => `iam:CreateRole ${created.label}, then ${way}`);
  return out;
}
