import { clip } from "../../core/clip";
import type { AppConfig } from "../../config/schema";
import { latencyChecks, type UptimeCheck } from "./uptime-checks";
import { namePrefix, shortHash, stackName } from "../../core/names";

/** Route 53 publishes health-check metrics only in us-east-1; alarms on them must live there too. */
export const ROUTE53_METRICS_REGION = "us-east-1";
export const ROUTE53_NAMESPACE = "AWS/Route53";

/** One CloudWatch alarm on a Route 53 health-check metric, as plain data. */
export interface AlarmSpec {
  readonly key: string;
  /** Key of the UptimeCheck whose HealthCheckId is the alarm's only dimension. */
  readonly checkKey: string;
  readonly name: string;
  readonly description: string;
  readonly namespace: typeof ROUTE53_NAMESPACE;
  readonly metricName: "HealthCheckStatus" | "TimeToFirstByte";
  /**
   * A statistic Route 53 publishes. TimeToFirstByte is "the average time, in milliseconds, that it took
   * Route 53 health checkers to receive the first byte" (docs.aws.amazon.com/Route53/latest/DeveloperGuide/
   * monitoring-health-check-latency.html), valid statistics Average, Minimum, Maximum (.../metrics_dimensions.html);
   * "CloudWatch needs raw data points to calculate percentile statistics" (docs.aws.amazon.com/
   * AmazonCloudWatch/latest/APIReference/API_GetMetricStatistics.html), so a p95 alarm on it may never
   * leave INSUFFICIENT_DATA.
   */
  readonly statistic: "Minimum" | "Average";
  readonly period: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparisonOperator: "LessThanThreshold" | "GreaterThanThreshold";
  /**
   * Chosen per alarm. Status: `breaching`, a silent checker is an outage. Latency: `missing`, so an
   * alarm without data goes to INSUFFICIENT_DATA, which notifies the topic like ALARM does (every alarm
   * has insufficient_data_actions): a latency alarm that cannot evaluate pages instead of staying quiet.
   */
  readonly treatMissingData: "breaching" | "missing";
}

/**
 * An uptime alarm per check (HealthCheckStatus minimum < 1 for `alarmMinutes` one-minute periods) and
 * the latency alarms: the *average* TimeToFirstByte (milliseconds) of the latency hostname's edge or
 * origin check (`latency.target`; behind a load balancer, one alarm per pool origin's check, named by
 * its colour and origin as its down alarm is) above the p95 bar `latency.p95Ms` for `latency.periods`
 * five-minute periods. Route 53 publishes an average, not samples, so no alarm can measure the p95: this one fires
 * when even the average breaks the bar (the p95 of a latency distribution sits above its mean), and
 * the p95 itself is measured from raw samples by `golive verify` (probes.ts).
 */
export function desiredAlarms(cfg: AppConfig, checks: readonly UptimeCheck[]): AlarmSpec[] {
  const mon = cfg.monitoring;
  if (!mon) return [];
  const prefix = namePrefix(cfg.app, cfg.environment);
  const alarms: AlarmSpec[] = checks.map((c) => ({
    key: `${c.key}-down`,
    checkKey: c.key,
    name: alarmName(`${prefix} ${c.target} down: ${c.fqdn}${checkDetail(c)}`),
    description: clip(
      `Route 53 sees https://${c.fqdn}${c.resourcePath} unhealthy for ${mon.alarmMinutes} min (${c.target} check of ${c.hostname}).${firstDeployNote(cfg, c)}`,
      MAX_ALARM_DESCRIPTION,
    ),
    namespace: ROUTE53_NAMESPACE,
    metricName: "HealthCheckStatus",
    statistic: "Minimum",
    period: 60,
    evaluationPeriods: mon.alarmMinutes,
    datapointsToAlarm: mon.alarmMinutes,
    threshold: 1,
    comparisonOperator: "LessThanThreshold",
    treatMissingData: "breaching",
  }));
  const timed = latencyChecks(cfg, checks);
  // One origin: the alarm as it always was (key and name are its state address and identity). Several
  // (the pool origins of a load-balanced hostname): one each, told apart by the pool origin.
  const perOrigin = timed.length > 1;
  for (const latency of timed) {
    const bar = mon.latency.p95Ms;
    // A pool origin by its colour and name (and IP); an origin shared with another hostname by its name.
    const parts = checkParts(latency);
    const detail = !perOrigin ? [] : parts.length > 0 ? parts : [latency.fqdn];
    const what = [latency.target, ...detail].join(", ");
    const checked = `${latency.target} check of ${mon.latency.hostname}${detail.length > 0 ? `: ${detail.join(", ")}` : ""}`;
    alarms.push({
      // The key is the construct id, part of the state address: the alarm it replaces measured a p95.
      key: perOrigin ? `latency-average-${latency.key}` : "latency-average",
      checkKey: latency.key,
      name: alarmName(`${prefix} average latency over ${bar} ms: ${mon.latency.hostname} (${what})`),
      description: clip(
        `Average time to first byte of https://${latency.fqdn}${mon.healthPath} (${checked}) above ${bar} ms, the p95 launch bar, for ${mon.latency.periods * 5} min. INSUFFICIENT_DATA: Route 53 reports no latency for this check (down, or latency measurement off). The p95 itself: npx golive verify ${cfg.environment}.`,
        MAX_ALARM_DESCRIPTION,
      ),
      namespace: ROUTE53_NAMESPACE,
      metricName: "TimeToFirstByte",
      statistic: "Average",
      period: 300,
      evaluationPeriods: mon.latency.periods,
      datapointsToAlarm: mon.latency.periods,
      // TimeToFirstByte is reported in milliseconds, so the bar needs no conversion.
      threshold: bar,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "missing",
    });
  }
  return uniquelyNamed(alarms);
}

