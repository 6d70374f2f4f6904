import type { Finding } from "../../core/readiness/findings";
import { type PolicyStatement, policyStatements } from "../../core/readiness/iam";
import { globMatches } from "../../core/plan/policy-statements";
import { pinnedAwsAccount } from "../../core/readiness/pinned-account";
import { type EnvView, resourceFinding, type SynthResource } from "../../core/readiness/model";
import { str } from "../../core/readiness/values";

/**
 * CreateKey refuses a key policy its caller could not PutKeyPolicy under, and PutKeyPolicy has no
 * cross-account use (https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html#KMS-CreateKey-request-Policy):
 * a topic key whose administrators are all in another account than the stack's provider (a policy
 * naming `secrets.accountId`'s roles for a key in `email.awsAccountId`) fails the apply.
 */

/** `kms:PutKeyPolicy` matched by an action pattern (`kms:*`, `kms:Put*`, `*`). */
const coversPutKeyPolicy = (action: string): boolean => globMatches(action, "kms:PutKeyPolicy", true);

/** An Allow of kms:PutKeyPolicy that some principal of `account` can match (its PrincipalArn conditions name one). */
function letsAccountAdminister(s: PolicyStatement, account: string): boolean {
  const iam = `arn:aws:iam::${account}:`;
  const principal = s.principals.some((p) => p.identifiers.some((id) => id === "*" || id === account || id.startsWith(iam)));
  const arnConditions = s.conditions.filter((c) => c.variable.toLowerCase() === "aws:principalarn");
  return (
    s.effect === "Allow" &&
    s.actions.some(coversPutKeyPolicy) &&
    principal &&
    arnConditions.every((c) => c.values.some((v) => v === "*" || v.startsWith(iam)))
  );
}

/** Findings for each topic key no principal of its stack's account could administer. */
export function keyLockoutFindings(view: EnvView, topics: readonly SynthResource[], what: string): Finding[] {
  const findings: Finding[] = [];
  for (const topic of topics) {
    const ref = /^\$\{(aws_kms_key\.[^.]+)\.(arn|id|key_id)\}$/.exec(str(topic.attrs.kms_master_key_id) ?? "");
    const key = ref?.[1] ? view.byAddress(ref[1]) : undefined;
    const account = key ? pinnedAwsAccount(view, key.stack) : undefined;
    const statements = key ? policyStatements(view, key.attrs.policy) : undefined;
    if (!key || !account || !statements) continue;
    if (!statements.some((s) => letsAccountAdminister(s, account)))
      findings.push(
        resourceFinding(
          key,
          `the ${what} key's policy lets no principal of account ${account}, where it is created, call kms:PutKeyPolicy: CreateKey refuses it (lockout check)`,
        ),
      );
  }
  return findings;
}
