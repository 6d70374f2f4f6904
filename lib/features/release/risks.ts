import type { ChangeView } from "../../core/plan/changes";
import type { ResourceChange } from "../../core/plan/schema";
import { isRecord } from "../../core/json";
import { maskValue, UNKNOWN } from "../../core/plan/values";
import { afterOf, at, items, num, type RiskRule, str } from "../../platform/risks";

function weights(value: unknown): Map<string, number> {
  const pw = at(value, "random_steering", "pool_weights");
  const out = new Map<string, number>();
  if (isRecord(pw))
    for (const [pool, w] of Object.entries(pw)) {
      const n = num(w);
      if (n !== undefined) out.set(pool, n);
    }
  return out;
}

/** Weights known only after apply (`-> (known after apply)`), not unset: nothing to say they moved. */
function weightsUnknown(value: unknown): boolean {
  const steering = at(value, "random_steering");
  const pw = at(steering, "pool_weights");
  return (
    steering === UNKNOWN ||
    pw === UNKNOWN ||
    at(steering, "default_weight") === UNKNOWN ||
    (isRecord(pw) && Object.values(pw).includes(UNKNOWN))
  );
}

function pools(value: unknown): string[] {
  return items(at(value, "default_pools")).map((p) => str(p) ?? "?");
}

/**
 * A pool's origin at an address it did not have: users of the pool reach another server (release steps
 * change weights and enabled, never addresses). Addresses known only after apply say nothing.
 */
function originMoves(before: unknown, after: unknown): string[] {
  const had = new Map(items(at(before, "origins")).map((o) => [str(at(o, "name")), str(at(o, "address"))] as const));
  const known = new Set(had.values());
  const pool = str(at(after, "name")) ?? str(at(before, "name")) ?? "pool";
  return items(at(after, "origins")).flatMap((o) => {
    const [name, address] = [str(at(o, "name")), str(at(o, "address"))];
    if (address === undefined || known.has(address)) return [];
    const was = had.get(name);
    return [
      `${pool} origin ${name ?? "?"} address ${was === undefined ? "(new)" : JSON.stringify(was)} -> ${JSON.stringify(address)}: traffic goes to another server`,
    ];
  });
}

function weightMoves(change: ChangeView): string[] {
  const after = afterOf(change);
  if (after === null || change.kind === "create") return [];
  if (change.type === "cloudflare_load_balancer_pool") return originMoves(change.before, after);
  const out: string[] = [];
  const b = weights(change.before);
  const a = weights(after);
  const defB = num(at(change.before, "random_steering", "default_weight"));
  const defA = num(at(after, "random_steering", "default_weight"));
  const moved = weightsUnknown(after)
    ? []
    : [...new Set([...b.keys(), ...a.keys()])]
        .sort()
        .filter((p) => (b.get(p) ?? defB) !== (a.get(p) ?? defA))
        .map((p) => `${p} ${b.get(p) ?? defB ?? "(default)"} -> ${a.get(p) ?? defA ?? "(default)"}`);
  if (moved.length > 0) out.push(`pool weights moved: ${moved.join(", ")}`);
  const bp = pools(change.before);
  const ap = pools(after);
  if (Array.isArray(at(after, "default_pools")) && bp.join(",") !== ap.join(","))
    out.push(`default_pools [${bp.join(", ")}] -> [${ap.join(", ")}]`);
  return out;
}

export const lbWeightsMoved: RiskRule = {
  id: "lb-weights-moved",
  title: "Load-balancer traffic moved",
  explanation:
    "Weights or pool order decide which release serves users; a move is a release or a rollback. A pool origin at another address sends its users to another server.",
  types: ["cloudflare_load_balancer", "cloudflare_load_balancer_pool"],
  check: weightMoves,
  relabel: (changes) => {
    const names = poolNames(changes);
    return (detail) => labelPools(detail, names);
  },
};

/**
 * Pool id -> pool name (`opsbot-production-green`) from the plan's own `cloudflare_load_balancer_pool`
 * changes (unchanged pools are listed as no-ops with their values), so a weight move names colours
 * rather than 32-hex ids. Names under a sensitivity mask are never used.
 */
export function poolNames(changes: readonly ResourceChange[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const rc of changes) {
    if (rc.type !== "cloudflare_load_balancer_pool") continue;
    for (const v of [
      maskValue(rc.change.before ?? null, rc.change.before_sensitive),
      maskValue(rc.change.after ?? null, rc.change.after_sensitive, rc.change.after_unknown),
    ]) {
      const id = str(at(v, "id"));
      const name = str(at(v, "name"));
      if (id && name) out.set(id, name);
    }
  }
  return out;
}

/** A weight-move detail with every known pool id replaced by its pool's name. */
export function labelPools(detail: string, names: ReadonlyMap<string, string>): string {
  let out = detail;
  for (const [id, name] of names) out = out.split(id).join(name);
  return out;
}
