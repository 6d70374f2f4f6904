import type { Feature } from "../../platform/feature";
import { lbWeightsMoved } from "./risks";
import { blueGreen } from "./rules/GL-REL-001";
import { everyHostRollsBack } from "./rules/GL-REL-004";
import { monitorPathsAnswered } from "./rules/GL-REL-005";
import { validateRelease } from "./validate";

/** The stack kind of the release: `cdktf deploy traffic-<env>` is the one command a rollback applies. */
export const RELEASE_STACK_KIND = "traffic";

/** Blue/green release of release.hostname on a Cloudflare load balancer; rollback is one small change to its weights. */
export const releaseFeature: Feature = {
  name: "release",
  stack: {
    kind: RELEASE_STACK_KIND,
    build: (scope, cfg) => (require("./stack") as typeof import("./stack")).buildTrafficStack(scope, cfg),
    appliedBy: "deploy",
    stateHoldsSecrets: false,
    // Cloudflare only.
    awsServices: [],
    // Monitoring first: uptime checks and alarms are live before the load balancer sends users.
    needs: [
      { kind: "edge", reason: "looks up the zone edge-<env> creates and puts the load balancer in it" },
      { kind: "monitoring", reason: "its uptime checks and alarms are live before the load balancer sends users (GL-MON-003)" },
    ],
  },
  validate: validateRelease,
  zoneNames: (cfg) =>
    cfg.release
      ? [{ name: cfg.release.hostname, path: ["release", "hostname"], becomes: "a load balancer and an Access application" }]
      : [],
  rules: [blueGreen, everyHostRollsBack, monitorPathsAnswered],
  risks: [lbWeightsMoved],
  // One GET of release.hostname through Access and the load balancer (the edge probes carry no token).
  probes: (cfg, inputs) => (require("./reach-probe") as typeof import("./reach-probe")).releaseProbes(cfg, inputs),
};
