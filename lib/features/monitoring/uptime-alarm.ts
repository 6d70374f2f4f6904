import type { SynthResource } from "../../core/readiness/model";
import { bool, isRecord, literalBool, literalStr, num, records, str } from "../../core/readiness/values";
import { ROUTE53_METRICS_REGION, ROUTE53_NAMESPACE } from "./alarms";
import { MAX_ALARM_MINUTES } from "./schema";

/**
 * Whether a synthesized Route 53 health check and a CloudWatch alarm on it would tell someone the host
 * is down. Pure readings of the attributes, for GL-MON-001; each problem is a phrase that completes
 * "<the check or alarm> ...".
 */

/**
 * Why a health check cannot report an outage, or undefined when it can. `disabled`: Route 53 stops
 * checking and considers the check always healthy (docs.aws.amazon.com/Route53/latest/APIReference/
 * API_UpdateHealthCheck.html, Disabled); `invert_healthcheck`: Route 53 considers it unhealthy when the endpoint is healthy and vice
 * versa (docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-invert.html).
 */
export function healthCheckProblem(check: SynthResource, throughEdge: boolean): string | undefined {
  const probe = probeProblem(check, throughEdge);
  if (probe !== undefined) return probe;
  const disabled = literalBool(check.attrs.disabled);
  if (disabled.kind === "value" && disabled.value) return "is disabled (disabled = true: Route 53 stops checking and reports it healthy)";
  if (disabled.kind === "unknown") return unreadable("be disabled", "disabled", disabled.shown);
  const inverted = literalBool(check.attrs.invert_healthcheck);
  if (inverted.kind === "value" && inverted.value)
    return "is inverted (invert_healthcheck = true: Route 53 reports it healthy while the host is down)";
  if (inverted.kind === "unknown") return unreadable("be inverted", "invert_healthcheck", inverted.shown);
  return undefined;
}

/**
 * Route 53 types that request the endpoint (HealthCheckConfig Type): CALCULATED, CLOUDWATCH_METRIC and
 * RECOVERY_CONTROL ask no endpoint anything. TCP only connects; HTTP and HTTPS count 2xx and 3xx as
 * healthy (docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html).
 * At an origin (an ip_address, or the origin's own name) each shows the origin's server up, TCP and a
 * plain-HTTP redirect included: they are kept.
 */
const ENDPOINT_TYPES: readonly string[] = ["HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP"];

/**
 * Through Cloudflare only HTTPS reaches the app: the proxy accepts every TCP connection whatever the
 * origin does, and answers plain HTTP with a 301 to HTTPS (always_use_https), which Route 53 counts as
 * healthy; either stays healthy while every origin is down.
 */
const EDGE_TYPES: readonly string[] = ["HTTPS", "HTTPS_STR_MATCH"];

/** Why the check's type cannot see the host down, or undefined. The provider takes the type in any case: compared in capitals. */
function probeProblem(check: SynthResource, throughEdge: boolean): string | undefined {
  const type = literalStr(check.attrs.type);
  if (type.kind === "unknown") return unreadable("probe nothing that fails when the host is down", "type", type.shown);
  const name = type.kind === "value" ? type.value.toUpperCase() : "(no type)";
  if (!ENDPOINT_TYPES.includes(name)) return `is of type ${name}, which requests no endpoint`;
  if (throughEdge && !EDGE_TYPES.includes(name))
    return `checks through Cloudflare with type ${name}: Cloudflare accepts the connection${name === "TCP" ? "" : " and redirects plain HTTP to HTTPS (a 3xx Route 53 counts as healthy)"} whatever the origin does, so it stays healthy while the host is down; use HTTPS or HTTPS_STR_MATCH`;
  return undefined;
}

/**
 * A boolean written as an expression (`"${true}"`): Terraform evaluates it to a boolean golive cannot
 * see, so it may be the value that silences the alarm; such a check or alarm does not count (fail closed).
 */
function unreadable(what: string, attribute: string, shown: string): string {
  return `may ${what} (cannot tell: ${attribute} is ${shown}; write a literal)`;
}

/** The one metric an alarm evaluates: its own, or the single metric_query it returns. */
interface WatchedMetric {
  readonly namespace: string | undefined;
  readonly metricName: string | undefined;
  readonly dimensions: unknown;
  readonly statistic: string | undefined;
  /** Seconds per datapoint: the alarm's `period`, or its returned query's metric's. */
  readonly period: number | undefined;
  /** The alarm's `unit`, or its returned query's metric's, as written (absent: undefined). */
  readonly unit: unknown;
}

function watchedMetric(alarm: SynthResource): WatchedMetric | string {
  const a = alarm.attrs;
  const queries = records(a.metric_query);
  if (queries.length === 0)
    return {
      namespace: str(a.namespace),
      metricName: str(a.metric_name),
      dimensions: a.dimensions,
      statistic: str(a.statistic) ?? str(a.extended_statistic),
      period: num(a.period),
      unit: a.unit ?? undefined,
    };
  // PutMetricAlarm: exactly one query has ReturnData true, the alarm's value (a lone query is it).
  const returned = queries.length === 1 ? queries : queries.filter((q) => bool(q.return_data) === true);
  const [query] = returned;
  if (returned.length !== 1 || query === undefined) return "has no single metric_query with return_data = true";
  if (str(query.expression) !== undefined)
    return `returns the metric math expression "${str(query.expression)}", which golive does not evaluate`;
  const [metric] = records(query.metric);
  return {
    namespace: str(metric?.namespace),
    metricName: str(metric?.metric_name),
    dimensions: metric?.dimensions,
    statistic: str(metric?.stat),
    period: num(metric?.period),
    unit: metric?.unit ?? undefined,
  };
}

