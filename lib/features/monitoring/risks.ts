import type { ChangeView } from "../../core/plan/changes";
import { resourcePolicyWidenings } from "../../core/plan/policy";
import { bool } from "../../core/json";
import { UNKNOWN } from "../../core/plan/values";
import {
  afterOf,
  at,
  computedPolicyCheck,
  isTemplate,
  items,
  num,
  removes,
  type RiskRule,
  show,
  shownNumber,
  str,
  unset,
} from "../../platform/risks";
import { HEALTH_CHECK_TYPE, healthCheckWeakened } from "./health-check-risks";
import { metricMoved, publisherLost } from "./delivery-risks";
import { ALARM_PUBLISHER, PUBLISHER_KMS_CALLS } from "./alert-encryption";
import { FILTER_POLICY_EFFECT } from "./alert-delivery";
import { UNIT_EFFECT } from "./uptime-alarm";
import { SES_PUBLISHER } from "../email/feedback";
import { NOTIFICATION_POLICY_TYPE, notificationSilenced } from "./risks-notifications";

/** Seconds an alarm needs before it fires: evaluation periods times period. */
function detectionSeconds(alarm: unknown): number | undefined {
  const periods = num(at(alarm, "evaluation_periods"));
  const period = num(at(alarm, "period"));
  return periods !== undefined && period !== undefined ? periods * period : undefined;
}

/**
 * Datapoints that must breach before the alarm fires (M of N): `datapoints_to_alarm`, or every one of
 * `evaluation_periods` when it is unset (the provider stores 0 then). PutMetricAlarm:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 */
function datapointsToAlarm(alarm: unknown): number | undefined {
  // Known only after apply: not unset (0), which would read as every evaluation period.
  if (at(alarm, "datapoints_to_alarm") === UNKNOWN) return undefined;
  const m = num(at(alarm, "datapoints_to_alarm"));
  return m !== undefined && m > 0 ? m : num(at(alarm, "evaluation_periods"));
}

/** Which way a metric must move to fire the alarm: up, down, or both (an anomaly band). */
function direction(op: string): "up" | "down" | "both" | undefined {
  if (op === "LessThanLowerOrGreaterThanUpperThreshold") return "both";
  if (op.startsWith("Greater")) return "up";
  if (op.startsWith("Less")) return "down";
  return undefined;
}

/**
 * True when the threshold stays (or is not a number on both sides: an anomaly band's is a metric). Same
 * direction, inclusive -> strict: the values that fired before and not now are the threshold itself
 * only when it stays; a threshold moved away from the firing side is the threshold rule's flag, one
 * moved into it fires on a wider range (GreaterThanOrEqualToThreshold 10 -> GreaterThanThreshold 5).
 */
function sameThreshold(before: unknown, after: unknown): boolean {
  const [tb, ta] = [num(at(before, "threshold")), num(at(after, "threshold"))];
  return tb === undefined || ta === undefined || tb === ta;
}

/**
 * Missing data no longer pages. Counted as breaching, it fires the alarm when the metric stops (a dead
 * service); left `missing` (CloudWatch's default, golive's latency alarms), it moves the alarm to
 * INSUFFICIENT_DATA, which pages through insufficient_data_actions. `notBreaching` counts it as good
 * (OK) and `ignore` keeps the state as it was: neither reaches INSUFFICIENT_DATA, so an alarm that
 * cannot evaluate stays quiet (CloudWatch: "Configuring how CloudWatch alarms treat missing data").
 */
function missingDataQuieter(name: string, before: unknown, after: unknown): string[] {
  // Unset is CloudWatch's default (a configuration diff omits it); known only after apply is not judged.
  const treatment = (v: unknown) => (unset(at(v, "treat_missing_data")) ? "missing" : str(at(v, "treat_missing_data")));
  const [was, now] = [treatment(before), treatment(after)];
  if (now === undefined || now === was || now === "breaching") return [];
  if (was === "breaching") return [`alarm ${name}: treat_missing_data breaching -> ${now}: missing data no longer fires it`];
  const paged = items(at(before, "insufficient_data_actions")).length > 0;
  return was === "missing" && paged && (now === "notBreaching" || now === "ignore")
    ? [
        `alarm ${name}: treat_missing_data missing -> ${now}: missing data no longer notifies its insufficient_data_actions (the alarm no longer goes to INSUFFICIENT_DATA)`,
      ]
    : [];
}

