import type { AppConfig } from "../../config/schema";
import { latencyCheck, type UptimeCheck } from "./uptime-checks";
import { namePrefix } from "../../core/names";

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
  /** Exactly one of statistic / extendedStatistic is set. */
  readonly statistic?: "Minimum";
  readonly extendedStatistic?: string;
  readonly period: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparisonOperator: "LessThanThreshold" | "GreaterThanThreshold";
  /**
   * A silent checker is an outage for status alarms. For latency, `missing` keeps the alarm in
   * INSUFFICIENT_DATA when no p95 can be computed, which the deploy runbook checks, instead of a false OK.
   */
  readonly treatMissingData: "breaching" | "missing";
}

/**
 * An uptime alarm per check (HealthCheckStatus minimum < 1 for `alarmMinutes` one-minute periods) and
 * the launch-bar latency alarm: p95 TimeToFirstByte (milliseconds) of the latency hostname's edge or
 * origin check (`latency.target`) above `latency.p95Ms` for `latency.periods` five-minute periods.
 */
export function desiredAlarms(cfg: AppConfig, checks: readonly UptimeCheck[]): AlarmSpec[] {
  const mon = cfg.monitoring;
  if (!mon) return [];
  const prefix = namePrefix(cfg.app, cfg.environment);
  const alarms: AlarmSpec[] = checks.map((c) => ({
    key: `${c.key}-down`,
    checkKey: c.key,
    name: `${prefix} ${c.target} down: ${c.fqdn}${c.ipAddress ? ` (${c.ipAddress})` : ""}`,
    description: `Route 53 sees https://${c.fqdn}${c.resourcePath} unhealthy for ${mon.alarmMinutes} min (${c.target} check of ${c.hostname}).`,
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
  const latency = latencyCheck(cfg, checks);
  if (latency) {
    alarms.push({
      key: "latency-p95",
      checkKey: latency.key,
      name: `${prefix} p95 latency over ${mon.latency.p95Ms} ms: ${mon.latency.hostname} (${latency.target})`,
      description: `p95 time to first byte of https://${latency.fqdn}${mon.healthPath} (${latency.target} check of ${mon.latency.hostname}) above ${mon.latency.p95Ms} ms (launch bar) for ${mon.latency.periods * 5} min.`,
      namespace: ROUTE53_NAMESPACE,
      metricName: "TimeToFirstByte",
      extendedStatistic: "p95",
      period: 300,
      evaluationPeriods: mon.latency.periods,
      datapointsToAlarm: mon.latency.periods,
      // TimeToFirstByte is reported in milliseconds, so the bar needs no conversion.
      threshold: mon.latency.p95Ms,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "missing",
    });
  }
  return alarms;
}
