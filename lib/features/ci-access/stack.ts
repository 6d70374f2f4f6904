import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { AppConfig } from "../../config/schema";
import type { PolicyDocument } from "../../core/iam";
import type { SecretsConfig } from "../secrets/schema";
import { boundaryPolicyName, type GolivePrincipals, golivePrincipals } from "../secrets/model";
import { ciDenyPolicyName, ciRoleName, trustedSubjects } from "./model";
import type { GithubConfig } from "./schema";
import { adminDeployPolicy, CI_DENY_POLICIES, deployGuardPolicy, planGuardPolicy, stateLockPolicy } from "./policies";
import { type PlanRole, planReadsPolicy } from "./plan-reads";
import { type CiScope, ciScope } from "./scope";
import { GithubCiRoles } from "./constructs/github-ci-roles";
import { PermissionsBoundary } from "./constructs/permissions-boundary";
import { boundaryPolicy } from "./boundary";
import type { StackDeclaration } from "../../platform/feature";
import { GoliveStack } from "../../platform/stack";

/**
 * A plan role's inline policies, its only grants (its one managed policy, `<app>-<env>-no-other-secrets`,
 * denies): what it reads (`planned-reads`), the denies on top (`no-secret-values`), and the state key
 * (`state-lock`: decrypt only, as plans take no state lock; the name is kept, as it is the policy's address).
 */
function planPolicies(scope: CiScope, kind: PlanRole): Record<string, PolicyDocument> {
  const lock = stateLockPolicy(scope, kind);
  return {
    "planned-reads": planReadsPolicy(scope, kind),
    "no-secret-values": planGuardPolicy(scope, kind),
    ...(lock ? { "state-lock": lock } : {}),
  };
}

/**
 * CI credentials of one environment and the permissions boundary of every golive role: the GitHub
 * Actions OIDC provider and four roles whose trust pins the repository and the pull request, branch
 * or environment. Applied by an administrator: no golive role may change these roles, their trust or
 * the boundary.
 */
export class AccessStack extends GoliveStack {
  readonly boundary: PermissionsBoundary;
  readonly ci?: GithubCiRoles;

  constructor(scope: Construct, cfg: AppConfig, secrets: SecretsConfig, principals: GolivePrincipals, stacks: readonly StackDeclaration[]) {
    super(scope, "access", cfg);
    this.awsProvider(secrets.region, secrets.accountId);
    const env = cfg.environment;
    const ciPolicies = ciScope(cfg, principals, stacks);
    this.boundary = new PermissionsBoundary(this, "Boundary", {
      name: boundaryPolicyName(cfg),
      description: `${cfg.app} ${env}: the most any golive role may do (no privilege escalation)`,
      policy: boundaryPolicy(ciPolicies),
    });
    new TerraformOutput(this, "permissions_boundary_arn", { value: this.boundary.arn, description: "boundary of every golive role" });
    const github = cfg.secrets?.github;
    if (github) this.ci = this.ciRoles(cfg, github, ciPolicies);
  }

  private ciRoles(cfg: AppConfig, github: GithubConfig, scope: CiScope): GithubCiRoles {
    const env = cfg.environment;
    const subjects = (kind: Parameters<typeof trustedSubjects>[2]) => trustedSubjects(github, env, kind);
    const ci = new GithubCiRoles(this, "Github", {
      createProvider: github.oidcProvider === "create",
      permissionsBoundary: this.boundary.arn,
      denyPolicies: CI_DENY_POLICIES.map((g) => ({
        id: g.name,
        name: ciDenyPolicyName(cfg, g.name),
        description: `${cfg.app} ${env}: ${g.description}`,
        policy: g.document(scope),
        roles: g.roles,
      })),
      roles: {
        plan: {
          name: ciRoleName(cfg, "plan"),
          description: `${cfg.app} ${env}: terraform plan from pull requests (read-only, no secret-holding state)`,
          subjects: subjects("plan"),
          managedPolicyArns: [],
          inlinePolicies: planPolicies(scope, "plan"),
        },
        "plan-main": {
          name: ciRoleName(cfg, "plan-main"),
          description: `${cfg.app} ${env}: terraform plan of every stack from main (read-only)`,
          subjects: subjects("plan-main"),
          managedPolicyArns: [],
          inlinePolicies: planPolicies(scope, "plan-main"),
        },
        deploy: {
          name: ciRoleName(cfg, "deploy"),
          description: `${cfg.app} ${env}: terraform apply of edge, email, monitoring, traffic from the ${env} environment`,
          subjects: subjects("deploy"),
          managedPolicyArns: github.deployPolicyArns,
          inlinePolicies: { "deploy-guard": deployGuardPolicy(scope) },
        },
        "admin-deploy": {
          name: ciRoleName(cfg, "admin-deploy"),
          description: `${cfg.app} ${env}: terraform apply of secrets-${env} from a reviewed environment`,
          subjects: subjects("admin-deploy"),
          managedPolicyArns: github.adminDeployPolicyArns,
          inlinePolicies: { "admin-deploy": adminDeployPolicy(scope) },
        },
      },
    });
    new TerraformOutput(this, "plan_role_arn", { value: ci.plan.arn, description: "role-to-assume for pull-request plan jobs" });
    new TerraformOutput(this, "plan_main_role_arn", {
      value: ci.planMain.arn,
      description: "role-to-assume for plans of every stack from main",
    });
    new TerraformOutput(this, "deploy_role_arn", { value: ci.deploy.arn, description: "role-to-assume for deploy jobs" });
    new TerraformOutput(this, "admin_deploy_role_arn", { value: ci.adminDeploy.arn, description: "role-to-assume for deploy-admin.yml" });
    return ci;
  }
}

/**
 * Built whenever golive creates roles (a `secrets` section): the boundary exists before any role carries it.
 * `stacks`: every stack the registry declares; each CI role's policies name the state of the stacks it plans or applies.
 */
export function buildAccessStack(scope: Construct, cfg: AppConfig, stacks: readonly StackDeclaration[]): AccessStack | undefined {
  const principals = golivePrincipals(cfg);
  return cfg.secrets && principals ? new AccessStack(scope, cfg, cfg.secrets, principals, stacks) : undefined;
}
