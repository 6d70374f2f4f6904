import { type EnvView, indexByReference, perView, referencedAddresses, type SynthResource } from "../../core/readiness/model";
import { literalStr, strings } from "../../core/readiness/values";

/**
 * Whether an alarm's actions reach a person, for GL-MON-001: an action is a topic of this environment
 * with a subscription SNS sends every alarm to, or an ARN from elsewhere (a literal: golive cannot see
 * its subscribers, so it is trusted).
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
    const problem = subscriptionProblem(subscriptions.get(address) ?? []);
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
  const filtered = subscriptions.filter((s) => literalStr(s.attrs.filter_policy).kind !== "absent");
  if (filtered.length < subscriptions.length) return undefined;
  return `has only subscriptions with a filter_policy (${filtered.map((s) => s.address).join(", ")}): SNS sends them only the messages the policy matches, and golive cannot tell that an alarm does (it writes none)`;
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
