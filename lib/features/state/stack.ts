import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { AppConfig } from "../../config/schema";
import type { S3StateConfig } from "./schema";
import { stateAccess } from "./bucket-policy";
import { StateBucket } from "./constructs/state-bucket";
import type { StackDeclaration } from "../../platform/feature";
import { GoliveStack } from "../../platform/stack";

/**
 * The S3 state bucket and its KMS key. Its own state stays local (the bucket does not exist before
 * the first deploy); it holds no secrets, only the bucket's and key's settings. Applied by an
 * administrator: no golive role may change the bucket's protections or the key's policy.
 */
export class BootstrapStack extends GoliveStack {
  readonly state: StateBucket;

  constructor(scope: Construct, cfg: AppConfig, s3: S3StateConfig, stacks: readonly StackDeclaration[]) {
    super(scope, "bootstrap", cfg, "local");
    this.awsProvider(s3.region, s3.accountId);
    this.state = new StateBucket(this, "State", { bucket: s3.bucket, access: stateAccess(cfg, s3, stacks) });
    new TerraformOutput(this, "state_bucket", { value: this.state.bucket.bucket, description: "Terraform state bucket" });
    new TerraformOutput(this, "state_key_arn", { value: this.state.key.arn, description: "KMS key of the state bucket" });
  }
}

/** `stacks`: every stack the registry declares; the bucket's policy names each one's readers and writers. */
export function buildBootstrapStack(scope: Construct, cfg: AppConfig, stacks: readonly StackDeclaration[]): BootstrapStack | undefined {
  return cfg.state?.backend === "s3" && cfg.state.bootstrap ? new BootstrapStack(scope, cfg, cfg.state, stacks) : undefined;
}