/**
 * The load-balanced hostname resolves only once `traffic-<env>` creates the load balancer, and
 * monitoring deploys first (alerts live before users): on an environment's first deploy its edge
 * check fails DNS resolution, so its alarm is in ALARM (and pages) until step 7 of runbooks/deploy.md.
 * No signal in CloudWatch tells "not deployed yet" from "down", so the alarm stays armed and says
 * why in the notification on-call reads.
 */
function firstDeployNote(cfg: AppConfig, c: UptimeCheck): string {
  if (c.target !== "edge" || cfg.release?.hostname !== c.hostname) return "";
  const traffic = stackName("traffic", cfg.environment);
  return ` ${c.hostname} is load-balanced: it has no DNS record until ${traffic} creates the load balancer, so on a first deploy this alarm is in ALARM from ${stackName("monitoring", cfg.environment)} until ${traffic} is deployed (runbooks/deploy.md, step 7); after that, it is an outage.`;
}

/**
 * What tells an origin alarm apart: a pool origin's colour and name (blue-1 and green-1 may share an
 * address, and host and address alone gave both one name), and the address Route 53 connects to.
 */
function checkDetail(c: UptimeCheck): string {
  const parts = checkParts(c);
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

function checkParts(c: UptimeCheck): string[] {
  return [...(c.pool ? [`${c.pool.colour} pool origin ${c.pool.origin}`] : []), ...(c.ipAddress ? [c.ipAddress] : [])];
}

/** CloudWatch's AlarmName limit (docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html). */
export const MAX_ALARM_NAME = 255;

/**
 * CloudWatch's AlarmDescription limit (same page; the provider refuses more: StringLenBetween(0, 1024)).
 * A 253-character load-balanced hostname, written three times with its first-deploy note, passed it.
 */
export const MAX_ALARM_DESCRIPTION = 1024;

/** What ends a cut name: this, then the whole name's shortHash (8 hex digits). */
const CUT_MARK = "... ";
const CUT_NAME = /\.\.\. [0-9a-f]{8}$/;

/** The name as is when it fits, else cut with a hash of the whole name, so two long names stay distinct. */
function alarmName(full: string): string {
  if (full.length <= MAX_ALARM_NAME) return full;
  const hash = shortHash(full);
  return `${full.slice(0, MAX_ALARM_NAME - hash.length - CUT_MARK.length)}${CUT_MARK}${hash}`;
}

/**
 * The beginning of the whole name that a name alarmName cut still holds (its last character may be
 * inside a word), or undefined when `name` was not cut. A reader of alarm names (the release watch)
 * may trust only the words it holds whole.
 */
export function keptOfCutName(name: string): string | undefined {
  if (name.length !== MAX_ALARM_NAME || !CUT_NAME.test(name)) return undefined;
  return name.slice(0, name.lastIndexOf(CUT_MARK));
}

/** CloudWatch keys alarms by name: two alarms with one name would overwrite each other on every apply. */
function uniquelyNamed(alarms: AlarmSpec[]): AlarmSpec[] {
  const byName = new Map<string, string>();
  for (const a of alarms) {
    const first = byName.get(a.name);
    if (first !== undefined) throw new Error(`monitoring: alarms ${first} and ${a.key} are both named "${a.name}"`);
    byName.set(a.name, a.key);
  }
  return alarms;
}
