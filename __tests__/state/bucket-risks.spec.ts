/**
 * "State bucket protection lowered" (lib/features/state/risks.ts, key-risks.ts) reads what docs/state.md
 * promises of the bucket and its key: SSE-KMS with the state key, BucketOwnerEnforced, and a key policy
 * that lets only the state users encrypt and decrypt, only through S3, and only the managers administer
 * it. Real AWS provider plans of the example bootstrap stack (moto; __tests__/fixtures/plans/aws-provider/
 * README.md), and edits of the synthesized stack planned as the provider writes them.
 */
import { exampleConfig } from "../helpers/example-config";
import { configReviewFlags, details, editPolicy, plannedUpdate, realPlanFlags, type Statement, synthBlock } from "../helpers/plan-reviews";
import { type SynthJson, synthKind } from "../helpers/synth";

type Json = Record<string, unknown>;

const STACK = "bootstrap-production";
const bootstrap = (): SynthJson => synthKind(exampleConfig(), "bootstrap");
const KEY = "KMS key Terraform state in s3://opsbot-production-tfstate policy";
const ROOT = "AWS:arn:aws:iam::111111111111:root";

const RULE = "state-bucket-weakened ";

/** The state rule's flags (details) of one edit of the block `id`, planned; the bucket's reference is its name in a plan. */
function planned(type: string, id: string, edit: (b: Json) => void, json = bootstrap()): string[] {
  const [name, block] = synthBlock(json, type, id);
  const was = block.bucket === undefined ? block : { ...block, bucket: "opsbot-production-tfstate" };
  const is = structuredClone(was);
  edit(is);
  return details(plannedUpdate(type, name, was, is, STACK).filter((f) => f.startsWith(RULE)));
}

const keyEdit = (edit: (statements: Statement[]) => Statement[]) => (b: Json) => editPolicy(b, edit);
const onStatement = (sid: string, change: (s: Statement) => Statement) => (statements: Statement[]) =>
  statements.map((s) => (s.Sid === sid ? change(s) : s));

describe("real plans: encryption downgraded, ownership weakened, the state key's promises broken", () => {
  test("AES256 instead of the state key, ObjectWriter, the account given kms:Decrypt and StateThroughS3 without kms:ViaService", () => {
    expect(realPlanFlags("state-protections-lowered.json", STACK)).toEqual([
      `state-bucket-weakened aws_kms_key.State_Key_CC9D02A8: ${KEY}: statement "KeyAdministration" lets ${ROOT} kms:Decrypt without kms:ViaService naming S3: state can be decrypted outside S3`,
      `state-bucket-weakened aws_kms_key.State_Key_CC9D02A8: ${KEY}: statement "StateThroughS3" lets ${ROOT} kms:Decrypt, kms:Encrypt, kms:GenerateDataKey without kms:ViaService naming S3: state can be decrypted outside S3`,
      `state-bucket-weakened aws_kms_key.State_Key_CC9D02A8: ${KEY}: statement "KeyAdministration" lets ${ROOT} kms:Decrypt without aws:PrincipalArn naming the state users: whoever the account's IAM allows reads and writes state`,
      `secret-grant-widened aws_kms_key.State_Key_CC9D02A8: ${KEY}: statement "StateThroughS3" no longer requires StringEquals kms:ViaService`,
      "state-bucket-weakened aws_s3_bucket_ownership_controls.State_Ownership_BE78B673: bucket opsbot-production-tfstate: object_ownership BucketOwnerEnforced -> ObjectWriter: ACLs apply again, an object may be shared by ACL",
      "state-bucket-weakened aws_s3_bucket_server_side_encryption_configuration.State_Encryption_00D63BFF: bucket opsbot-production-tfstate: sse_algorithm aws:kms -> AES256: state is no longer encrypted with the state key, whose policy names who may decrypt it",
    ]);
  });

  test("the key replaced: its id known only after apply is not a key removed; ownership controls deleted are flagged", () => {
    expect(realPlanFlags("state-key-replaced.json", STACK).filter((f) => f.startsWith(RULE))).toEqual([
      "state-bucket-weakened aws_s3_bucket_ownership_controls.State_Ownership_BE78B673: bucket opsbot-production-tfstate: ownership controls removed: ACLs apply again (ObjectWriter), an object may be its writer's and shared by ACL",
    ]);
  });
});

