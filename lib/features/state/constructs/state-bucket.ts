import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { renderPolicy } from "../../../core/iam";
import { STATE_KEY_DESCRIPTION, type StateAccess, stateBucketPolicy, stateKeyPolicy } from "../bucket-policy";
import { stateKeyAlias } from "../../../platform/backend-model";
import { preventDestroy } from "../../../core/constructs/lifecycle";
import { ProtectedKey } from "../../secrets/constructs/secrets-key";

export interface StateBucketProps {
  readonly bucket: string;
  /** Who may use which state object and administer the bucket and key (`stateAccess`). */
  readonly access: StateAccess;
}

/**
 * The Terraform state bucket: versioned (a bad write can be rolled back), SSE-KMS with its own
 * key, public access blocked, bucket-owner objects only, TLS-only, protected from destroy. Its
 * bucket and key policies name who may read and write each state object and who may change them.
 */
export class StateBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly key: ProtectedKey;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    this.key = new ProtectedKey(this, "Key", {
      description: `${STATE_KEY_DESCRIPTION}${props.bucket}`,
      alias: stateKeyAlias(props.bucket),
      policy: stateKeyPolicy(props.access),
    });
    this.bucket = preventDestroy(new S3Bucket(this, "Resource", { bucket: props.bucket }));
    const bucket = this.bucket.id;
    new S3BucketVersioningA(this, "Versioning", { bucket, versioningConfiguration: { status: "Enabled" } });
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.arn }, bucketKeyEnabled: true }],
    });
    new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "Ownership", { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketPolicy(this, "Policy", { bucket, policy: renderPolicy(stateBucketPolicy(props.access)) });
  }
}
