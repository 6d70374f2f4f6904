import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { Construct } from "constructs";
import { type PolicyDocument, renderPolicy } from "../../../core/iam";

export interface PermissionsBoundaryProps {
  /** `<app>-<env>-boundary`: the secrets stack attaches it to the runtime roles by this name. */
  readonly name: string;
  readonly description: string;
  readonly policy: PolicyDocument;
}

/** The managed policy every role golive creates carries as its permissions boundary. */
export class PermissionsBoundary extends Construct {
  readonly policy: IamPolicy;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: PermissionsBoundaryProps) {
    super(scope, id);
    this.policy = new IamPolicy(this, "Resource", { name: props.name, description: props.description, policy: renderPolicy(props.policy) });
    this.arn = this.policy.arn;
  }
}
