import type { PolicyStatement } from "../../core/iam";
import type { StackDeclaration } from "../../platform/feature";
import type { CiScope } from "./scope";

// What the deploying roles may reach at all: the AWS services of the stacks they apply, as each stack
// declares them (FeatureStack.awsServices, which a test holds to the synthesized aws_* types), and the
// state bucket. PowerUserAccess (deploy) and ReadOnlyAccess (admin-deploy) reach every other system of
// the account: its buckets' objects, tables' items, queues' messages, snapshot sharing, CloudTrail,
// GuardDuty and Config switches, IAM Identity Center assignments, backup restores. A deny with
// NotAction caps whatever managed policies `deployPolicyArns` / `adminDeployPolicyArns` attach.

/** The CI roles that apply stacks. */
export type ApplyingRole = "deploy" | "admin-deploy";

/** The AWS services of the stacks `role` applies, sorted, each once. */
export function appliedServices(role: ApplyingRole, stacks: readonly StackDeclaration[]): string[] {
  const services = stacks.filter((s) => s.appliedBy === role).flatMap((s) => s.awsServices);
  return [...new Set(services)].sort();
}

/**
 * The caps of `role`: nothing outside its stacks' services but `extra` (calls its workflows make
 * beside Terraform), who it is (`sts:GetCallerIdentity`: the provider's `allowed_account_ids` check),
 * and with S3 state the state bucket and its objects, no other bucket (the state bucket's policy
 * names which object each role reads and writes).
 */
export function onlyAppliedServices(scope: CiScope, role: ApplyingRole, extra: readonly string[]): PolicyStatement[] {
  const state = scope.state;
  const services = scope.appliedServices(role).map((service) => `${service}:*`);
  const statements: PolicyStatement[] = [
    {
      Sid: "OnlyAppliedServices",
      Effect: "Deny",
      NotAction: [...services, ...extra, ...(state ? ["s3:*"] : []), "sts:GetCallerIdentity"],
      Resource: "*",
    },
  ];
  if (state)
    statements.push({ Sid: "NoBucketButState", Effect: "Deny", Action: "s3:*", NotResource: [state.bucketArn, `${state.bucketArn}/*`] });
  return statements;
}
