import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { AppConfig } from "../../config/schema";
import type { GithubConfig, SecretsConfig } from "../secrets/schema";
import { deployIamPolicy, githubRoleName, planGuardPolicy, stateLockPolicy, trustedSubjects } from "./model";
import type { PolicyDocument } from "../../core/iam";
import { stateKeyAlias, stateKeyPrefix } from "../../platform/backend-model";
import { GithubCiRoles } from "./constructs/github-ci-roles";
import { GoliveStack } from "../../platform/stack";

/**
 * CI credentials of one environment: the GitHub Actions OIDC provider and separate plan (read-only)
 * and deploy roles whose trust pins the repository and ref or environment. Deployed by an
 * administrator: the deploy role cannot change these roles itself.
 */
export class AccessStack extends GoliveStack {
  readonly ci: GithubCiRoles;

  constructor(scope: Construct, cfg: AppConfig, secrets: SecretsConfig, github: GithubConfig) {
    super(scope, "access", cfg);
    this.awsProvider(secrets.region, secrets.accountId);
    const env = cfg.environment;
    const planPolicies: Record<string, PolicyDocument> = { "no-secret-values": planGuardPolicy() };
    if (cfg.state?.backend === "s3")
      planPolicies["state-lock"] = stateLockPolicy(cfg.state.bucket, stateKeyPrefix(cfg), stateKeyAlias(cfg.state.bucket));
    this.ci = new GithubCiRoles(this, "Github", {
      accountId: secrets.accountId,
      createProvider: github.oidcProvider === "create",
      roles: {
        plan: {
          name: githubRoleName(cfg, "plan"),
          description: `${cfg.app} ${env}: terraform plan from pull requests and main (read-only)`,
          subjects: trustedSubjects(github, env, "plan"),
          managedPolicyArns: github.planPolicyArns,
          inlinePolicies: planPolicies,
        },
        deploy: {
          name: githubRoleName(cfg, "deploy"),
          description: `${cfg.app} ${env}: terraform apply from ${github.deployFrom === "environment" ? `the ${env} environment` : "main"}`,
          subjects: trustedSubjects(github, env, "deploy"),
          managedPolicyArns: github.deployPolicyArns,
          inlinePolicies: { "own-iam": deployIamPolicy(cfg, secrets.accountId) },
        },
      },
    });
    new TerraformOutput(this, "plan_role_arn", { value: this.ci.plan.arn, description: "role-to-assume for plan jobs" });
    new TerraformOutput(this, "deploy_role_arn", { value: this.ci.deploy.arn, description: "role-to-assume for deploy jobs" });
  }
}

export function buildAccessStack(scope: Construct, cfg: AppConfig): AccessStack | undefined {
  return cfg.secrets?.github ? new AccessStack(scope, cfg, cfg.secrets, cfg.secrets.github) : undefined;
}
