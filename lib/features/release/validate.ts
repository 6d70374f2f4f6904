import type { AppConfig } from "../../config/schema";
import { describeRange } from "../../core/ip-ranges";
import { universalSslProblem } from "../edge/certificate-coverage";
import { desiredEdgeRecords } from "../edge/dns-records";
import { originFormatProblem } from "../edge/validate/hostnames";
import { unproxiableRange } from "../edge/validate/public-addresses";
import { type ConfigIssue, formatPath } from "../../core/issues";
import { isInZone, isWildcard } from "../../core/names";
import { lowestTierWhere, TIER_LIMITS } from "../edge/tiers";
import { MAX_MONITOR_INTERVAL, type ReleaseConfig } from "./schema";
import { COLOURS, hasOrigins, otherColour, phaseOf } from "./state";

const ADDRESS_RECORD_TYPES: readonly string[] = ["A", "AAAA", "CNAME"];

/** Cross-field rules of `release:`: a consistent state, provisioned colours, no hostname clash with the edge. */
export function validateRelease(cfg: AppConfig): ConfigIssue[] {
  const r = cfg.release;
  if (!r) return [];
  const issues: ConfigIssue[] = [];
  const add = (path: (string | number)[], message: string) => issues.push({ path: ["release", ...path], message });
  const zone = cfg.cloudflare.zone.name;
  // A load balancer is always proxied, so a name below the first level needs the advanced certificate.
  const uncovered = universalSslProblem(cfg, r.hostname);
  if (!isInZone(r.hostname, zone) || isWildcard(r.hostname)) {
    add(["hostname"], `"${r.hostname}" is not a name in the zone ${zone}; allowed: ${zone} or a name ending in .${zone}, no wildcard`);
  } else if (uncovered !== undefined) add(["hostname"], uncovered);
  // A load balancer takes precedence over a DNS record of the same name, which would then sit unused
  // and mislead whoever reads the zone; the edge stack must not declare one.
  for (const rec of desiredEdgeRecords(cfg)) {
    if (rec.name === r.hostname && ADDRESS_RECORD_TYPES.includes(rec.type)) {
      add(
        ["hostname"],
        `"${r.hostname}" also gets a ${rec.type} record from ${formatPath(rec.source)}; a load-balanced hostname must not have its own DNS record (remove it there or pick another hostname)`,
      );
      break;
    }
  }
  if (r.live === r.candidate) add(["candidate"], `"${r.candidate}" is also release.live; allowed: the other colour`);
  const sum = r.weights.blue + r.weights.green;
  if (sum !== 100) add(["weights"], `blue ${r.weights.blue} + green ${r.weights.green} = ${sum}; the weights must add up to 100`);
  else issues.push(...phaseIssues(r));
  if (!hasOrigins(r, r.live)) add(["pools", r.live, "origins"], `live colour "${r.live}" has no origins; allowed: at least one origin`);
  for (const c of COLOURS) {
    if (r.weights[c] > 0 && !hasOrigins(r, c))
      add(["weights", c], `${r.weights[c]}% for "${c}", which has no origins; allowed: 0 until release.pools.${c}.origins lists one`);
  }
  if (r.drained !== undefined) {
    // A drained (disabled) pool takes no traffic: it must not be what serves now or what a rollback serves.
    if (r.drained === r.live || r.drained === r.previous)
      add(
        ["drained"],
        `"${r.drained}" is also release.${r.drained === r.live ? "live" : "previous"}; allowed: the other colour (a drained pool serves nothing), or remove release.drained`,
      );
    else if (r.weights[r.drained] > 0)
      add(["drained"], `"${r.drained}" has ${r.weights[r.drained]}% of new sessions; a drained colour must have weight 0`);
    if (!hasOrigins(r, r.drained)) add(["drained"], `"${r.drained}" has no origins, so no pool to disable; remove release.drained`);
  }
  r.steps.forEach((s, i) => {
    const prev = r.steps[i - 1];
    if (prev !== undefined && s <= prev) add(["steps", i], `${s} is not above the step before it (${prev}); steps must ascend`);
  });
  if (r.steps[r.steps.length - 1] !== 100)
    add(["steps"], `the last step is ${r.steps[r.steps.length - 1]}; it must be 100 so promotion can finish`);
  // "when using value \"None\", the secure attribute can not be set to \"Never\"" (provider v5.14
  // load_balancer/schema.go, session_affinity_attributes.samesite): the API refuses the pair at apply.
  const affinity = r.sessionAffinity;
  if (affinity.samesite === "None" && affinity.secure === "Never")
    add(
      ["sessionAffinity", "secure"],
      `"Never" with samesite "None", which Cloudflare refuses; allowed: Always or Auto, or another samesite`,
    );
  const plan = cfg.cloudflare.plan;
  const minInterval = TIER_LIMITS[plan].monitorMinInterval;
  if (r.monitor.interval < minInterval) {
    const tier = lowestTierWhere((l) => l.monitorMinInterval <= r.monitor.interval);
    add(
      ["monitor", "interval"],
      `${r.monitor.interval}s is below the ${plan} plan's minimum of ${minInterval}s; allowed: ${minInterval} to ${MAX_MONITOR_INTERVAL}${tier ? ` (${r.monitor.interval}s needs ${tier} or higher)` : ""}`,
    );
  }
  if (r.monitor.timeout >= r.monitor.interval)
    add(["monitor", "timeout"], `${r.monitor.timeout}s is not below the interval (${r.monitor.interval}s)`);
  const seen = new Map<string, string>();
  for (const c of COLOURS) {
    r.pools[c].origins.forEach((o, i) => {
      const path = ["pools", c, "origins", i];
      const first = seen.get(o.name);
      if (first) add([...path, "name"], `"${o.name}" is already used by ${first}; origin names must be unique across pools`);
      else seen.set(o.name, `release.pools.${c}.origins[${i}]`);
      const format = originFormatProblem(o.address);
      if (format) add([...path, "address"], format);
      // "To set an internal/reserved address, virtual_network_id must also be set" (provider v5.14
      // load_balancer_pool/schema.go, origins.address); golive declares no virtual network.
      const range = unproxiableRange(o.address);
      if (range)
        add(
          [...path, "address"],
          `got "${o.address}", ${describeRange(range)}, which a Cloudflare pool cannot reach; allowed: a public IP address or a hostname (a CI runner that reaches the origins privately: promote --watch --origin-address)`,
        );
      if (o.address === r.hostname)
        add([...path, "address"], `"${o.address}" is the load-balanced hostname itself; give the origin server's address`);
    });
  }
  return issues;
}

