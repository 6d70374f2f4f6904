import { resourceFinding } from "../../../core/readiness/model";
import { str } from "../../../core/readiness/values";
import { COMPLIANT, notApplicable, outcome, type Rule } from "../../../platform/readiness";

/**
 * What the health checks that call an origin directly lack under each lockdown: the load balancer's
 * monitor (no probe_zone, so it is not sent "the same path as production traffic": Cloudflare docs,
 * load-balancing/monitors/create-monitor, Simulate Zone) and Route 53's origin checks present neither.
 */
const UNPROVEN = { "authenticated-origin-pulls": "a client certificate", "access-jwt": "an Access token" } as const;

export const monitorPathsAnswered: Rule = {
  id: "GL-REL-005",
  title: "The load balancer's monitor and Route 53's origin checks request one path, the one origins answer without a certificate or token",
  severity: "warning",
  row: "monitoring",
  explanation:
    "Under authenticated-origin-pulls or access-jwt an origin refuses a request without Cloudflare's client certificate or an Access token, and the health checks that call it directly carry neither: the load balancer's monitor (release.monitor.path) and Route 53's origin checks (monitoring.healthPath). Each path must be answered without one; with two different paths, an origin set up to exempt only one fails the other checks: a monitor refused on every pool origin marks blue and green unhealthy at once.",
  fix: 'Set release.monitor.path and monitoring.healthPath to the same path (nothing sensitive there), so each origin exempts one path; or exempt both on every origin (runbooks/deploy.md, "Origin lockdown") and exempt this rule with that reason.',
  check({ env, config }) {
    const monitors = env.ofType("cloudflare_load_balancer_monitor");
    if (monitors.length === 0) return notApplicable("no cloudflare_load_balancer_monitor in this environment");
    if (config === undefined) return notApplicable("no config to read edge.originLockdown and monitoring.healthPath from");
    const lockdown = config.app.edge.originLockdown;
    // A tunnel origin has no address of its own to call: nothing reaches it but through the tunnel.
    if (lockdown === "tunnel") return COMPLIANT;
    const mon = config.app.monitoring;
    // Without Route 53 origin checks the monitor's path is the only one to exempt.
    if (mon === undefined || !mon.checkOrigins) return COMPLIANT;
    const lacking = UNPROVEN[lockdown];
    return outcome(
      monitors
        .filter((m) => str(m.attrs.path) !== undefined && str(m.attrs.path) !== mon.healthPath)
        .map((m) =>
          resourceFinding(
            m,
            `the load balancer's monitor requests ${str(m.attrs.path)} (release.monitor.path) and Route 53's origin checks ${mon.healthPath} (monitoring.healthPath): under edge.originLockdown ${lockdown} neither presents ${lacking}, so every pool origin must answer both paths without one, or the monitor marks both pools unhealthy; set the two to one path`,
          ),
        ),
    );
  },
};
