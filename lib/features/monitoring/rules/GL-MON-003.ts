import { resourceFinding, type SynthStack } from "../../../core/readiness/model";
import { stackName } from "../../../core/names";
import { notApplicable, outcome, type Rule } from "../../../platform/readiness";
import { MONITORING_STACK_KIND } from "../stack-kind";

/** Every stack `stack` depends on, directly or through others of the environment (manifest.json). */
function dependsOn(stack: SynthStack, byName: ReadonlyMap<string, SynthStack>): Set<string> {
  const seen = new Set<string>();
  const queue = [...(stack.dependencies ?? [])];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...(byName.get(next)?.dependencies ?? []));
  }
  return seen;
}

export const monitoringBeforeTraffic: Rule = {
  id: "GL-MON-003",
  title: "The stack with the load balancer is deployed after monitoring",
  severity: "blocker",
  row: "monitoring",
  explanation:
    "The load balancer sends users to release.hostname the moment its stack is applied; its uptime checks and alarms come from monitoring-<env>. cdktf deploy and golive stacks order stacks by manifest.json's dependencies only: a traffic stack that does not depend on monitoring-<env>, directly or through another stack, may be applied first, and users arrive with nobody paged for an outage.",
  fix: "Synthesize again with golive synth (the traffic stack declares monitoring as a stack it needs); never edit manifest.json by hand.",
  check({ env }) {
    const monitoring = stackName(MONITORING_STACK_KIND, env.env);
    if (!env.stacks.some((s) => s.name === monitoring)) return notApplicable(`no ${monitoring} stack in this environment`);
    const byName = new Map(env.stacks.map((s) => [s.name, s]));
    // One load balancer per stack is enough to name it; a stack read without its manifest (an
    // in-memory model) has no dependencies to judge.
    const balancers = new Map(env.ofType("cloudflare_load_balancer").map((lb) => [lb.stack, lb]));
    if (balancers.size === 0) return notApplicable("no stack declares a cloudflare_load_balancer");
    const findings = [...balancers].flatMap(([name, lb]) => {
      const stack = byName.get(name);
      if (stack?.dependencies === undefined || dependsOn(stack, byName).has(monitoring)) return [];
      const direct = stack.dependencies.length === 0 ? "none" : stack.dependencies.join(", ");
      return [
        resourceFinding(
          lb,
          `${name} declares a cloudflare_load_balancer but does not depend on ${monitoring} in manifest.json (its dependencies: ${direct}), so cdktf deploy and golive stacks may apply it first: users reach the load balancer before its uptime checks and alarms exist`,
        ),
      ];
    });
    return outcome(findings);
  },
};