/** The alarm no longer fires as it did by its comparison, statistic or missing data (each a weaker alarm). */
function firesLess(name: string, before: unknown, after: unknown): string[] {
  const out: string[] = [];
  const [opBefore, opAfter] = [str(at(before, "comparison_operator")) ?? "", str(at(after, "comparison_operator")) ?? ""];
  const [was, now] = [direction(opBefore), direction(opAfter)];
  if (was !== undefined && now !== undefined && opBefore !== opAfter) {
    if (now !== "both" && (was === "both" || was !== now))
      out.push(
        `alarm ${name}: comparison ${opBefore} -> ${opAfter}: no longer fires when the metric goes ${was === "both" ? (now === "up" ? "down" : "up") : was}`,
      );
    else if (opBefore.includes("OrEqualTo") && !opAfter.includes("OrEqualTo") && was === now && sameThreshold(before, after))
      out.push(`alarm ${name}: comparison ${opBefore} -> ${opAfter}: no longer fires at the threshold itself`);
  }
  const [mBefore, mAfter] = [datapointsToAlarm(before), datapointsToAlarm(after)];
  if (
    at(before, "datapoints_to_alarm") !== at(after, "datapoints_to_alarm") &&
    mBefore !== undefined &&
    mAfter !== undefined &&
    mAfter > mBefore
  )
    out.push(
      `alarm ${name}: needs ${mAfter} breaching datapoints instead of ${mBefore} (datapoints_to_alarm, of ${num(at(after, "evaluation_periods")) ?? "?"})`,
    );
  out.push(...missingDataQuieter(name, before, after));
  // A statistic that reads lower (higher) fires later on a rise (fall): Maximum is the first to see a spike.
  const [statBefore, statAfter] = [str(at(before, "statistic")), str(at(after, "statistic"))];
  const loudest = now === "up" ? "Maximum" : now === "down" ? "Minimum" : undefined;
  const quietest = now === "up" ? "Minimum" : now === "down" ? "Maximum" : undefined;
  if (statBefore && statAfter && statBefore !== statAfter && loudest && (statBefore === loudest || statAfter === quietest))
    out.push(
      `alarm ${name}: statistic ${statBefore} -> ${statAfter} (${opAfter}): a ${now === "up" ? "rise" : "fall"} shows later or not at all`,
    );
  return out;
}

/**
 * An update that leaves a topic with no key where it had one (a replace is reported as such above). A
 * key known only after apply (its key replaced in the same plan: `-> (known after apply)`) is still a key.
 */
function encryptionDropped(change: ChangeView): boolean {
  const after = afterOf(change);
  const key = (v: unknown) => str(at(v, "kms_master_key_id")) ?? "";
  return after !== null && key(change.before) !== "" && at(after, "kms_master_key_id") !== UNKNOWN && key(after) === "";
}

/**
 * The email stack's SES bounce/complaint topic (name `<app>-<env>-ses-feedback`, constructs `Ses_Feedback*`)
 * is flagged like the alert topic, under its own name; `name` is the topic's when the change is not of
 * the topic (its key).
 */
function topicKind(
  change: ChangeView,
  name = str(at(change.before, "name")) ?? str(at(afterOf(change), "name")) ?? "",
): { topic: string; subscriber: string; gone: string; publisher: string } {
  return name.endsWith("-ses-feedback") || /\bSes_Feedback/.test(change.address)
    ? {
        topic: "SES feedback topic",
        subscriber: "SES feedback subscriber",
        gone: "bounces and complaints reach nobody",
        publisher: SES_PUBLISHER,
      }
    : { topic: "alert topic", subscriber: "alert subscriber", gone: "alarms notify nobody", publisher: ALARM_PUBLISHER };
}

/**
 * What a change to a topic's resource policy grants: the aws_sns_topic_policy's, or the topic's own
 * `policy` argument (the same policy, set inline). A new one, a topic's inline policy or an
 * aws_sns_topic_policy (its own resource, which may open a topic that exists), is read against nothing
 * (resourcePolicyWidenings).
 */
function topicPolicyWidened(change: ChangeView, what: string): string[] {
  // The topic's own policy is computed when unset (computedPolicyCheck); a topic policy's is required.
  const computed = change.type === "aws_sns_topic";
  return resourcePolicyWidenings(change.kind, at(change.before, "policy"), at(afterOf(change), "policy"), `${what} policy`, computed);
}

