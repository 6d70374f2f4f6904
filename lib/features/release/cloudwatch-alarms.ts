import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import type { AppConfig } from "../../config/schema";
import { stackName } from "../../core/names";
import { accountOfArn } from "../../core/arn-account";
import { ROUTE53_METRICS_REGION } from "../monitoring/alarms";
import { boundedRequests, guardAwsClient } from "../../core/aws-request-guard";
import { AlarmAccountError, cloudWatchReadFailure } from "./alarm-read-failure";
import { type AlarmAccount, alarmAccount, alarmNamePrefix, describeAlarmsInput } from "./alarm-query";
import type { AlarmReading, AlarmSource, AlarmState } from "./analysis";

export interface CloudWatchAlarmOptions {
  /** Per-request bound; a source that cannot answer in time fails the check (the analysis fails closed). */
  readonly timeoutMs: number;
  /** Alternative endpoint (a local stand-in in tests). @default the regional CloudWatch endpoint */
  readonly endpoint?: string;
}

/** Pages of DescribeAlarms read at most: 100 alarms a page, far above what one environment declares. */
const MAX_PAGES = 10;

/** How an alarm's state reads; OK (and anything unknown) does not page. */
function pagingState(value: string | undefined): AlarmState["state"] | undefined {
  return value === "ALARM" || value === "INSUFFICIENT_DATA" ? value : undefined;
}

/** Throws AlarmAccountError when the alarm's ARN names another account than `account`, or none. */
function checkAccount(name: string, arn: string | undefined, account: AlarmAccount): void {
  const found = accountOfArn(arn, "cloudwatch", "alarm");
  if (found !== account.id) throw new AlarmAccountError(name, found, account);
}

/**
 * This environment's CloudWatch alarms (the monitoring stack names them `<app>-<env> ...`, in us-east-1
 * where Route 53 publishes its metrics), in every state: those in ALARM or INSUFFICIENT_DATA fire (the
 * monitoring stack pages on both, docs/monitoring.md), and none matching at all means nothing watches
 * the environment. Credentials come from the AWS SDK's usual chain (the CI role, AWS_PROFILE, SSO); an
 * error, a timeout, an endpoint that is not https, more pages than MAX_PAGES or an alarm whose AlarmArn
 * names another account than config's (alarmAccount: credentials of another account, whose alarms may
 * carry the same names and all be OK) rejects, and the analysis counts the check as failed.
 */
export function cloudWatchAlarmSource(cfg: AppConfig, o: CloudWatchAlarmOptions): AlarmSource {
  const prefix = alarmNamePrefix(cfg);
  const account = alarmAccount(cfg);
  const client = new CloudWatchClient({
    region: ROUTE53_METRICS_REGION,
    ...boundedRequests(o.timeoutMs),
    ...(o.endpoint ? { endpoint: o.endpoint } : {}),
  });
  // Signed requests go to https only (plain http to loopback), even where AWS_ENDPOINT_URL or the shared
  // config file names another endpoint: the same rule as golive's own --endpoint flags.
  guardAwsClient(client);
  return {
    name: `CloudWatch alarms "${prefix.trim()} *" in ${ROUTE53_METRICS_REGION}`,
    explain: (err) => cloudWatchReadFailure(err, ROUTE53_METRICS_REGION),
    // Alone, cdktf refuses a stack whose dependencies are not in the same command unless told to ignore
    // them (@cdktf/cli-core stack-helpers); runbooks/deploy.md step 6 also sets its webhook variables.
    missingHint: `the monitoring stack of ${cfg.environment} creates them: deploy it as runbooks/deploy.md step 6 does (npx cdktf deploy ${stackName("monitoring", cfg.environment)} --ignore-missing-stack-dependencies, each TF_VAR_alert_webhook_<name> exported first), or check app and environment in config`,
    async firing(): Promise<AlarmReading> {
      if (!account)
        throw new Error(
          "config names no AWS account of the alarms (monitoring.awsAccountId, secrets.accountId or state.accountId) to check them against",
        );
      const firing: AlarmState[] = [];
      const names: string[] = [];
      let nextToken: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const answer = await client.send(new DescribeAlarmsCommand(describeAlarmsInput(prefix, nextToken)));
        for (const a of [...(answer.MetricAlarms ?? []), ...(answer.CompositeAlarms ?? [])]) {
          if (!a.AlarmName) continue;
          checkAccount(a.AlarmName, a.AlarmArn, account);
          names.push(a.AlarmName);
          const state = pagingState(a.StateValue);
          if (state) firing.push({ name: a.AlarmName, state, ...(a.StateReason ? { reason: a.StateReason } : {}) });
        }
        nextToken = answer.NextToken;
        if (!nextToken) return { matched: names.length, names, firing };
      }
      throw new Error(`more than ${MAX_PAGES * 100} alarms match "${prefix.trim()} *": not all could be read`);
    },
  };
}