describe("the bucket's encryption and ownership", () => {
  const ENCRYPTION = ["aws_s3_bucket_server_side_encryption_configuration", "State_Encryption"] as const;
  const byDefault = (b: Json) => ((b.rule as Json[])[0] as Json).apply_server_side_encryption_by_default as Json;

  test("the key id removed (the AWS managed aws/s3 key) or another key's", () => {
    expect(planned(...ENCRYPTION, (b) => delete byDefault(b).kms_master_key_id)).toEqual([
      "bucket opsbot-production-tfstate: kms_master_key_id removed: S3 uses the AWS managed key aws/s3, which any principal of the account S3 lets in may use",
    ]);
    expect(
      planned(...ENCRYPTION, (b) => Object.assign(byDefault(b), { kms_master_key_id: "arn:aws:kms:eu-west-1:111111111111:key/other" })),
    ).toEqual([
      expect.stringMatching(
        /: kms_master_key_id "arn-of-State_Key_\w+" -> "arn:aws:kms:eu-west-1:111111111111:key\/other": state under another key, whose policy is not the state key's$/,
      ),
    ]);
  });

  test("BucketOwnerPreferred is weaker than BucketOwnerEnforced; DSSE-KMS with the same key and bucket keys off are not", () => {
    expect(
      planned("aws_s3_bucket_ownership_controls", "State_Ownership", (b) =>
        Object.assign(b, { rule: { object_ownership: "BucketOwnerPreferred" } }),
      ),
    ).toEqual([
      "bucket opsbot-production-tfstate: object_ownership BucketOwnerEnforced -> BucketOwnerPreferred: ACLs apply again, an object may be shared by ACL",
    ]);
    expect(planned(...ENCRYPTION, (b) => Object.assign(byDefault(b), { sse_algorithm: "aws:kms:dsse" }))).toEqual([]);
    expect(planned(...ENCRYPTION, (b) => Object.assign((b.rule as Json[])[0] as Json, { bucket_key_enabled: false }))).toEqual([]);
  });

  test("the configuration diff reads the same blocks written as objects (cdk.tf.json), not lists of one", () => {
    const [base, head] = [bootstrap(), bootstrap()];
    Object.assign(byDefault(synthBlock(head, ...ENCRYPTION)[1]), { sse_algorithm: "AES256" });
    delete byDefault(synthBlock(head, ...ENCRYPTION)[1]).kms_master_key_id;
    Object.assign(synthBlock(head, "aws_s3_bucket_ownership_controls", "State_Ownership")[1], {
      rule: { object_ownership: "ObjectWriter" },
    });
    expect(details(configReviewFlags(base, head, STACK))).toEqual([
      expect.stringMatching(/: object_ownership BucketOwnerEnforced -> ObjectWriter: /),
      expect.stringMatching(/: sse_algorithm aws:kms -> AES256: /),
    ]);
  });
});

