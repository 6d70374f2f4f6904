import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { type PolicyDocument, renderPolicy } from "../../../core/iam";
import { slug } from "../../../core/names";

export interface AwsRoleProps {
  readonly name: string;
  readonly description: string;
  readonly trust: PolicyDocument;
  /** Managed policies attached one resource each, so adding one never replaces the others. @default [] */
  readonly managedPolicyArns?: readonly string[];
  /** Inline policies by name. @default {} */
  readonly inlinePolicies?: Readonly<Record<string, PolicyDocument>>;
  /** One hour: CI jobs and tasks re-assume; long sessions only widen a leak. @default 3600 */
  readonly maxSessionDuration?: number;
  /**
   * ARN of the managed policy that caps what the role can ever do (`<app>-<env>-boundary`): every
   * role golive creates carries one, so no inline policy can grant past it.
   */
  readonly permissionsBoundary: string;
}

/** An IAM role with its trust policy, permissions boundary, managed-policy attachments and inline policies. No access keys, ever. */
export class AwsRole extends Construct {
  readonly role: IamRole;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: AwsRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "Resource", {
      name: props.name,
      description: props.description,
      assumeRolePolicy: renderPolicy(props.trust),
      maxSessionDuration: props.maxSessionDuration ?? 3600,
      permissionsBoundary: props.permissionsBoundary,
    });
    this.arn = this.role.arn;
    for (const arn of props.managedPolicyArns ?? []) {
      new IamRolePolicyAttachment(this, `Managed-${slug(arn.split(":").pop() ?? arn)}`, { role: this.role.name, policyArn: arn });
    }
    for (const [name, doc] of Object.entries(props.inlinePolicies ?? {})) this.addInlinePolicy(name, doc);
  }

  /** Adds an inline policy after construction (for policies that reference resources created later). */
  addInlinePolicy(name: string, doc: PolicyDocument): IamRolePolicy {
    return new IamRolePolicy(this, `Policy-${name}`, { role: this.role.id, name, policy: renderPolicy(doc) });
  }
}