/** A topic by its kind and name (`alert topic opsbot-production-alerts`), as its flags name it. */
function topicNamed(change: ChangeView): string {
  return `${topicKind(change).topic} ${str(at(change.before, "name")) ?? str(at(afterOf(change), "name")) ?? change.address}`;
}

/** The topic a KMS key encrypts, by its description: golive writes `<topic name> SNS topic` (constructs/alert-topic.ts, the email stack's feedback topic). */
const TOPIC_KEY = /^(\S+) SNS topic\b/;

/**
 * A topic key's policy no longer lets the topic's publisher use it, or a new one never did: KMS refuses,
 * SNS drops the message. Only a key is judged on creation: golive names it by its description, while a
 * new topic policy's topic (a reference, an ARN) does not say which service publishes to it.
 */
function topicKeyWeakened(change: ChangeView): string[] {
  const description = str(at(change.kind === "create" ? afterOf(change) : change.before, "description")) ?? "";
  const topic = TOPIC_KEY.exec(description)?.[1];
  if (topic === undefined) return [];
  const kind = topicKind(change, topic);
  return publisherLost(
    change,
    `KMS key ${description} policy`,
    `so KMS refuses what it publishes to the ${kind.topic} ${topic}: ${kind.gone}`,
    { service: kind.publisher, actions: PUBLISHER_KMS_CALLS },
  );
}

/**
 * `set to X` / `X -> Y` when an update gives `attr` a value it did not have (unset is "", null or
 * absent alike, plan or configuration diff); empty when it is unset, unchanged or known only after apply.
 */
function newlySet(change: ChangeView, attr: string): string[] {
  if (change.kind !== "update") return [];
  const [was, now] = [at(change.before, attr), at(afterOf(change), attr)];
  if (now === UNKNOWN || unset(now) || (!unset(was) && String(was) === String(now))) return [];
  return [unset(was) ? `set to ${show(now)}` : `${show(was)} -> ${show(now)}`];
}

