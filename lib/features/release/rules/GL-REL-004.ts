import { appHostnames, hasEdge, NO_EDGE, recordName } from "../../edge/resources";
import { resourceFinding } from "../../../core/readiness/model";
import { outcome, type Rule } from "../../../platform/readiness";

export const everyHostRollsBack: Rule = {
  id: "GL-REL-004",
  title: "Every app hostname has a rollback path",
  severity: "warning",
  row: "rollback-handover",
  explanation:
    "The blue/green load balancer (GL-REL-001) serves release.hostname only. Every other app hostname (an edge.hostnames record, proxied to one origin) has no second pool: a bad release there is undone only by redeploying the old build onto its origin, minutes or more, not one change to the load balancer's weights.",
  fix: "Serve the app at release.hostname and keep the other edge.hostnames for what has no release to roll back (a landing page; a redirect-only name is not counted), or exempt this rule for the hostnames named, with the reason (how a bad release there is rolled back) and an expiry. The load balancer serves one hostname: golive cannot put a second one behind it.",
  check({ env }) {
    if (!hasEdge(env)) return NO_EDGE;
    // A proxied load balancer is itself an app hostname (appHostnames); only those have blue and green.
    const balanced = new Set(env.ofType("cloudflare_load_balancer").map(recordName));
    const unbalanced = appHostnames(env).filter(({ host }) => !balanced.has(host));
    const via = balanced.size === 0 ? "no load balancer is declared" : `the load balancer serves only ${[...balanced].sort().join(", ")}`;
    return outcome(
      unbalanced.map(({ host, record }) =>
        resourceFinding(
          record,
          `${host} is not behind the load balancer (${via}): a bad release there is rolled back only by a redeploy of its origin`,
        ),
      ),
    );
  },
};
