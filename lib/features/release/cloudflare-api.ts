import { cloudflareClient } from "../../core/cloudflare-client";
import { field, isRecord, items, str } from "../../core/json";
import { listedZones, pickZone, zoneListParams } from "../../core/cloudflare-zone-lookup";
import { listOfItems, shapeOf } from "../../core/cloudflare-answer-shape";
import type { AppConfig } from "../../config/schema";
import type { Colour, ReleaseConfig } from "./schema";
import type { ReleaseState } from "./state";
import { poolName } from "./traffic";
import {
  type AppliedPoolEdit,
  type AppliedPoolEnabled,
  type AppliedWeights,
  type BreakGlassOptions,
  CloudflareApiError,
  TOKEN_PERMISSION,
} from "./break-glass";
import { type PoolHealth, readPoolHealth } from "./pool-verdict";
import { type Attempts, step as stepOf } from "./cloudflare-call";
import type { PoolView } from "./pool-drift";
import { type ServedSteering, type Steering, steeringFor, steeringOverride, steeringPatch } from "./steering";

/** A colour pool as the API listed it (and as this session's own PATCHes left it). */
export interface ListedPool {
  readonly id: string;
  readonly name: string;
  /** Undefined when the API did not say (it always does for a real pool). */
  readonly enabled?: boolean;
  readonly description?: string;
}

/** A change to a colour pool: the two fields release commands set on pools. */
export type PoolEdit = { readonly enabled?: boolean; readonly description?: string };

/** What `edit` asks that the pool `now` does not have, in words (`has enabled true, not false`), or undefined. */
function poolDiffers(now: PoolView, edit: PoolEdit): string | undefined {
  const wrong = (["enabled", "description"] as const).filter((k) => edit[k] !== undefined && now[k] !== edit[k]);
  if (wrong.length === 0) return undefined;
  // The description wanted is in the call's own message: only what the pool has is worth repeating.
  return `has ${wrong.map((k) => (k === "enabled" ? `enabled ${String(now.enabled)}, not ${String(edit.enabled)}` : `description ${JSON.stringify(now.description ?? null)}`)).join(" and ")}`;
}

/** The load balancer and pools of one environment, looked up once; each change is then one PATCH. */
export interface LoadBalancerSession {
  readonly loadBalancerId: string;
  readonly zoneId: string;
  /** Sets the steering to `target`, as the traffic stack would after a deploy, and checks the answer (applyReadingBack reads a failed one back). */
  apply(target: ReleaseState): Promise<AppliedWeights>;
  /** The steering `apply(target)` sends, pools by colour. */
  steering(target: ReleaseState): Steering;
  /** What the load balancer serves now (a GET), pools named by colour. */
  served(): Promise<ServedSteering>;
  /** What the load balancer served when the session opened, from the look-up's list answer (no request of its own). */
  readonly listedSteering: ServedSteering;
  /**
   * Cloudflare's current health of a colour's pool. `once`: one attempt, no retry, waiting at most
   * `timeoutMs` (and never longer than the session's timeout): the rollback target's health, read while
   * a failing candidate waits for its rollback, which a slow API must not hold long.
   */
  poolHealth(colour: Colour, once?: { readonly timeoutMs: number }): Promise<PoolHealth>;
  /** A colour's pool as listed when the session opened, updated by `editPool`. */
  pool(colour: Colour): ListedPool;
  /** A colour's pool as the API has it now (a GET): a rollback's mark made by another run since the session opened. */
  readPool(colour: Colour): Promise<PoolView>;
  /**
   * PATCHes a colour's pool and checks the answer; a failed PATCH is read back (GET), so an answer lost
   * after the API applied it is reported as applied (`readBack`), and anything else says what the pool has.
   */
  editPool(colour: Colour, edit: PoolEdit): Promise<AppliedPoolEdit>;
  /** Enables or disables a colour's pool (`enabled`, as the traffic stack declares it): `editPool`. */
  setPoolEnabled(colour: Colour, enabled: boolean): Promise<AppliedPoolEnabled>;
}

/**
 * Finds the zone (unless pinned; by name within cloudflare.accountId), the load balancer named `release.hostname` and the colour pools.
 * `promote --watch` keeps the session, so its rollback is a single request.
 */
