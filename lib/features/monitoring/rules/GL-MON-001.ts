import { appHostnames, hasEdge, NO_EDGE } from "../../edge/resources";
import { indexByReference, referencedAddresses, resourceFinding } from "../../../core/readiness/model";
import { type Finding, outcome, type Rule } from "../../../platform/readiness";
import { bool, str, strings } from "../../../core/readiness/values";
import { groupBy } from "../../../core/group-by";

export const uptimeChecks: Rule = {
  id: "GL-MON-001",
  title: "Every app hostname has an uptime check whose alarm notifies someone",
  severity: "blocker",
  row: "monitoring",
  explanation:
    "An outage nobody is paged for lasts until a user complains; each hostname needs an external probe and an alarm with a destination (SNS topic to on-call).",
  fix: "Configure monitoring (with monitoring.alerts.emails) so the monitoring stack declares an aws_route53_health_check per hostname and an aws_cloudwatch_metric_alarm on it whose alarm_actions name a subscribed SNS topic.",
  check({ env }) {
    if (!hasEdge(env)) return NO_EDGE;
    const enabled = env.ofType("aws_route53_health_check").filter((c) => bool(c.attrs.disabled) !== true);
    const checks = groupBy(enabled, (c) => (str(c.attrs.fqdn) ?? "").toLowerCase());
    // An alarm notifies someone when an action is a topic of this environment with a subscription, or
    // an ARN from elsewhere (a literal: golive cannot see its subscribers, so it is trusted).
    const subscribed = indexByReference(env.ofType("aws_sns_topic_subscription"), (s) => s.attrs.topic_arn);
    const reachesSomeone = (action: string): boolean => {
      const refs = [...referencedAddresses(action)];
      return refs.length === 0 ? action.trim() !== "" : refs.some((address) => subscribed.has(address));
    };
    const alarmed = indexByReference(
      env.ofType("aws_cloudwatch_metric_alarm").filter((a) => strings(a.attrs.alarm_actions).some(reachesSomeone)),
      (a) => [a.attrs.dimensions, a.attrs.metric_query],
    );
    const findings: Finding[] = [];
    for (const { host, record } of appHostnames(env)) {
      const own = checks.get(host) ?? [];
      if (own.length === 0) {
        findings.push(resourceFinding(record, `${host} has no aws_route53_health_check (fqdn = "${host}")`));
        continue;
      }
      if (!own.some((c) => alarmed.has(c.address)))
        findings.push(
          resourceFinding(
            own[0] ?? record,
            `the health check of ${host} has no CloudWatch alarm with alarm_actions that reach a subscriber (an SNS topic with a subscription)`,
          ),
        );
    }
    return outcome(findings);
  },
};
