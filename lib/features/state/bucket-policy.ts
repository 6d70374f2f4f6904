import { accountRootArn, denyInsecureTransport, policyDocument, type PolicyDocument } from "../../core/iam";
import { KMS_ADMIN_ACTIONS } from "../secrets/policies";

/** TLS-only state bucket: state holds resource attributes (and sometimes sensitive outputs). */
export function stateBucketPolicy(bucketArn: string): PolicyDocument {
  return policyDocument([denyInsecureTransport("s3:*", [bucketArn, `${bucketArn}/*`])]);
}

/**
 * Key of the state bucket. Who may read state is decided by IAM access to the bucket; the key may
 * be used by principals of this account only through S3 in the bucket's region.
 */
export function stateKeyPolicy(accountId: string, region: string): PolicyDocument {
  const root = { AWS: accountRootArn(accountId) };
  return policyDocument([
    { Sid: "KeyAdministration", Effect: "Allow", Principal: root, Action: [...KMS_ADMIN_ACTIONS], Resource: "*" },
    {
      Sid: "StateThroughS3",
      Effect: "Allow",
      Principal: root,
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: "*",
      Condition: { StringEquals: { "kms:CallerAccount": accountId, "kms:ViaService": `s3.${region}.amazonaws.com` } },
    },
  ]);
}