export async function openLoadBalancer(cfg: AppConfig, release: ReleaseConfig, o: BreakGlassOptions): Promise<LoadBalancerSession> {
  // An answer that says it failed (HTTP 200, `success: false`) or holds no result fails its call like a 4xx.
  const client = cloudflareClient(o, { requireResult: true });
  const each: Attempts = { retries: o.maxRetries, timeoutMs: o.timeoutMs };
  const step = <T>(name: string, permission: string, call: () => Promise<T>): Promise<T> => stepOf(name, permission, each, call);
  const lookup = { name: cfg.cloudflare.zone.name, accountId: cfg.cloudflare.accountId };
  const zoneId =
    cfg.cloudflare.zone.id ??
    (await step(`looking up zone ${lookup.name}`, TOKEN_PERMISSION.zone, async () => {
      const page = await client.zones.list(zoneListParams(lookup));
      const zone = pickZone(listedZones(page.result), lookup);
      if (!zone) throw new CloudflareApiError(`zone ${lookup.name} of account ${lookup.accountId} not found with this token`);
      return zone.id;
    }));
  const { id: lb, found } = await step(`finding load balancer ${release.hostname}`, TOKEN_PERMISSION.readLoadBalancer, async () => {
    const page = await client.loadBalancers.list({ zone_id: zoneId });
    const found = listOfItems(page.result, ["id", "name"]).find((l) => l.name === release.hostname);
    if (!found) throw new CloudflareApiError(`no load balancer named ${release.hostname}; has traffic-${cfg.environment} been deployed?`);
    return { id: found.id, found };
  });
  const pools = await step("finding the colour pools", TOKEN_PERMISSION.readPools, async () => {
    const page = await client.loadBalancers.pools.list({ account_id: cfg.cloudflare.accountId });
    return listOfItems(page.result, ["id", "name"]);
  });
  const listed = new Map<Colour, ListedPool>();
  const pool = (c: Colour): ListedPool => {
    const known = listed.get(c);
    if (known) return known;
    const found = pools.find((p) => p.name === poolName(cfg, c));
    if (!found) throw new CloudflareApiError(`finding the colour pools: no pool named ${poolName(cfg, c)}`);
    const entry: ListedPool = {
      id: found.id,
      name: poolName(cfg, c),
      ...(typeof found.enabled === "boolean" ? { enabled: found.enabled } : {}),
      ...(typeof found.description === "string" ? { description: found.description } : {}),
    };
    listed.set(c, entry);
    return entry;
  };
  const idOf = (c: Colour): string => pool(c).id;
  const steering = (target: ReleaseState): Steering => steeringFor(cfg, release, target);
  const apply = async (target: ReleaseState): Promise<AppliedWeights> => {
    const model = steering(target);
    const body = steeringPatch(model, idOf);
    const poolWeights = body.random_steering.pool_weights;
    const what = `updating load balancer ${release.hostname}`;
    const updated = await step(what, TOKEN_PERMISSION.editLoadBalancer, async () =>
      objectAnswer(what, await client.loadBalancers.edit(lb, { zone_id: zoneId, ...body, default_pools: [...body.default_pools] })),
    );
    // A rule made in the dashboard applies before the steering: the update landed, but it does not
    // serve what was asked, so the answer is read back (applyReadingBack) and the rule named.
    const override = steeringOverride(servedOf(updated));
    if (override !== undefined) throw new CloudflareApiError(`the API accepted the update, BUT ${override}`);
    const served = updated.random_steering?.pool_weights ?? {};
    for (const c of model.defaultPools) {
      // The API may leave a zero weight out of its answer: absent reads as 0, and floats compare loosely.
      if (Math.abs((served[idOf(c)] ?? 0) - (poolWeights[idOf(c)] ?? 0)) > 1e-9) {
        throw new CloudflareApiError(
          `the API accepted the update but reports weight ${String(served[idOf(c)])} for ${c}, expected ${String(poolWeights[idOf(c)])}; check the load balancer in the dashboard`,
        );
      }
    }
    return {
      loadBalancerId: lb,
      zoneId,
      poolWeights: model.poolWeights,
      defaultPools: model.defaultPools,
      fallbackPool: model.fallbackPool,
    };
  };
  /** A load balancer as the API answered it (a GET, or the look-up's list), pools named by colour. */
  const steeringOf = (now: unknown): ServedSteering => {
    const colourOf = new Map<string, string>();
    for (const c of ["blue", "green"] as const) {
      const found = pools.find((p) => p.name === poolName(cfg, c));
      if (found) colourOf.set(found.id, c);
    }
    const named = (id: string): string => colourOf.get(id) ?? `pool ${id}`;
    const poolWeights: Record<string, number> = {};
    const weights = field(field(now, "random_steering"), "pool_weights");
    for (const [id, w] of Object.entries(isRecord(weights) ? weights : {})) if (typeof w === "number") poolWeights[named(id)] = w;
    return {
      defaultPools: items(field(now, "default_pools")).map((id) => named(String(id))),
      fallbackPool: named(str(field(now, "fallback_pool")) ?? ""),
      poolWeights,
      ...servedOf(now),
    };
  };
  const served = async (): Promise<ServedSteering> => {
    const what = `reading load balancer ${release.hostname}`;
    return steeringOf(
      await step(what, TOKEN_PERMISSION.readLoadBalancer, async () =>
        objectAnswer(what, await client.loadBalancers.get(lb, { zone_id: zoneId })),
      ),
    );
  };
  const poolHealth = (colour: Colour, once?: { readonly timeoutMs: number }): Promise<PoolHealth> => {
    const bound: Attempts = once ? { retries: 0, timeoutMs: Math.min(once.timeoutMs, o.timeoutMs) } : each;
    return stepOf(`reading the health of pool ${poolName(cfg, colour)}`, TOKEN_PERMISSION.readPools, bound, async () =>
      readPoolHealth(
        await client.loadBalancers.pools.health.get(
          idOf(colour),
          { account_id: cfg.cloudflare.accountId },
          once ? { maxRetries: 0, timeout: bound.timeoutMs } : undefined,
        ),
      ),
    );
  };
  const editPool = async (colour: Colour, edit: PoolEdit): Promise<AppliedPoolEdit> => {
    const { id, name } = pool(colour);
    const what =
      edit.enabled === undefined ? `marking pool ${name} in its description` : `${edit.enabled ? "enabling" : "disabling"} pool ${name}`;
    let now: PoolView;
    let readBack: string | undefined;
    try {
      now = await step(what, TOKEN_PERMISSION.editPools, async () =>
        objectAnswer(what, await client.loadBalancers.pools.edit(id, { account_id: cfg.cloudflare.accountId, ...edit })),
      );
    } catch (err) {
      // The outcome is unknown (the answer may be lost after the API applied it): the pool is read back.
      if (!(err instanceof CloudflareApiError)) throw err;
      now = await readPoolBack(id, name, err);
      const missing = poolDiffers(now, edit);
      if (missing !== undefined) throw new CloudflareApiError(`${err.message}; read back, pool ${name} ${missing}`);
      readBack = `the PATCH's answer was lost (${err.message}), but pool ${name} read back has the change`;
    }
    const missing = poolDiffers(now, edit);
    if (missing !== undefined)
      throw new CloudflareApiError(`${what}: the API accepted the update but pool ${name} ${missing}; check it in the dashboard`);
    listed.set(colour, { ...pool(colour), ...edit });
    return { colour, poolId: id, ...edit, ...(readBack === undefined ? {} : { readBack }) };
  };
  const getPool = (id: string, what: string): Promise<PoolView> =>
    step(what, TOKEN_PERMISSION.readPools, async () =>
      objectAnswer(what, await client.loadBalancers.pools.get(id, { account_id: cfg.cloudflare.accountId })),
    );
  const readPool = (colour: Colour): Promise<PoolView> => getPool(idOf(colour), `reading pool ${pool(colour).name}`);
  const readPoolBack = (id: string, name: string, failed: CloudflareApiError): Promise<PoolView> =>
    getPool(id, `reading pool ${name} back`).catch((err: unknown) => {
      if (!(err instanceof CloudflareApiError)) throw err;
      throw new CloudflareApiError(
        `${failed.message}; reading the pool back failed too (${err.message}), so whether the change landed is UNKNOWN: check pool ${name} in the dashboard`,
      );
    });
  const setPoolEnabled = async (colour: Colour, enabled: boolean): Promise<AppliedPoolEnabled> => ({
    ...(await editPool(colour, { enabled })),
    enabled,
  });
  const listedSteering = steeringOf(found);
  return { loadBalancerId: lb, zoneId, listedSteering, apply, steering, served, poolHealth, pool, readPool, editPool, setPoolEnabled };
}

/**
 * The object a call's answer holds (a load balancer, a pool); anything else (null, a list, a string)
 * fails the call as an API error does, so a change that may have landed is read back, never skipped by
 * a TypeError. The SDK's typings promise the object; the API's answer is what decides.
 */
function objectAnswer<T>(what: string, value: T): T {
  if (isRecord(value)) return value;
  throw new CloudflareApiError(`${what}: the Cloudflare API answered ${shapeOf(value)} where an object was expected`);
}

/** What decides before the weights on a load balancer as the API answers it: its steering policy and enabled rules. */
function servedOf(lb: unknown): Pick<ServedSteering, "steeringPolicy" | "rules"> {
  return {
    steeringPolicy: str(field(lb, "steering_policy")) ?? "",
    rules: items(field(lb, "rules"))
      .filter((r) => field(r, "disabled") !== true)
      .map((r, i) => str(field(r, "name")) ?? `rule ${i + 1}`),
  };
}
