import type { AppConfig } from "../../config/schema";
import { namePrefix } from "../../core/names";
import { awsAccountOf } from "../../platform/aws-account";
import { ROUTE53_METRICS_REGION } from "../monitoring/alarms";

// The DescribeAlarms request of the watch, apart from cloudwatch-alarms.ts (which loads the AWS SDK),
// so `promote --watch --dry-run` lists the very request without loading it.

/** Where the SDK sends it in that region (its endpoint ruleset: https://monitoring.{Region}.{dnsSuffix}). */
export const CLOUDWATCH_ENDPOINT = `https://monitoring.${ROUTE53_METRICS_REGION}.amazonaws.com`;

/** The header naming the operation: the SDK's CloudWatch client speaks AWS JSON 1.0 (serviceTarget GraniteServiceVersion20100801). */
export const DESCRIBE_ALARMS_TARGET = "GraniteServiceVersion20100801.DescribeAlarms";

/** This environment's alarms by name: the trailing space keeps `opsbot-prod` from matching `opsbot-production ...`. */
export function alarmNamePrefix(cfg: AppConfig): string {
  return `${namePrefix(cfg.app, cfg.environment)} `;
}

/** One page's input: no StateValue, so every state is read; without AlarmTypes DescribeAlarms returns metric alarms only. */
export function describeAlarmsInput(
  prefix: string,
  nextToken?: string,
): {
  AlarmNamePrefix: string;
  AlarmTypes: ("MetricAlarm" | "CompositeAlarm")[];
  MaxRecords: number;
  NextToken?: string;
} {
  return {
    AlarmNamePrefix: prefix,
    AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
    MaxRecords: 100,
    ...(nextToken === undefined ? {} : { NextToken: nextToken }),
  };
}

/** The AWS account of this environment's alarms, and the config field that names it. */
export interface AlarmAccount {
  readonly id: string;
  /** `monitoring.awsAccountId`, else `secrets.accountId`, else `state.accountId`: the monitoring stack's order (awsAccountOf). */
  readonly field: string;
}

/**
 * The account the monitoring stack pins its providers to, so its alarms are there; undefined when config
 * names none (its validation refuses a monitoring section then: missingAwsAccount).
 */
export function alarmAccount(cfg: AppConfig): AlarmAccount | undefined {
  const own = cfg.monitoring?.awsAccountId;
  const id = awsAccountOf(cfg, own);
  if (id === undefined) return undefined;
  const field = own !== undefined ? "monitoring.awsAccountId" : cfg.secrets?.accountId === id ? "secrets.accountId" : "state.accountId";
  return { id, field };
}
