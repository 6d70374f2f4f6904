import { appHostnames, hasEdge, NO_EDGE } from "../../edge/resources";
import { type EnvView, indexByReference, resourceFinding, type SynthResource } from "../../../core/readiness/model";
import { type Finding, outcome, type Rule } from "../../../platform/readiness";
import { str } from "../../../core/readiness/values";
import { groupBy } from "../../../core/group-by";
import { awsRegionOf } from "../../../core/readiness/aws-region";
import { healthCheckProblem, statusAlarmProblems, watchesHealthCheckStatus } from "../uptime-alarm";
import { alarmReachProblems } from "../alert-delivery";
import { onlySeesAccess, originNames, probesAnotherAddress, throughEdge } from "../app-reach";

const NO_ALARM = "has no CloudWatch alarm with alarm_actions that reach a subscriber (an SNS topic with a subscription)";
const REACHES_NOBODY = "has no alarm_actions that reach a subscriber (an SNS topic with a subscription)";

/** Why each alarm on a check does not page when the check is unhealthy (empty: it does). */
function alarmProblems(view: EnvView, alarm: SynthResource, check: SynthResource): string[] {
  const problems = statusAlarmProblems(alarm, check, awsRegionOf(view, alarm));
  const unreached = alarmReachProblems(view, alarm);
  if (unreached === undefined) return problems;
  return [...problems, unreached.length === 0 ? REACHES_NOBODY : `${REACHES_NOBODY}: ${unreached.join("; ")}`];
}

export const uptimeChecks: Rule = {
  id: "GL-MON-001",
  title: "Every app hostname has an uptime check whose alarm notifies someone",
  severity: "blocker",
  row: "monitoring",
  explanation:
    "An outage nobody is paged for lasts until a user complains; each hostname needs an external probe and an alarm that fires when the probe fails and has a destination (SNS topic to on-call). Behind Cloudflare Access a probe through the edge gets the Access login redirect, which Route 53 counts as healthy whether or not any app server answers: it proves edge, Access and TLS, not the app, so such a hostname also needs a paging check that reaches the app (monitoring live before traffic is monitoring of the app).",
  fix: "Configure monitoring (with monitoring.alerts.emails) so the monitoring stack declares an aws_route53_health_check per hostname (HTTPS through Cloudflare, not disabled, not inverted, literal values) and, in us-east-1, an aws_cloudwatch_metric_alarm on its AWS/Route53 HealthCheckStatus (dimension HealthCheckId only, Minimum LessThanThreshold 1, actions enabled) whose alarm_actions name an SNS topic with a subscription without filter_policy, encrypted (if at all) with a key whose policy lets cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey*. For a hostname behind Cloudflare Access, keep monitoring.checkOrigins (the default: a check per origin, which connects to it directly and bypasses Access), or point a check at a health path no Access application covers.",
  check({ env }) {
    if (!hasEdge(env)) return NO_EDGE;
    const checks = groupBy(env.ofType("aws_route53_health_check"), (c) => (str(c.attrs.fqdn) ?? "").toLowerCase());
    const alarmsOn = indexByReference(env.ofType("aws_cloudwatch_metric_alarm"), (a) => [a.attrs.dimensions, a.attrs.metric_query]);
    const findings: Finding[] = [];
    for (const { host, record } of appHostnames(env)) {
      const own = checks.get(host) ?? [];
      const first = own[0];
      if (first === undefined) {
        findings.push(resourceFinding(record, `${host} has no aws_route53_health_check (fqdn = "${host}")`));
        continue;
      }
      const problemOf = (c: SynthResource) => healthCheckProblem(c, throughEdge(env, c)) ?? probesAnotherAddress(env, host, record, c);
      const working = own.filter((c) => problemOf(c) === undefined);
      if (working.length === 0) {
        const message =
          own.length === 1
            ? `the health check of ${host} ${problemOf(first)}, so no alarm on it can report an outage`
            : `no health check of ${host} can report an outage: ${own.map((c) => `${c.address} ${problemOf(c)}`).join("; ")}`;
        findings.push(resourceFinding(first, message));
        continue;
      }
      // Every alarm that references one of the host's working checks, with what keeps it from paging.
      const alarmsOf = (check: SynthResource) =>
        (alarmsOn.get(check.address) ?? []).map((alarm) => ({ check, alarm, problems: alarmProblems(env, alarm, check) }));
      const all = working.flatMap(alarmsOf);
      const paging = all.filter((c) => c.problems.length === 0);
      if (paging.some((c) => !onlySeesAccess(env, host, c.check))) continue;
      if (paging.length > 0) {
        // Behind Access at every paging check's path: an origin checked by its own name still sees the app.
        const byName = originNames(env, record).flatMap((o) => (o === host ? [] : (checks.get(o) ?? [])));
        const reachApp = byName.filter(
          (c) => healthCheckProblem(c, throughEdge(env, c)) === undefined && str(c.attrs.ip_address) === undefined,
        );
        if (reachApp.flatMap(alarmsOf).some((c) => c.problems.length === 0)) continue;
        const via = paging.map((c) => `"${str(c.alarm.attrs.alarm_name) ?? c.alarm.address}"`).join(", ");
        findings.push(
          resourceFinding(
            paging[0]?.check ?? first,
            `${host} is behind Cloudflare Access and its only paging alarms (${via}) watch checks through the edge at a path Access covers: Access answers them with its login redirect, which Route 53 counts as healthy, so no alarm fires when the app is down; keep monitoring.checkOrigins (an origin check bypasses Access) or point a check at a health path Access does not cover`,
          ),
        );
        continue;
      }
      // Explain the status alarms when there are any; another metric's alarm (latency) only when it is all there is.
      const status = all.filter((c) => watchesHealthCheckStatus(c.alarm));
      const candidates = status.length > 0 ? status : all;
      const onlyUnreached = candidates.every((c) => c.problems.length === 1 && c.problems[0] === REACHES_NOBODY);
      const detail = candidates.map((c) => `"${str(c.alarm.attrs.alarm_name) ?? c.alarm.address}" ${c.problems.join(", ")}`).join("; ");
      findings.push(
        resourceFinding(
          working[0] ?? first,
          onlyUnreached
            ? `the health check of ${host} ${NO_ALARM}`
            : `the health check of ${host} has no CloudWatch alarm that notifies someone when it is unhealthy: ${detail}`,
        ),
      );
    }
    return outcome(findings);
  },
};
