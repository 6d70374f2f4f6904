/**
 * What guards a key or secret besides its policy's statements: a secret policy's
 * `block_public_policy` (Secrets Manager then refuses a policy opening the secret to anyone) and a KMS
 * key's `enable_key_rotation`. Turned off, each is "Key or secret policy grants more"
 * (lib/features/secrets/risks.ts); known only after apply, neither is judged.
 */
import { exampleConfig } from "../helpers/example-config";
import { configReviewFlags, details } from "../helpers/plan-reviews";
import { resourcesOf, synthKind } from "../helpers/synth";
import { reviewFlags } from "../plan/provider-plan";

const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf";
const KEY = { description: "opsbot-production secrets", enable_key_rotation: true, policy: null };

describe("a secret policy's public block or a key's rotation turned off is flagged", () => {
  test("fails closed when block_public_policy goes true -> false on a secret policy", () => {
    const before = { secret_arn: SECRET, block_public_policy: true, policy: null };
    const change = {
      address: "aws_secretsmanager_secret_policy.app",
      actions: ["update"],
      before,
      after: { ...before, block_public_policy: false },
    };
    expect(reviewFlags(change)).toEqual([
      `secret-grant-widened aws_secretsmanager_secret_policy.app: secret ${SECRET}: block_public_policy true -> false: a policy opening the secret to anyone is accepted`,
    ]);
  });

  test("fails closed when enable_key_rotation goes true -> false; unknown after apply raises nothing", () => {
    const off = { address: "aws_kms_key.secrets", actions: ["update"], before: KEY, after: { ...KEY, enable_key_rotation: false } };
    expect(details(reviewFlags(off))).toEqual([
      "KMS key opsbot-production secrets: enable_key_rotation true -> false: the key material is never rotated",
    ]);
    const { enable_key_rotation: _, ...rest } = KEY;
    const unknown = {
      address: "aws_kms_key.secrets",
      actions: ["update"],
      before: KEY,
      after: rest,
      afterUnknown: { enable_key_rotation: true },
    };
    expect(reviewFlags(unknown)).toEqual([]);
  });

  test("fails closed in the secrets stack's configuration diff when its key's rotation is turned off", () => {
    const [base, head] = [synthKind(exampleConfig(), "secrets"), synthKind(exampleConfig(), "secrets")];
    const keys = resourcesOf(head, "aws_kms_key");
    expect(keys).toHaveLength(1);
    const [, key] = keys[0] ?? ["", {}];
    expect(key.enable_key_rotation).toBe(true);
    key.enable_key_rotation = false;
    expect(details(configReviewFlags(base, head, "secrets-production"))).toEqual([
      `KMS key ${String(key.description)}: enable_key_rotation true -> false: the key material is never rotated`,
    ]);
  });
});