/**
 * The state the release commands write, as a rule a hand edit must keep too (transitions.ts): while a
 * release is in flight or after a rollback, `previous` (the rollback target and the fallback pool) is
 * the live colour, never the candidate under test or the colour rolled back from; outside a release the
 * live colour serves all new sessions, as the load balancer then declares (traffic.ts serves only live
 * after a rollback, and would otherwise drop the other colour's weight while status showed it).
 */
function phaseIssues(r: ReleaseConfig): ConfigIssue[] {
  const phase = phaseOf(r);
  const issues: ConfigIssue[] = [];
  if (phase !== "idle" && r.previous !== r.live)
    issues.push({
      path: ["release", "previous"],
      message: `"${r.previous}" with release.phase ${phase}; allowed: "${r.live}" (release.live): ${phase === "releasing" ? "the candidate under test is never the rollback target or the fallback" : "the colour rolled back from is never the rollback target"}`,
    });
  const other = otherColour(r.live);
  if (phase !== "releasing" && r.weights[other] > 0)
    issues.push({
      path: ["release", "weights", other],
      message: `${r.weights[other]}% for "${other}" with release.phase ${phase}; allowed: 0 (release.live "${r.live}" serves every new session outside a release; golive release start or shift sends traffic to a candidate)`,
    });
  return issues;
}
