import { readStatements } from "../../core/plan/policy-statements";
import { pinnedAwsAccount } from "../../core/readiness/pinned-account";
import { type EnvView, indexByReference, perView, referencedAddresses, type SynthResource } from "../../core/readiness/model";
import { AWS_MANAGED_SNS_KEY } from "../../core/readiness/sns";
import { literalBool, literalStr, strings } from "../../core/readiness/values";
import { ALARM_PUBLISHER, ownAlarms, PUBLISHER_KMS_CALLS } from "./alert-encryption";
import { grantProblems } from "./publisher-grant";

/**
 * Whether an alarm's actions reach a person, for GL-MON-001: an action is a topic of this environment
 * that delivers (a subscription SNS sends every alarm to, a key CloudWatch may use), or an ARN from
 * elsewhere (a literal: golive cannot see its subscribers or key, so it is trusted).
 */

/**
 * Why a topic (an address alarm actions reference) delivers no alarm, or undefined when it does, once
 * per address and view. Problems complete "<topic address> ...". A topic golive cannot see (a data
 * source) is judged by its subscriptions alone.
 */
const topicProblem = perView((view: EnvView): ((address: string) => string | undefined) => {
  const subscriptions = indexByReference(view.ofType("aws_sns_topic_subscription"), (s) => s.attrs.topic_arn);
  const memo = new Map<string, string | undefined>();
  return (address) => {
    if (memo.has(address)) return memo.get(address);
    const topic = view.byAddress(address);
    const problem =
      subscriptionProblem(subscriptions.get(address) ?? []) ?? (topic?.type === "aws_sns_topic" ? keyProblem(view, topic) : undefined);
    memo.set(address, problem);
    return problem;
  };
});

/** The plain "nobody subscribes" answer: said by the rule's own wording, not as a detail. */
const UNSUBSCRIBED = "has no subscription";

/**
 * A subscription with a filter_policy gets only the messages it matches ("Otherwise, Amazon SNS doesn't
 * send the message to that subscriber", docs.aws.amazon.com/sns/latest/dg/sns-message-filtering.html);
 * an alarm's message carries no attributes and a body golive does not predict, and golive writes no
 * filter_policy: such a subscription does not count, whatever the policy says.
 */
function subscriptionProblem(subscriptions: readonly SynthResource[]): string | undefined {
  if (subscriptions.length === 0) return UNSUBSCRIBED;
  // "" is the provider's unset (it sets a filter only for a non-empty value).
  const filtered = subscriptions.filter((s) => literalStr(s.attrs.filter_policy).kind !== "absent" && s.attrs.filter_policy !== "");
  if (filtered.length < subscriptions.length) return undefined;
  return `has only subscriptions with a filter_policy (${filtered.map((s) => s.address).join(", ")}): ${FILTER_POLICY_EFFECT}, and golive cannot tell that an alarm matches`;
}

/** What a subscription's filter_policy does, in GL-MON-001's finding and plan review's flag alike. */
export const FILTER_POLICY_EFFECT = "SNS sends only the messages the policy matches (golive writes none)";

/** The aws_kms_key a topic's kms_master_key_id names: itself, or through an aws_kms_alias of the view (by reference or name). */
function keyOf(view: EnvView, value: string): SynthResource | undefined {
  const named = [...referencedAddresses(value)].map((a) => view.byAddress(a));
  const aliases = view.ofType("aws_kms_alias").filter((a) => literalStr(a.attrs.name).kind === "value" && a.attrs.name === value);
  for (const r of [...named, ...aliases]) {
    if (r?.type === "aws_kms_key") return r;
    if (r?.type === "aws_kms_alias")
      return [...referencedAddresses(r.attrs.target_key_id)].map((a) => view.byAddress(a)).find((k) => k?.type === "aws_kms_key");
  }
  return undefined;
}

/**
 * Why CloudWatch may not encrypt with the topic's key, or undefined: KMS then refuses it and SNS drops
 * the alarm ("Enable compatibility between event sources from AWS services and encrypted topics",
 * docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services). An
 * unencrypted topic delivers (GL-MON-002 warns); a literal key that is not in the view is trusted.
 */
function keyProblem(view: EnvView, topic: SynthResource): string | undefined {
  const raw = topic.attrs.kms_master_key_id;
  const id = literalStr(raw);
  if (id.kind === "absent" || (id.kind === "value" && id.value === "")) return undefined;
  if (id.kind === "value" && (id.value === AWS_MANAGED_SNS_KEY || id.value.endsWith(`:${AWS_MANAGED_SNS_KEY}`)))
    return `is encrypted with ${AWS_MANAGED_SNS_KEY}, whose policy does not let ${ALARM_PUBLISHER} use it: SNS drops every alarm`;
  const key = typeof raw === "string" ? keyOf(view, raw) : undefined;
  if (key === undefined)
    return id.kind === "value"
      ? undefined
      : `is encrypted with a key golive cannot find (kms_master_key_id is ${id.shown}): cannot tell whether ${ALARM_PUBLISHER} may use it`;
  const why = keyPolicyProblem(view, key);
  return why === undefined ? undefined : `is encrypted with ${key.address}, ${why}: KMS refuses CloudWatch and SNS drops every alarm`;
}

/** Why the key's policies do not let CloudWatch encrypt, or undefined. */
function keyPolicyProblem(view: EnvView, key: SynthResource): string | undefined {
  const enabled = literalBool(key.attrs.is_enabled);
  if (enabled.kind === "value" && !enabled.value) return "which is disabled (is_enabled = false)";
  if (enabled.kind === "unknown") return `which may be disabled (cannot tell: is_enabled is ${enabled.shown})`;
  // aws_kms_key_policy sets the same policy as the key's own argument: each one declared must grant.
  const policies = [
    key.attrs.policy,
    ...view
      .ofType("aws_kms_key_policy")
      .filter((p) => referencedAddresses(p.attrs.key_id).has(key.address))
      .map((p) => p.attrs.policy),
  ].filter((p) => p !== undefined && p !== null);
  if (policies.length === 0)
    return `which has no key policy (the default lets only the account's IAM principals use it, not ${ALARM_PUBLISHER})`;
  for (const policy of policies) {
    const statements = readStatements(policy);
    if (statements === undefined) return `whose policy is not literal JSON (cannot tell whether it lets ${ALARM_PUBLISHER} use the key)`;
    const account = pinnedAwsAccount(view, key.stack);
    const source = account === undefined ? {} : { source: { account, arn: ownAlarms(account) } };
    const problems = grantProblems(statements, { service: ALARM_PUBLISHER, actions: PUBLISHER_KMS_CALLS, ...source });
    if (problems.length > 0) return `whose policy ${problems.join(", and ")}`;
  }
  return undefined;
}

/**
 * Undefined when one of the alarm's actions reaches someone (a literal ARN, or a topic that delivers);
 * else why each topic it names does not, but for topics nobody subscribes to (empty: that is all).
 */
export function alarmReachProblems(view: EnvView, alarm: SynthResource): string[] | undefined {
  const problemOf = topicProblem(view);
  const why: string[] = [];
  for (const action of strings(alarm.attrs.alarm_actions)) {
    const refs = [...referencedAddresses(action)];
    if (refs.length === 0 ? action.trim() !== "" : refs.some((a) => problemOf(a) === undefined)) return undefined;
    for (const a of refs) {
      const problem = problemOf(a);
      if (problem !== undefined && problem !== UNSUBSCRIBED) why.push(`${a} ${problem}`);
    }
  }
  return why;
}
