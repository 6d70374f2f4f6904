import { DataAwsIamOpenidConnectProvider } from "@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { dependable } from "cdktf";
import { Construct } from "constructs";
import { type PolicyDocument, renderPolicy } from "../../../core/iam";
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_URL, githubTrustPolicy } from "../model";
import { CI_ROLE_KINDS, type CiRoleKind } from "../../../core/ci-roles";
import { preventDestroy } from "../../../core/constructs/lifecycle";
import { AwsRole } from "../../secrets/constructs/aws-role";

export interface CiRoleSpec {
  readonly name: string;
  readonly description: string;
  readonly subjects: readonly string[];
  readonly managedPolicyArns: readonly string[];
  readonly inlinePolicies: Readonly<Record<string, PolicyDocument>>;
}

/** A customer-managed policy attached to several CI roles (CI_DENY_POLICIES in policies.ts). */
export interface CiDenyPolicySpec {
  /** Construct id suffix (`Deny-<id>`): part of the state address of the policy and its attachments. */
  readonly id: string;
  /** `<app>-<env>-<id>`. */
  readonly name: string;
  readonly description: string;
  readonly policy: PolicyDocument;
  readonly roles: readonly CiRoleKind[];
}

export interface GithubCiRolesProps {
  /** Create the account's GitHub OIDC provider, or read the existing one (another environment creates it). */
  readonly createProvider: boolean;
  readonly roles: Readonly<Record<CiRoleKind, CiRoleSpec>>;
  /** ARN of the permissions boundary every role carries. */
  readonly permissionsBoundary: string;
  /** Customer-managed policies declared here and attached to the roles they name. @default [] */
  readonly denyPolicies?: readonly CiDenyPolicySpec[];
}

/**
 * GitHub Actions OIDC provider plus the CI roles, by blast radius: plan (pull requests), plan-main
 * (main), deploy (the everyday stacks), admin-deploy (`secrets-<env>`, a reviewed environment). No
 * long-lived keys. Construct ids are state addresses: Plan and Deploy keep theirs.
 */
export class GithubCiRoles extends Construct {
  readonly providerArn: string;
  readonly plan: AwsRole;
  readonly planMain: AwsRole;
  readonly deploy: AwsRole;
  readonly adminDeploy: AwsRole;

  constructor(scope: Construct, id: string, props: GithubCiRolesProps) {
    super(scope, id);
    if (props.createProvider) {
      // Shared by every repo of the account: deleting it breaks all their workflows.
      const provider = preventDestroy(
        new IamOpenidConnectProvider(this, "Provider", { url: GITHUB_OIDC_URL, clientIdList: [GITHUB_OIDC_AUDIENCE] }),
      );
      this.providerArn = provider.arn;
    } else {
      // Read by URL: the plan fails until the creating environment's access stack is applied (not a
      // silent trust of a missing provider), and GL-SEC-005 sees which provider the roles trust.
      this.providerArn = new DataAwsIamOpenidConnectProvider(this, "Provider", { url: GITHUB_OIDC_URL }).arn;
    }
    const role = (id: string, spec: CiRoleSpec) =>
      new AwsRole(this, id, {
        name: spec.name,
        description: spec.description,
        trust: githubTrustPolicy(this.providerArn, spec.subjects),
        managedPolicyArns: spec.managedPolicyArns,
        inlinePolicies: spec.inlinePolicies,
        permissionsBoundary: props.permissionsBoundary,
      });
    this.plan = role("Plan", props.roles.plan);
    this.planMain = role("PlanMain", props.roles["plan-main"]);
    this.deploy = role("Deploy", props.roles.deploy);
    this.adminDeploy = role("AdminDeploy", props.roles["admin-deploy"]);
    this.attachDenyPolicies(props.denyPolicies ?? []);
  }

  /** Declares each deny policy once and attaches it to the roles it names. */
  private attachDenyPolicies(specs: readonly CiDenyPolicySpec[]): void {
    const byKind: Readonly<Record<CiRoleKind, AwsRole>> = {
      plan: this.plan,
      "plan-main": this.planMain,
      deploy: this.deploy,
      "admin-deploy": this.adminDeploy,
    };
    const declared = specs.map((g) => ({
      g,
      arn: new IamPolicy(this, `Deny-${g.id}`, { name: g.name, description: g.description, policy: renderPolicy(g.policy) }).arn,
    }));
    for (const kind of CI_ROLE_KINDS) {
      const holder = byKind[kind];
      const attached = declared
        .filter(({ g }) => g.roles.includes(kind))
        .map(({ g, arn }) => new IamRolePolicyAttachment(holder, `Deny-${g.id}`, { role: holder.role.name, policyArn: arn }));
      if (attached.length === 0) continue;
      // The denies these policies hold were once in the inline policies: each inline policy is updated
      // only after they are attached, so the role is never without them while the change is applied.
      for (const inline of holder.node.children)
        if (inline instanceof IamRolePolicy) inline.dependsOn = [...(inline.dependsOn ?? []), ...attached.map((a) => dependable(a))];
    }
  }
}
