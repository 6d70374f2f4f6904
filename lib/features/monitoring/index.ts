import type { Feature } from "../../platform/feature";
import { uptimeChecks } from "./rules/GL-MON-001";
import { alertTopicEncrypted } from "./rules/GL-MON-002";
import { alertingLoosened } from "./risks";
import { validateMonitoring } from "./validate";

/** Uptime checks, alarms and alert routing, live before traffic arrives. */
export const monitoringFeature: Feature = {
  name: "monitoring",
  stack: { kind: "monitoring", build: (scope, cfg) => (require("./stack") as typeof import("./stack")).buildMonitoringStack(scope, cfg) },
  validate: validateMonitoring,
  rules: [uptimeChecks, alertTopicEncrypted],
  risks: [alertingLoosened],
  probes: (cfg, inputs) => (require("./probe-set") as typeof import("./probe-set")).monitoringProbes(cfg, inputs),
};