describe("the state key's policy keeps what docs/state.md promises", () => {
  const STATE_KEY = ["aws_kms_key", "State_Key"] as const;
  const use = (Action: string | string[]) => (statements: Statement[]) => [
    ...statements,
    { Sid: "Extra", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action, Resource: "*" },
  ];

  test("fails when the account may decrypt or grant by a new statement (no condition)", () => {
    expect(planned(...STATE_KEY, keyEdit(use("kms:Decrypt")))).toEqual([
      `${KEY}: statement "Extra" lets ${ROOT} kms:Decrypt without kms:ViaService naming S3: state can be decrypted outside S3`,
      `${KEY}: statement "Extra" lets ${ROOT} kms:Decrypt without aws:PrincipalArn naming the state users: whoever the account's IAM allows reads and writes state`,
    ]);
    expect(planned(...STATE_KEY, keyEdit(use("KMS:create*")))).toEqual([
      `${KEY}: statement "Extra" lets ${ROOT} kms:CreateGrant without kms:ViaService naming S3: state can be decrypted outside S3`,
      `${KEY}: statement "Extra" lets ${ROOT} kms:CreateGrant without aws:PrincipalArn naming the state users: whoever the account's IAM allows reads and writes state`,
    ]);
  });

  test("fails when StateThroughS3 reaches beyond S3 or beyond named principals, or administration beyond the managers", () => {
    const anyService = onStatement("StateThroughS3", (s) => ({
      ...s,
      Condition: { ...s.Condition, StringEquals: { "kms:CallerAccount": "111111111111" }, StringLike: { "kms:ViaService": "*" } },
    }));
    expect(planned(...STATE_KEY, keyEdit(anyService))).toEqual([
      `${KEY}: statement "StateThroughS3" lets ${ROOT} kms:Decrypt, kms:Encrypt, kms:GenerateDataKey without kms:ViaService naming S3: state can be decrypted outside S3`,
    ]);
    const anyRole = onStatement("StateThroughS3", (s) => ({
      ...s,
      Condition: { StringEquals: s.Condition?.StringEquals ?? {}, ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/*" } },
    }));
    expect(planned(...STATE_KEY, keyEdit(anyRole))).toEqual([
      `${KEY}: statement "StateThroughS3" lets ${ROOT} kms:Decrypt, kms:Encrypt, kms:GenerateDataKey without aws:PrincipalArn naming the state users: whoever the account's IAM allows reads and writes state`,
    ]);
    const unconditioned = onStatement("KeyAdministrators", ({ Condition: _dropped, ...s }) => s);
    expect(planned(...STATE_KEY, keyEdit(unconditioned))).toEqual([
      `${KEY}: statement "KeyAdministrators" lets ${ROOT} kms:PutKeyPolicy, kms:ScheduleKeyDeletion, kms:DisableKey without aws:PrincipalArn naming the managers: whoever the account's IAM allows may rewrite the key's policy`,
    ]);
  });

  test("statements reordered, a state user added, or the same grant under another Sid break no promise", () => {
    expect(
      planned(
        ...STATE_KEY,
        keyEdit((st) => [...st].reverse()),
      ),
    ).toEqual([]);
    const another = onStatement("StateThroughS3", (s) => ({
      ...s,
      Sid: "StateUsersThroughS3",
      Condition: {
        ...s.Condition,
        ArnEquals: {
          "aws:PrincipalArn": ["arn:aws:iam::111111111111:role/opsbot-production-deploy", "arn:aws:iam::111111111111:role/other"],
        },
      },
    }));
    expect(planned(...STATE_KEY, keyEdit(another))).toEqual([]);
  });

  test("a promise the policy before did not keep is not flagged again: only what the change breaks", () => {
    const json = bootstrap();
    // A policy that names nobody (StateThroughS3 without aws:PrincipalArn), then kms:ReEncryptFrom added to it.
    keyEdit(onStatement("StateThroughS3", (s) => ({ ...s, Condition: { StringEquals: s.Condition?.StringEquals ?? {} } })))(
      synthBlock(json, ...STATE_KEY)[1],
    );
    const reEncrypt = onStatement("StateThroughS3", (s) => ({ ...s, Action: [...(s.Action as string[]), "kms:ReEncryptFrom"] }));
    expect(planned(...STATE_KEY, keyEdit(reEncrypt), json)).toEqual([]);
  });

  test("another key (its description names no state bucket) is not read", () => {
    const [name, was] = synthBlock(bootstrap(), ...STATE_KEY);
    const other = { ...was, description: "opsbot production secrets" };
    const is = structuredClone(other);
    keyEdit(use("kms:Decrypt"))(is);
    expect(plannedUpdate("aws_kms_key", name, other, is, STACK).filter((f) => f.startsWith(RULE))).toEqual([]);
  });
});
