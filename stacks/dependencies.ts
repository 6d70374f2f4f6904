import type { AppConfig } from "../lib/config/schema";

/** A stack kind another one needs deployed first, and why. */
export interface StackNeed {
  readonly kind: string;
  /** What the later stack reads or relies on; shown in tests and docs. */
  readonly reason: string;
  /** Only when this holds. @default always */
  readonly when?: (cfg: AppConfig) => boolean;
}

/**
 * What each stack kind reads or relies on that another stack of the same environment creates, so
 * `cdktf deploy` (parallel by default) never runs them side by side. Golive passes no values between
 * stacks (zone ids are looked up, role ARNs computed), so these are the only links between them. Every
 * stack also needs `bootstrap-<env>` when this environment bootstraps its state bucket (environmentNeeds).
 */
export const STACK_NEEDS: Readonly<Record<string, readonly StackNeed[]>> = {
  bootstrap: [],
  access: [],
  secrets: [{ kind: "access", reason: "runtime roles carry the permissions boundary access-<env> creates" }],
  edge: [],
  email: [{ kind: "edge", reason: "looks up the zone edge-<env> creates and writes records in it" }],
  monitoring: [
    { kind: "edge", reason: "looks up the zone edge-<env> creates (certificate alerts filter on it)" },
    {
      kind: "secrets",
      reason: "the deploy reads each alert webhook URL from a secret secrets-<env> creates",
      when: (cfg) => (cfg.monitoring?.alerts.webhooks.length ?? 0) > 0,
    },
  ],
  // Monitoring first: uptime checks and alarms are live before the load balancer sends users.
  traffic: [
    { kind: "edge", reason: "looks up the zone edge-<env> creates and puts the load balancer in it" },
    { kind: "monitoring", reason: "alerts are live before users arrive" },
  ],
};

/**
 * Kind -> the kinds it depends on, among the kinds this environment builds. A need whose stack is not
 * built (no monitoring section) is dropped: nothing of it exists to wait for.
 */
export function environmentNeeds(cfg: AppConfig, built: readonly string[]): Map<string, string[]> {
  const has = new Set(built);
  return new Map(
    built.map((kind) => {
      const own = (STACK_NEEDS[kind] ?? []).filter((n) => has.has(n.kind) && (n.when?.(cfg) ?? true)).map((n) => n.kind);
      const state = kind !== "bootstrap" && has.has("bootstrap") ? ["bootstrap"] : [];
      return [kind, [...state, ...own]];
    }),
  );
}
