import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { type PolicyDocument, renderPolicy } from "../../../core/iam";
import { preventDestroy } from "../../../core/constructs/lifecycle";

export interface ProtectedKeyProps {
  readonly description: string;
  /** `alias/...` */
  readonly alias: string;
  readonly policy: PolicyDocument;
  /** Yearly rotation is the AWS default and what most audits ask for. @default 365 */
  readonly rotationPeriodInDays?: number;
  /** The provider of the key's region. @default the stack's default AWS provider */
  readonly provider?: AwsProvider;
}

/** A customer-managed symmetric KMS key with rotation on, an explicit key policy, an alias and prevent_destroy. */
export class ProtectedKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: ProtectedKeyProps) {
    super(scope, id);
    const provider = props.provider ? { provider: props.provider } : {};
    const key = new KmsKey(this, "Resource", {
      ...provider,
      description: props.description,
      enableKeyRotation: true,
      rotationPeriodInDays: props.rotationPeriodInDays ?? 365,
      // If the key is ever scheduled for deletion, the longest wait gives time to notice and cancel.
      deletionWindowInDays: 30,
      policy: renderPolicy(props.policy),
    });
    this.key = preventDestroy(key);
    this.arn = this.key.arn;
    this.alias = new KmsAlias(this, "Alias", { ...provider, name: props.alias, targetKeyId: this.key.keyId });
  }
}
