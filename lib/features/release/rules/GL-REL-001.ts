import { hasEdge, NO_EDGE } from "../../edge/resources";
import { type EnvView, envFinding, referencedAddresses, resourceFinding, type SynthResource } from "../../../core/readiness/model";
import { COMPLIANT, type Finding, outcome, type Rule } from "../../../platform/readiness";
import { records, str, strings } from "../../../core/readiness/values";
import { sharedOrigins } from "../../../core/origin-address";
import { phaseOf } from "../state";

/**
 * Why switching the load balancer between its pools rolls nothing back, or undefined: two pools it
 * names (default_pools, fallback_pool) share an origin address (sharedOrigins), so the "old" colour serves
 * from the same servers as the new one. One finding per pair, naming the shared origins.
 */
function sharedOriginProblems(env: EnvView, lb: SynthResource): string[] {
  const pools = [...referencedAddresses([lb.attrs.default_pools, lb.attrs.fallback_pool])]
    .map((address) => env.byAddress(address))
    .filter((pool): pool is SynthResource => pool?.type === "cloudflare_load_balancer_pool");
  const originsOf = (pool: SynthResource) => records(pool.attrs.origins).flatMap((o) => strings(o.address));
  const nameOf = (pool: SynthResource) => str(pool.attrs.name) ?? pool.address;
  const problems: string[] = [];
  for (const [i, a] of pools.entries())
    for (const b of pools.slice(i + 1)) {
      const shared = sharedOrigins(originsOf(a), originsOf(b));
      if (shared.length > 0)
        problems.push(
          `pools ${nameOf(a)} and ${nameOf(b)} share the origin${shared.length === 1 ? "" : "s"} ${shared.join(", ")}: switching between them serves from the same servers, so a rollback undoes nothing`,
        );
    }
  return problems;
}

export const blueGreen: Rule = {
  id: "GL-REL-001",
  title: "The release hostname has a load balancer with two pools and a fallback (blue/green)",
  severity: "blocker",
  row: "rollback-handover",
  explanation:
    "Rolling back must be one change that takes effect in seconds: with blue and green pools behind a load balancer, a bad release is undone by pointing default_pools back, and the fallback pool catches a dead primary. This covers the load balancer's own hostname (release.hostname) only; GL-REL-004 names the app hostnames it does not serve.",
  fix: "Configure release so the traffic stack declares cloudflare_load_balancer with default_pools and a different fallback_pool, over two cloudflare_load_balancer_pool resources whose origins are different servers.",
  check({ env, config }) {
    if (!hasEdge(env)) return NO_EDGE;
    // After a rollback the colour rolled back from leaves the load balancer and is never its fallback
    // (docs/releasing.md) until a fixed build is started: one pool, its own fallback, by design; a check
    // blocking that shape would block the rollback's own deploy.
    const release = config?.app.release;
    const rolledBack = release !== undefined && phaseOf(release) === "rolled-back";
    const lbs = env.ofType("cloudflare_load_balancer");
    const pools = env.ofType("cloudflare_load_balancer_pool");
    if (lbs.length === 0)
      return outcome([
        envFinding(env, "no cloudflare_load_balancer is declared, so a rollback means redeploying the old version", "traffic"),
      ]);
    const findings: Finding[] = [];
    if (pools.length < 2)
      findings.push(envFinding(env, `${pools.length} cloudflare_load_balancer_pool declared; blue/green needs two`, "traffic"));
    for (const lb of lbs) {
      const fallback = str(lb.attrs.fallback_pool) ?? "";
      const defaults = strings(lb.attrs.default_pools);
      if (fallback === "") findings.push(resourceFinding(lb, "fallback_pool is not set"));
      else if (new Set([...defaults, fallback]).size < 2 && !rolledBack)
        findings.push(resourceFinding(lb, "default_pools and fallback_pool name the same single pool"));
      if (defaults.length === 0) findings.push(resourceFinding(lb, "default_pools is empty"));
      // Both pools on the same servers is how init starts (no build to roll back to yet; `release start`
      // refuses a build there): it blocks once a release is in flight, or when no config tells.
      if (release === undefined || phaseOf(release) === "releasing")
        for (const problem of sharedOriginProblems(env, lb)) findings.push(resourceFinding(lb, problem));
    }
    return findings.length === 0 ? COMPLIANT : outcome(findings);
  },
};
