/**
 * KMS keeps one policy per key: PutKeyPolicy replaces it. A new aws_kms_key_policy of a key another
 * aws_kms_key_policy holds overwrites that policy while the holder plans "no change": flagged naming the
 * holder, the new document read against the one it replaces (lib/core/plan/setting-overwrites.ts).
 */
import { planTextFlags } from "../helpers/plan-reviews";
import { fixtureText } from "../plan/fixtures";

const STACK = "secrets-production";
const KEY = "00000000-0000-4000-8000-000000000000";
const OVERWRITE = `secret-grant-widened aws_kms_key_policy.p2[0]: KMS key ${KEY} policy is already set by`;

test("fails when a real plan creates a second policy of a key: the holder named, the account it newly grants shown", () => {
  const flags = planTextFlags(fixtureText("tf-kms-policy-overwrites.json"), STACK).filter((f) => f.startsWith(OVERWRITE));
  expect(flags).toEqual([
    `${OVERWRITE} aws_kms_key_policy.p (its own plan shows no change): AWS keeps one per key, so this create replaces it: KMS key ${KEY} policy: new principal AWS:arn:aws:iam::444455556666:root; KMS key ${KEY} policy: new AWS account 444455556666 in a trust or grant`,
  ]);
});

test("a key policy created for a key no other policy resource holds names no holder", () => {
  const plan = JSON.parse(fixtureText("tf-kms-policy-overwrites.json"));
  plan.prior_state.values.root_module.resources = plan.prior_state.values.root_module.resources.filter(
    (r: { type: string }) => r.type !== "aws_kms_key_policy",
  );
  const flags = planTextFlags(JSON.stringify(plan), STACK);
  expect(flags.filter((f) => f.includes("is already set by"))).toEqual([]);
  // The create is still read as a new policy of its own.
  expect(flags).toContain(
    `secret-grant-widened aws_kms_key_policy.p2[0]: KMS key ${KEY} policy: new AWS account 444455556666 in a trust or grant`,
  );
});
