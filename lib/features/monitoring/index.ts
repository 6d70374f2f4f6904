import type { Feature } from "../../platform/feature";
import { uptimeChecks } from "./rules/GL-MON-001";
import { monitoringCrossEnvironmentIssues } from "./cross-env";
import { alertTopicEncrypted } from "./rules/GL-MON-002";
import { monitoringBeforeTraffic } from "./rules/GL-MON-003";
import { MONITORING_STACK_KIND } from "./stack-kind";
import { alertingLoosened } from "./risks";
import { validateMonitoring } from "./validate";

/**
 * Uptime checks, alarms and alert routing: deployed before the load balancer (traffic-<env> needs this
 * stack; GL-MON-003 checks the synth output says so), not before edge-<env>'s own records serve users.
 */
export const monitoringFeature: Feature = {
  name: "monitoring",
  stack: {
    kind: MONITORING_STACK_KIND,
    build: (scope, cfg) => (require("./stack") as typeof import("./stack")).buildMonitoringStack(scope, cfg),
    appliedBy: "deploy",
    // Alert webhook URLs.
    stateHoldsSecrets: true,
    awsServices: ["cloudwatch", "kms", "route53", "sns"],
    needs: [
      { kind: "edge", reason: "looks up the zone edge-<env> creates (certificate alerts filter on it)" },
      {
        kind: "secrets",
        reason: "the deploy reads each alert webhook URL from a secret secrets-<env> creates",
        when: (cfg) => (cfg.monitoring?.alerts.webhooks.length ?? 0) > 0,
      },
    ],
  },
  validate: validateMonitoring,
  crossEnvironment: monitoringCrossEnvironmentIssues,
  rules: [uptimeChecks, alertTopicEncrypted, monitoringBeforeTraffic],
  risks: [alertingLoosened],
  probes: (cfg, inputs) => (require("./probe-set") as typeof import("./probe-set")).monitoringProbes(cfg, inputs),
  refusedProbeInputs: (cfg, { healthPath }) => {
    // A path given on the command line that no service token may reach behind Access could only time the login.
    if (healthPath === undefined) return [];
    const { unreachable } = (require("./latency-probe") as typeof import("./latency-probe")).latencyProbe(cfg, healthPath);
    return unreachable === undefined ? [] : [{ input: "healthPath", problem: unreachable }];
  },
};
