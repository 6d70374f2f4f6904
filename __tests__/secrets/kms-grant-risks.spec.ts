/**
 * A KMS grant gives a principal the key's operations outside the key policy (AWS KMS: grants), the
 * same access a key policy statement granting a new principal would: a new aws_kms_grant on golive's
 * secrets key is "Key or secret policy grants more" (lib/features/secrets/risks.ts), in the pull
 * request's configuration diff and in a plan.
 */
import { exampleConfig } from "../helpers/example-config";
import { configReviewFlags, details } from "../helpers/plan-reviews";
import { type SynthJson, synthKind } from "../helpers/synth";
import { reviewFlags } from "../plan/provider-plan";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/0b6f1d0e-6d59-4d3e-9d4c-1a2b3c4d5e6f";
const ROLE = "arn:aws:iam::123456789012:role/opsbot-production-ci";

describe("a new KMS grant on the secrets key is a key grant widened", () => {
  test("fails closed when a plan creates a grant giving a role Decrypt on the key", () => {
    const grant = { name: "ci-decrypt", key_id: KEY, grantee_principal: ROLE, operations: ["Decrypt"], grant_creation_tokens: null };
    expect(
      reviewFlags({
        address: "aws_kms_grant.ci",
        actions: ["create"],
        before: null,
        after: grant,
        afterUnknown: { grant_id: true, id: true },
      }),
    ).toEqual([
      `secret-grant-widened aws_kms_grant.ci: KMS key ${KEY}: new grant ci-decrypt gives ${ROLE} Decrypt (outside the key policy)`,
    ]);
  });

  test("fails closed when a grant is replaced; a grant deleted is not flagged", () => {
    const before = { name: "ci", key_id: KEY, grantee_principal: ROLE, operations: ["Encrypt"] };
    const after = { ...before, operations: ["Decrypt", "Encrypt"] };
    const replaced = { address: "aws_kms_grant.ci", actions: ["delete", "create"], before, after, replacePaths: [["operations"]] };
    expect(details(reviewFlags(replaced))).toEqual([
      `KMS key ${KEY}: replaced grant ci gives ${ROLE} Decrypt, Encrypt (outside the key policy)`,
    ]);
    expect(reviewFlags({ address: "aws_kms_grant.ci", actions: ["delete"], before, after: null })).toEqual([]);
  });

  test("fails closed in the configuration diff of the secrets stack when a grant on its key is added", () => {
    const base = synthKind(exampleConfig(), "secrets");
    const head: SynthJson = synthKind(exampleConfig(), "secrets");
    const [key] = Object.keys(head.resource.aws_kms_key ?? {});
    const grant = { name: "ci-decrypt", key_id: `\${aws_kms_key.${key}.key_id}`, grantee_principal: ROLE, operations: ["Decrypt"] };
    head.resource.aws_kms_grant = { Ci_Grant_0A1B2C3D: grant };
    expect(details(configReviewFlags(base, head, "secrets-production"))).toEqual([
      `KMS key \${aws_kms_key.${key}.key_id}: new grant ci-decrypt gives ${ROLE} Decrypt (outside the key policy)`,
    ]);
  });
});
