/**
 * What a change to a queue's resource policy grants: the `aws_sqs_queue_policy`'s, or the queue's own
 * `policy` argument (the same policy, set inline). Read as topic and bucket policies are
 * (monitoring/risks.ts, state/risks.ts): a new one, a queue's inline policy or an aws_sqs_queue_policy
 * (its own resource, which may open a queue that exists), is read against nothing
 * (resourcePolicyWidenings); a deleted queue policy takes its Deny statements with it.
 */
import type { ChangeView } from "../../core/plan/changes";
import { policyWidenings, resourcePolicyWidenings } from "../../core/plan/policy";
import { afterOf, at, str } from "../../platform/risks";

/** A policy with no statement: what is left once an aws_sqs_queue_policy is deleted. */
const NO_STATEMENTS = { Statement: [] };

/** The queue's name: the aws_sqs_queue's `name`, else the last part of the policy's `queue_url`. */
function queueName(change: ChangeView): string {
  const value = change.kind === "create" ? change.after : change.before;
  return str(at(value, "name")) ?? str(at(value, "queue_url"))?.replace(/^.*\//, "") ?? change.address;
}

/** How a queue's policy is named in its flags: `queue opsbot-jobs policy`. */
export function queuePolicyName(change: ChangeView): string {
  return `queue ${queueName(change)} policy`;
}

export function queuePolicyWidened(change: ChangeView): string[] {
  // The queue's own policy is computed when unset (computedPolicyCheck); a queue policy's is required.
  const computed = change.type === "aws_sqs_queue";
  const what = queuePolicyName(change);
  if (change.type === "aws_sqs_queue_policy" && change.kind === "delete")
    return policyWidenings(at(change.before, "policy"), NO_STATEMENTS, what);
  const after = afterOf(change);
  return after === null ? [] : resourcePolicyWidenings(change.kind, at(change.before, "policy"), at(after, "policy"), what, computed);
}
