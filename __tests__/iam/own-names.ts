import { ROUTE53_METRICS_REGION } from "../../lib/features/monitoring/alarms";
import { resourcesOf, synthKind } from "../helpers/synth";
import type { World } from "./iam-world";

/**
 * The ARNs of what the deploy role's stacks create, by the names their synthesized JSON gives them (not
 * names a test makes up): the deploy role's denies of other teams' alarms and SES resources let these
 * alone, so a check asked on another name would prove nothing about a deploy.
 */
export interface OwnNames {
  /** Every alarm the monitoring stack declares (`<app>-<env> <what>`), in us-east-1 where Route 53 publishes. */
  readonly alarms: readonly string[];
  /** The SES domain identity of the email stack. */
  readonly identity: string;
  /** Its configuration set (`<app>-<env>`). */
  readonly configurationSet: string;
  /** A Route 53 health check: its ID is known only after apply. */
  readonly healthCheck: string;
}

export function ownNames(world: World): OwnNames {
  const { cfg, accountId } = world;
  const email = cfg.email;
  if (!cfg.monitoring || !email) throw new Error("the checks need the monitoring and email stacks");
  const arn = (service: string, region: string, resource: string) => `arn:aws:${service}:${region}:${accountId}:${resource}`;
  const alarms = resourcesOf(synthKind(cfg, "monitoring"), "aws_cloudwatch_metric_alarm").map(([, r]) =>
    arn("cloudwatch", ROUTE53_METRICS_REGION, `alarm:${String(r.alarm_name)}`),
  );
  const ses = synthKind(cfg, "email");
  const [[, identity] = ["", {}]] = resourcesOf(ses, "aws_sesv2_email_identity");
  const [[, set] = ["", {}]] = resourcesOf(ses, "aws_sesv2_configuration_set");
  return {
    alarms,
    identity: arn("ses", email.region, `identity/${String(identity.email_identity)}`),
    configurationSet: arn("ses", email.region, `configuration-set/${String(set.configuration_set_name)}`),
    healthCheck: "arn:aws:route53:::healthcheck/0d1e2f3a-aaaa-bbbb-cccc-0123456789ab",
  };
}