function alertingWeakened(change: ChangeView): string[] {
  if (change.type === HEALTH_CHECK_TYPE) return healthCheckWeakened(change);
  if (change.type === "aws_kms_key") return topicKeyWeakened(change);
  if (change.type === NOTIFICATION_POLICY_TYPE) return notificationSilenced(change);
  const kind = topicKind(change);
  if (change.type === "aws_sns_topic_subscription") {
    const who = str(at(change.before, "protocol")) === "email" ? str(at(change.before, "endpoint")) : str(at(change.before, "protocol"));
    if (!removes(change))
      return newlySet(change, "filter_policy").map(
        (how) => `${kind.subscriber} ${who ?? "(unknown)"}: filter_policy ${how}: ${FILTER_POLICY_EFFECT}`,
      );
    return [
      `${kind.subscriber} ${who ?? "(unknown)"} ${change.kind === "replace" ? "replaced: must confirm again before it gets messages" : "removed"}`,
    ];
  }
  if (change.type === "aws_sns_topic") {
    const topic = topicNamed(change);
    if (removes(change))
      return [`${topic} ${change.kind === "replace" ? "replaced: every subscriber must confirm again" : `destroyed: ${kind.gone}`}`];
    const unencrypted = encryptionDropped(change) ? [`${topic}: server-side encryption removed (kms_master_key_id no longer set)`] : [];
    return [...unencrypted, ...topicPolicyWidened(change, topic), ...publisherLost(change, `${topic} policy`, kind.gone)];
  }
  if (change.type === "aws_sns_topic_policy") {
    if (change.kind === "delete") return [`${kind.topic} policy ${change.address} deleted: plain-HTTP access no longer denied`];
    const what = `${kind.topic} ${str(at(afterOf(change), "arn")) ?? change.address}`;
    return [...topicPolicyWidened(change, what), ...publisherLost(change, `${what} policy`, kind.gone)];
  }
  const name = str(at(change.before, "alarm_name")) ?? change.address;
  if (change.kind === "delete") return [`alarm ${name} deleted`];
  const after = afterOf(change);
  if (after === null || change.kind === "create") return [];
  const out: string[] = [];
  const [slowBefore, slowAfter] = [detectionSeconds(change.before), detectionSeconds(after)];
  if (slowBefore !== undefined && slowAfter !== undefined && slowAfter > slowBefore)
    out.push(`alarm ${name}: fires after ${slowBefore}s -> ${slowAfter}s`);
  const [tb, ta] = [num(at(change.before, "threshold")), num(at(after, "threshold"))];
  const op = str(at(after, "comparison_operator")) ?? "";
  if (tb !== undefined && ta !== undefined && ((op.startsWith("Greater") && ta > tb) || (op.startsWith("Less") && ta < tb))) {
    out.push(
      `alarm ${name}: threshold ${shownNumber(change, "before", "threshold", tb)} -> ${shownNumber(change, "after", "threshold", ta)} (${op})`,
    );
  }
  out.push(...firesLess(name, change.before, after), ...metricMoved(name, change.before, after));
  for (const how of newlySet(change, "unit")) out.push(`alarm ${name}: unit ${how}: ${UNIT_EFFECT}`);
  // An alarm that stops notifying on INSUFFICIENT_DATA can sit unable to evaluate with nobody told; one
  // that stops on OK leaves the on-call unaware the outage ended. An action is any string: in a
  // configuration diff a topic's ARN is the reference `${aws_sns_topic.<name>.arn}`, and a list written
  // as an expression (`"${[]}"`) keeps none of them.
  // A list known only after apply drops nothing; an action known only after apply (a topic replaced in the
  // same plan, whose replacement is its own flag) may be any one dropped action, so as many dropped as
  // there are such actions raise nothing.
  for (const [attr, when] of [
    ["alarm_actions", ""],
    ["insufficient_data_actions", " on INSUFFICIENT_DATA"],
    ["ok_actions", " on OK"],
  ] as const) {
    if (at(after, attr) === UNKNOWN) continue;
    const actions = (v: unknown) => new Set(items(at(v, attr)).filter((a): a is string => typeof a === "string"));
    const kept = actions(after);
    const dropped = [...actions(change.before)].filter((a) => !kept.has(a));
    if (dropped.length > items(at(after, attr)).filter((a) => a === UNKNOWN).length)
      for (const a of dropped) out.push(`alarm ${name}: no longer notifies ${a}${when}`);
  }
  // "false" is false to Terraform; a template (`"${false}"`, only in a configuration diff) may be.
  const [enabledBefore, enabledAfter] = [at(change.before, "actions_enabled"), at(after, "actions_enabled")];
  if (bool(enabledBefore) !== false) {
    if (bool(enabledAfter) === false) out.push(`alarm ${name}: actions disabled`);
    else if (isTemplate(enabledAfter) && enabledAfter !== enabledBefore)
      out.push(`alarm ${name}: actions_enabled set by the expression ${enabledAfter}: may disable its actions`);
  }
  return out;
}

export const alertingLoosened: RiskRule = {
  id: "alerting-loosened",
  title: "Alerting weakened",
  explanation:
    "Monitoring must be live before traffic: a removed subscriber, a replaced topic (subscribers confirm again), a slower or higher alarm (more datapoints to alarm, a comparison that no longer fires the way it did, missing data no longer breaching, or no longer reaching INSUFFICIENT_DATA (missing -> notBreaching or ignore) where that notified, a statistic that sees a spike later), one with fewer actions (INSUFFICIENT_DATA and OK included) or actions disabled, one given a unit (it may sit in INSUFFICIENT_DATA), a subscriber given a filter_policy (SNS then sends it only what matches), one moved to another metric (namespace, metric_name, a dimension such as another check's HealthCheckId), the topic policy or the topic key's policy no longer letting CloudWatch publish or use the key, or a new topic key never letting it (SNS then drops every alarm), or an uptime health check deleted, disabled (Route 53 then reports it healthy), inverted, slower to fail (failure_threshold, request_interval) or pointed at another target, or a Cloudflare notification policy deleted, disabled or with a receiver removed or swapped (certificate, token expiry and pool health alerts) means an outage nobody hears about; alert text (hostnames, origins) leaves the topic's encryption and TLS-only policy only by a reviewed change.",
  types: [
    "aws_sns_topic_subscription",
    "aws_sns_topic",
    "aws_sns_topic_policy",
    "aws_cloudwatch_metric_alarm",
    HEALTH_CHECK_TYPE,
    NOTIFICATION_POLICY_TYPE,
    // A topic's key: only its publisher's grant is read here (the secrets rule reads what it widens).
    "aws_kms_key",
  ],
  check: alertingWeakened,
  checkPlan: computedPolicyCheck(
    ["aws_sns_topic"],
    (change) => `${topicNamed(change)} policy`,
    (change) => !removes(change),
  ),
};
