import { isRecord, records, strings } from "../../../core/json";
import { type Actor, type Step, verdict } from "./simulate";
import type { RoleInfo, World } from "./world";

/**
 * Taking over a golive role: becoming it without being allowed to assume it. IAM takes no resource
 * policy on a role, so only the taker's own policies, its permissions boundary or an SCP stop this.
 * Two ways are asked, one step deep (a role taken over that could take over another is not followed):
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

/**
 * Which of `roles` any of `actors` (the roles one principal can become) can take over, each with the
 * first way found (the rest are not asked): a principal that may neither rewrite nor pass a role costs
 * one simulated call per way, the answers remembered (memo.ts) across every check of equal policies.
 */
export async function takeoversBy(world: World, actors: readonly Actor[], roles: readonly RoleInfo[]): Promise<Takeover[]> {
  const out: Takeover[] = [];
  for (const role of roles)
    for (const path of takeoverPaths(world, role))
      if ((await verdict(actors, path.steps)) === "allowed") {
        out.push({ role, how: path.how });
        break;
      }
  return out;
}