/** Whether the alarm evaluates a HealthCheckStatus metric at all (the latency alarm on a check does not). */
export function watchesHealthCheckStatus(alarm: SynthResource): boolean {
  const metric = watchedMetric(alarm);
  return typeof metric !== "string" && metric.namespace === ROUTE53_NAMESPACE && metric.metricName === "HealthCheckStatus";
}

/**
 * HealthCheckStatus is 1 healthy, 0 unhealthy; valid statistics Minimum, Average, Maximum
 * (docs.aws.amazon.com/Route53/latest/DeveloperGuide/metrics_dimensions.html).
 */
const STATUS_STATISTICS = ["Minimum", "Average", "Maximum"];

/**
 * True when the comparison fires for a value of 0 (unhealthy) and not for 1 (healthy): the statistics
 * above keep HealthCheckStatus within [0, 1]. `LessThanThreshold 1` is what golive declares.
 */
function firesOnlyWhenUnhealthy(operator: string | undefined, threshold: number): boolean {
  if (operator === "LessThanThreshold") return threshold > 0 && threshold <= 1;
  if (operator === "LessThanOrEqualToThreshold") return threshold >= 0 && threshold < 1;
  return false;
}

/** Whether the alarm's HealthCheckId dimension is this check's id, and the only dimension (else no such metric exists). */
function watchesCheck(dimensions: unknown, check: SynthResource): boolean {
  if (!isRecord(dimensions) || Object.keys(dimensions).length !== 1) return false;
  return str(dimensions.HealthCheckId)?.replace(/\s+/g, "") === `\${${check.address}.id}`;
}

/**
 * What keeps an alarm from firing when `check` is unhealthy, or from running its actions, in the
 * region it lives in (`region`, undefined when not literal). Who the actions reach is the caller's.
 */
export function statusAlarmProblems(alarm: SynthResource, check: SynthResource, region: string | undefined): string[] {
  const problems: string[] = [];
  const metric = watchedMetric(alarm);
  if (typeof metric === "string") return [metric];
  // Another metric of the check (TimeToFirstByte) says nothing about whether it is up: that alone is the answer.
  if (metric.namespace !== ROUTE53_NAMESPACE || metric.metricName !== "HealthCheckStatus")
    return [
      `watches ${metric.namespace ?? "(no namespace)"} ${metric.metricName ?? "(no metric)"}, not ${ROUTE53_NAMESPACE} HealthCheckStatus`,
    ];
  if (!watchesCheck(metric.dimensions, check)) problems.push("has dimensions other than HealthCheckId = this check's id");
  if (!STATUS_STATISTICS.includes(metric.statistic ?? ""))
    problems.push(`uses the statistic ${metric.statistic ?? "(none)"}; HealthCheckStatus takes ${STATUS_STATISTICS.join(", ")}`);
  const operator = str(alarm.attrs.comparison_operator);
  const threshold = num(alarm.attrs.threshold);
  if (threshold === undefined || !firesOnlyWhenUnhealthy(operator, threshold))
    problems.push(
      `compares ${operator ?? "(no comparison_operator)"} ${threshold ?? "(no literal threshold)"}, which does not fire exactly when the check is unhealthy (0): use LessThanThreshold 1`,
    );
  if (metric.unit !== undefined)
    problems.push(
      `sets unit ${JSON.stringify(metric.unit)}: ${UNIT_EFFECT} (PutMetricAlarm, Unit: "We recommend omitting Unit"); remove it`,
    );
  const late = timeToAlarmProblem(alarm, metric.period);
  if (late !== undefined) problems.push(late);
  const enabled = literalBool(alarm.attrs.actions_enabled);
  if (enabled.kind === "value" && !enabled.value) problems.push("has actions_enabled = false, so no action runs when it fires");
  if (enabled.kind === "unknown") problems.push(unreadable("run no action when it fires", "actions_enabled", enabled.shown));
  if (region !== undefined && region !== ROUTE53_METRICS_REGION)
    problems.push(`is in ${region}; Route 53 publishes health check metrics only in ${ROUTE53_METRICS_REGION}`);
  return problems;
}

/** What an alarm's `unit` does, in GL-MON-001's finding and plan review's flag alike. */
export const UNIT_EFFECT =
  "CloudWatch then evaluates only datapoints published in that unit, and one the metric is not published in leaves the alarm in INSUFFICIENT_DATA";

/**
 * Why the alarm fires too late to count, or undefined: it fires after `datapoints_to_alarm` (else
 * `evaluation_periods`) breaching periods of `period` seconds, and an outage must page within the
 * MAX_ALARM_MINUTES golive's own config allows (monitoring.alarmMinutes). One that cannot be read is
 * not known to fire in time (fail closed).
 */
function timeToAlarmProblem(alarm: SynthResource, period: number | undefined): string | undefined {
  const datapoints = num(alarm.attrs.datapoints_to_alarm) ?? num(alarm.attrs.evaluation_periods);
  if (period === undefined || datapoints === undefined)
    return "has no literal period and datapoints_to_alarm (or evaluation_periods), so how long it waits before firing is unknown";
  const minutes = (period * datapoints) / 60;
  if (minutes <= MAX_ALARM_MINUTES) return undefined;
  return `fires only after ${minutes} min unhealthy (period ${period} s x ${datapoints} datapoints), more than the ${MAX_ALARM_MINUTES} min monitoring.alarmMinutes allows`;
}
