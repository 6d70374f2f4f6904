import { isRecord } from "../../lib/core/json";
import { fixtureText } from "./fixtures";

/** The green pool's address in the cdktf edge plan fixture (the traffic constructs' ids). */
export const GREEN_POOL = "cloudflare_load_balancer_pool.Traffic_Pool-green_5E6F7A8C";
export const LOAD_BALANCER = "cloudflare_load_balancer.Traffic_LoadBalancer_5E6F7A8B";

/** What the plan does to the green pool besides the load balancer's weight change. */
export type GreenPool = "no-op" | "drain" | "replace" | "delete" | "create";

type Json = Record<string, unknown>;

function record(value: unknown, what: string): Json {
  if (!isRecord(value)) throw new Error(`cdktf/edge-production.json: ${what} is not an object`);
  return { ...value };
}

/** The green pool's change, as Terraform writes each action (shapes as in tf-changes.json, real terraform). */
function greenChange(before: Json, kind: GreenPool): Json {
  // Values known only after apply are left out of `after` and marked in `after_unknown`, as Terraform does.
  const { id: _id, ...planned } = before;
  switch (kind) {
    case "no-op":
      return { actions: ["no-op"], before, after: before, after_unknown: {}, before_sensitive: {}, after_sensitive: {} };
    case "drain":
      return {
        actions: ["update"],
        before,
        after: { ...before, enabled: false },
        after_unknown: {},
        before_sensitive: {},
        after_sensitive: {},
      };
    case "replace":
      // account_id is the pool's one RequiresReplace attribute (terraform-provider-cloudflare v5,
      // internal/services/load_balancer_pool/schema.go): origins and weights change in place.
      return {
        actions: ["delete", "create"],
        before,
        after: { ...planned, account_id: "fedcba9876543210fedcba9876543210" },
        after_unknown: { id: true },
        before_sensitive: {},
        after_sensitive: {},
        replace_paths: [["account_id"]],
      };
    case "delete":
      return { actions: ["delete"], before, after: null, after_unknown: {}, before_sensitive: {}, after_sensitive: false };
    case "create":
      return {
        actions: ["create"],
        before: null,
        after: planned,
        after_unknown: { id: true },
        before_sensitive: false,
        after_sensitive: {},
      };
  }
}

/**
 * A `traffic-<env>` plan (`terraform show -json` JSON) cut from the cdktf edge plan fixture: its load
 * balancer update (weights moved: what a rollback does) and its two pools, the green one as `green` says.
 */
export function trafficPlan(green: GreenPool = "no-op"): string {
  const edge = record(JSON.parse(fixtureText("cdktf", "edge-production.json")), "the plan");
  const changes = (Array.isArray(edge.resource_changes) ? edge.resource_changes : [])
    .filter(isRecord)
    .filter((rc) => String(rc.type).startsWith("cloudflare_load_balancer"))
    .map((rc) => {
      if (rc.address !== GREEN_POOL) return rc;
      const before = record(record(rc.change, "a change").before, "the green pool's before");
      const action_reason = green === "replace" ? { action_reason: "replace_because_cannot_update" } : {};
      return { ...rc, change: greenChange(before, green), ...action_reason };
    });
  if (!changes.some((rc) => rc.address === LOAD_BALANCER) || !changes.some((rc) => rc.address === GREEN_POOL))
    throw new Error("cdktf/edge-production.json no longer holds the traffic load balancer and its green pool");
  const { output_changes: _outputs, ...rest } = edge;
  return JSON.stringify({ ...rest, resource_changes: changes });
}
