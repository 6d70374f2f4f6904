import type { AppConfig } from "../../config/schema";
import { zoneLookupUrl } from "../../core/cloudflare-zone-lookup";
import type { Colour, ReleaseConfig } from "../../features/release/schema";
import { rolledBackDescription } from "../../features/release/pool-description";
import type { PoolEdit } from "../../features/release/cloudflare-api";
import { otherColour, type ReleaseState } from "../../features/release/state";
import { rollback, type RollbackOptions } from "../../features/release/transitions";
import { REAPPLY_LIMIT } from "../../features/release/rollback-hold";
import { steeringFor, steeringPatch } from "../../features/release/steering";
import { declaredPool, poolName } from "../../features/release/traffic";
import { readReleaseConfig } from "./config-file";
import { commitEdit, prepareEdit } from "./commit";
import type { ReleaseContext, ReleaseResult } from "./report";

/** One request `--now` / `--watch` would send; ids the API would be asked for are shown as {placeholders}. */
export interface PlannedCall {
  readonly method: "GET" | "PATCH" | "POST";
  readonly url: string;
  readonly why: string;
  /** Headers that say what the call is (CloudWatch's X-Amz-Target); authentication is never shown. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Record<string, unknown>;
  /** Set when the call is made only in some runs: when. */
  readonly when?: string;
}

export const poolId = (cfg: AppConfig, c: Colour) => `{id of pool ${poolName(cfg, c)}}`;

/** The look-ups cloudflare-api.ts `openLoadBalancer` makes, in its order. */
export function lookupCalls(cfg: AppConfig, release: ReleaseConfig, baseUrl: string): PlannedCall[] {
  const zone = cfg.cloudflare.zone;
  return [
    ...(zone.id
      ? []
      : [
          {
            method: "GET" as const,
            url: zoneLookupUrl(baseUrl, { name: zone.name, accountId: cfg.cloudflare.accountId }),
            why: `the id of zone ${zone.name} of account ${cfg.cloudflare.accountId}`,
          },
        ]),
    { method: "GET", url: `${baseUrl}/zones/${zone.id ?? "{zone_id}"}/load_balancers`, why: `the load balancer named ${release.hostname}` },
    { method: "GET", url: `${baseUrl}/accounts/${cfg.cloudflare.accountId}/load_balancers/pools`, why: "the ids of the colour pools" },
  ];
}

/** The PATCH `apply(target)` sends: the steering the traffic stack would deploy for `target`. */
export function steeringCall(cfg: AppConfig, release: ReleaseConfig, target: ReleaseState, baseUrl: string, why: string): PlannedCall {
  return {
    method: "PATCH",
    url: `${baseUrl}/zones/${cfg.cloudflare.zone.id ?? "{zone_id}"}/load_balancers/{load_balancer_id}`,
    why,
    body: steeringPatch(steeringFor(cfg, release, target), (c) => poolId(cfg, c)),
  };
}

/** The PATCH `editPool(colour, edit)` sends. */
export function poolCall(cfg: AppConfig, colour: Colour, edit: PoolEdit, baseUrl: string, why: string): PlannedCall {
  return {
    method: "PATCH",
    url: `${baseUrl}/accounts/${cfg.cloudflare.accountId}/load_balancers/pools/${poolId(cfg, colour)}`,
    why,
    body: { ...edit },
  };
}

/**
 * The PATCH markRolledBack sends after the traffic moved: the pool rolled back from marked in its
 * description (disabled too when `target` drains it); none when that colour has no pool.
 */
export function markCall(cfg: AppConfig, release: ReleaseConfig, target: ReleaseState, baseUrl: string): PlannedCall[] {
  const colour = otherColour(target.live);
  if (declaredPool(cfg, release, target, colour) === undefined) return [];
  const description = rolledBackDescription(cfg, colour, target.builds[colour], "<UTC time>");
  const why = `mark the ${colour} pool rolled back: promote --watch refuses it until a deploy of the traffic stack`;
  if (target.drained === colour)
    return [
      poolCall(
        cfg,
        colour,
        { enabled: false, description },
        baseUrl,
        `disable the ${colour} pool (drain): sessions pinned to it move at once; ${why}`,
      ),
    ];
  return [poolCall(cfg, colour, { description }, baseUrl, why)];
}

export function callLines(calls: readonly PlannedCall[]): string[] {
  return calls.map((c) => {
    const headers = Object.entries(c.headers ?? {}).map(([k, v]) => `${k}: ${v}`);
    const why = c.when === undefined ? c.why : `${c.why}; only ${c.when}`;
    const body = c.body ? `\n      ${JSON.stringify(c.body)}` : "";
    return `  ${c.method} ${c.url}${headers.length > 0 ? ` [${headers.join(", ")}]` : ""}  (${why})${body}`;
  });
}

/** `rollback --now --dry-run`: the edit as commitEdit reports it, and the requests, none of them sent. */
export function rollbackNowPlan(ctx: ReleaseContext, baseUrl: string, options: RollbackOptions = {}): ReleaseResult {
  const source = readReleaseConfig(ctx.configDir, ctx.env, ctx.cwd);
  const edit = prepareEdit(source, rollback(source.release, options));
  const calls = [
    ...lookupCalls(source.cfg, source.release, baseUrl),
    // As applyRollbackNow's enableRollbackTarget: a disabled pool takes no traffic.
    {
      ...poolCall(
        source.cfg,
        edit.transition.after.live,
        { enabled: true },
        baseUrl,
        `enable the ${edit.transition.after.live} pool, which the rollback sends every session to`,
      ),
      when: "if Cloudflare lists it disabled",
    },
    steeringCall(source.cfg, source.release, edit.transition.after, baseUrl, `all new sessions on ${edit.transition.after.live}`),
    // After the traffic moved and the config is written, as releaseRollback sends it (markPool).
    ...markCall(source.cfg, source.release, edit.transition.after, baseUrl),
    // Then read back (rollback-hold.ts): a step sent at the same time that landed after the rollback is overwritten again.
    {
      method: "GET" as const,
      url: `${baseUrl}/zones/${source.cfg.cloudflare.zone.id ?? "{zone_id}"}/load_balancers/{load_balancer_id}`,
      why: `read back: unless it serves the rollback, the rollback's PATCH again (at most ${REAPPLY_LIMIT} times), each read back`,
    },
  ];
  return commitEdit(ctx, edit, {
    json: { breakGlass: { applied: false, calls } },
    lines: [
      "Cloudflare API calls it would make, in this order (none sent, --dry-run); the config is written after the load balancer's PATCH, before the pool's:",
      ...callLines(calls),
    ],
  });
}
