import { isRecord } from "../../core/json";
import { joinPath } from "../../core/plan/attribute-diff";
import { coversAll, type Mask } from "../../core/plan/marks";
import type { ResourceChange } from "../../core/plan/schema";

/**
 * What a release step (a shift, a promotion, a rollback, `--drain`) changes in the traffic stack, per
 * resource type: desiredTraffic makes the load balancer's pools, fallback and weights depend on release
 * state, and a colour pool's description (its build) and `enabled` (drained); nothing else
 * (__tests__/release/release-changes.spec.ts synthesizes the states and holds this list to them).
 * rollback.yml applies its plan with no pull request reviewed first: `golive plan --release-only` makes
 * sure it applies a rollback and nothing else main may hold (an origin address merged but never deployed).
 */
export const RELEASE_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  cloudflare_load_balancer: ["default_pools", "fallback_pool", "random_steering"],
  cloudflare_load_balancer_pool: ["description", "enabled"],
};

/**
 * Attributes of those types the API computes and the traffic stack leaves to it (computed in the
 * provider's schema.go, v5.14.0, and not declared by the constructs): a provider without
 * UseStateForUnknown plans them "known after apply" on any update. Only becoming unknown passes; a known
 * new value is a change like any other. `[]` stands for every position of a list.
 */
export const API_COMPUTED: Readonly<Record<string, readonly string[]>> = {
  cloudflare_load_balancer: [
    "id",
    "created_on",
    "modified_on",
    "zone_name",
    "ttl",
    "country_pools",
    "networks",
    "pop_pools",
    "region_pools",
    "rules",
  ],
  cloudflare_load_balancer_pool: [
    "id",
    "created_on",
    "modified_on",
    "disabled_at",
    "networks",
    "notification_email",
    "notification_filter",
    "origins[].disabled_at",
  ],
};

/** A change --release-only refuses: the address and the attribute path (`origins[0].address`), never a value. */
export interface BeyondRelease {
  readonly address: string;
  /** The attribute path, or undefined when the whole resource is outside a release (another type). */
  readonly path?: string;
  /** "changes" or "becomes known after apply" (a value golive declares, now unknown: what sets it is not a release). */
  readonly what: string;
}

interface Leaf {
  readonly path: string;
  /** The path with `[]` for list positions, as API_COMPUTED lists them. */
  readonly shape: string;
  readonly unknown: boolean;
}

const listed = (mask: Mask, i: number): Mask => (Array.isArray(mask) ? mask[i] : undefined);
const keyed = (mask: Mask, key: string): Mask => (isRecord(mask) ? mask[key] : undefined);

/** Every leaf that differs between `before` and `after`, or that `unknown` (after_unknown) marks. */
function differing(before: unknown, after: unknown, unknown: Mask, path: string, shape: string, out: Leaf[]): void {
  if (coversAll(unknown)) {
    out.push({ path, shape, unknown: true });
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    for (const [i, b] of before.entries()) differing(b, after[i], listed(unknown, i), `${path}[${i}]`, `${shape}[]`, out);
    return;
  }
  if (isRecord(before) && isRecord(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after), ...(isRecord(unknown) ? Object.keys(unknown) : [])]);
    for (const k of keys) differing(before[k], after[k], keyed(unknown, k), joinPath(path, k), joinPath(shape, k), out);
    return;
  }
  // Scalars (an exact number is a symbol, the same for the same digits), or a list or object that
  // changed length or shape: one change at this path.
  if (before !== after && !(isEmpty(before) && isEmpty(after))) out.push({ path, shape, unknown: false });
}

/** Absent or null: Terraform writes an unset attribute either way. */
const isEmpty = (value: unknown): boolean => value === undefined || value === null;

/** The top-level attribute a path starts with. */
const rootOf = (path: string): string => /^[^.[]*/.exec(path)?.[0] ?? path;

/**
 * The in-place updates of a plan's managed resources that do more than a release step: any attribute
 * outside RELEASE_ATTRIBUTES that changes, or becomes unknown where API_COMPUTED does not list it; any
 * resource of another type updated at all. Other actions (create, destroy, replace, import) are
 * `--updates-only`'s to refuse, which --release-only implies; no-ops and reads pass.
 */
export function beyondRelease(changes: readonly ResourceChange[]): BeyondRelease[] {
  const out: BeyondRelease[] = [];
  for (const rc of changes) {
    const [action, ...more] = rc.change.actions;
    if (rc.mode !== "managed" || action !== "update" || more.length > 0) continue;
    const allowed = RELEASE_ATTRIBUTES[rc.type];
    if (allowed === undefined) {
      out.push({ address: rc.address, what: "would be updated" });
      continue;
    }
    const computed = API_COMPUTED[rc.type] ?? [];
    const leaves: Leaf[] = [];
    differing(rc.change.before, rc.change.after, rc.change.after_unknown, "", "", leaves);
    for (const leaf of leaves) {
      if (allowed.includes(rootOf(leaf.path)) || (leaf.unknown && computed.includes(leaf.shape))) continue;
      out.push({ address: rc.address, path: leaf.path, what: leaf.unknown ? "would become known after apply" : "would change" });
    }
  }
  return out;
}
