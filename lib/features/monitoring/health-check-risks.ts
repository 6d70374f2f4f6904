/**
 * What weakens an uptime check (`aws_route53_health_check`, constructs/uptime-checks.ts): the edge-down
 * alarm reads its HealthCheckStatus, so a check that can no longer say "down", or says it later or about
 * something else, silences the alarm. Route 53 API reference, HealthCheckConfig: Disabled ("Route 53
 * considers the status of the health check to always be healthy"), Inverted, FailureThreshold,
 * RequestInterval (https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html).
 *
 * Read alike in a plan (every attribute, the provider's defaults filled in) and a configuration diff
 * (`cdk.tf.json` as written, an unset attribute absent: `disabled: null -> true`): an unset value is
 * Route 53's default, so both raise the same flags and the deploy's applied-plan gate finds them
 * reviewed. A value known only after apply is not judged.
 */
import type { ChangeView } from "../../core/plan/changes";
import { bool } from "../../core/json";
import { UNKNOWN } from "../../core/plan/values";
import { afterOf, at, isTemplate, num, show, str, unset } from "../../platform/risks";

export const HEALTH_CHECK_TYPE = "aws_route53_health_check";

/** Route 53's defaults (HealthCheckConfig): what an unset attribute means. */
const DEFAULT_FAILURE_THRESHOLD = 3;
const DEFAULT_REQUEST_INTERVAL = 30;

/**
 * What the check probes: another value checks another endpoint or asks it less (a TCP type no longer
 * reads the response, a dropped search_string no longer matches the body). `regions` is left out: it
 * moves the checkers, not what they check.
 */
const TARGET: readonly string[] = ["type", "fqdn", "ip_address", "port", "resource_path", "search_string"];

/** `health check opsbot-production app app.example.com`: its Name tag (the console's name), else its target. */
function checkName(change: ChangeView): string {
  return str(at(change.before, "tags", "Name")) ?? str(at(change.before, "fqdn")) ?? str(at(change.before, "ip_address")) ?? change.address;
}

/** A boolean turned on that was off (unset is off), or set by an expression that may turn it on. */
function turnedOn(before: unknown, after: unknown, attr: string): "on" | "template" | undefined {
  const [was, now] = [at(before, attr), at(after, attr)];
  if (now === UNKNOWN || bool(was) === true) return undefined;
  if (bool(now) === true) return "on";
  return isTemplate(now) && now !== was ? "template" : undefined;
}

/** A number raised, an unset one read as `fallback`. */
function raised(before: unknown, after: unknown, attr: string, fallback: number): [number, number] | undefined {
  const [was, now] = [at(before, attr), at(after, attr)];
  if (now === UNKNOWN) return undefined;
  const [b, a] = [unset(was) ? fallback : num(was), unset(now) ? fallback : num(now)];
  return b !== undefined && a !== undefined && a > b ? [b, a] : undefined;
}

/** Flags of an `aws_route53_health_check` change; a new check weakens nothing. */
export function healthCheckWeakened(change: ChangeView): string[] {
  const name = `health check ${checkName(change)}`;
  if (change.kind === "delete") return [`${name} deleted: its alarm no longer hears when ${show(at(change.before, "fqdn"))} is down`];
  const after = afterOf(change);
  if (after === null || change.kind === "create") return [];
  const before = change.before;
  const out: string[] = [];
  const disabled = turnedOn(before, after, "disabled");
  if (disabled === "on")
    out.push(`${name}: disabled (disabled = true): Route 53 reports it healthy whatever the endpoint does, its alarm never fires`);
  if (disabled === "template") out.push(`${name}: disabled set by the expression ${at(after, "disabled")}: may disable it`);
  const inverted = turnedOn(before, after, "invert_healthcheck");
  if (inverted === "on") out.push(`${name}: inverted (invert_healthcheck): reports healthy while the endpoint is down`);
  if (inverted === "template")
    out.push(`${name}: invert_healthcheck set by the expression ${at(after, "invert_healthcheck")}: may invert it`);
  const failures = raised(before, after, "failure_threshold", DEFAULT_FAILURE_THRESHOLD);
  if (failures) out.push(`${name}: failure_threshold ${failures[0]} -> ${failures[1]}: needs more failed checks before it reports down`);
  const interval = raised(before, after, "request_interval", DEFAULT_REQUEST_INTERVAL);
  if (interval) out.push(`${name}: request_interval ${interval[0]}s -> ${interval[1]}s: checks less often, reports down later`);
  for (const attr of TARGET) {
    const [was, now] = [at(before, attr), at(after, attr)];
    // A port the provider fills in (unset in the configuration) is compared only when both sides name one.
    if (now === UNKNOWN || (attr === "port" && (num(was) === undefined || num(now) === undefined))) continue;
    // 443 and "443" alike: a configuration diff may write a number as a string.
    if ((unset(was) && unset(now)) || String(was) === String(now)) continue;
    out.push(`${name}: ${attr} ${show(unset(was) ? undefined : was)} -> ${show(unset(now) ? undefined : now)}: checks something else`);
  }
  return out;
}
