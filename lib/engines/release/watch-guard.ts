import type { AppliedWeights } from "../../features/release/break-glass";
import type { LoadBalancerSession } from "../../features/release/cloudflare-api";
import { ReleaseError } from "../../features/release/errors";
import { liveDrift, rolledBackMark } from "../../features/release/live-drift";
import { servesApplied, steeringText } from "../../features/release/steering";
import type { ReleaseConfigFile } from "./config-file";
import { deployCommand } from "./report";

/**
 * Read before every step after the first, and before a completion is reported: a change this watch
 * did not make (a `rollback --now` from another machine, the dashboard) stops it, so a later step never
 * undoes an operator's rollback. The API has no compare-and-set for load balancers, so a change landing
 * between this read and the next PATCH (milliseconds) can still be overwritten.
 * @returns why the watch must stop, or undefined when the API serves what it last applied
 */
export async function changedElsewhere(session: LoadBalancerSession, last: AppliedWeights, env: string): Promise<string | undefined> {
  const now = await session.served();
  if (servesApplied(now, last)) return undefined;
  return (
    `the load balancer changed outside this watch: it serves ${steeringText(now)}, this watch last set ${steeringText(last)} ` +
    `(a rollback --now from elsewhere, or the dashboard); stopped without further changes. The config this run wrote no longer ` +
    `says what is live: do not merge it; keep the change made elsewhere (golive release status ${env}, and the dashboard)`
  );
}

/**
 * After a failed step PATCH the outcome is unknown (the answer may be lost after the API applied it):
 * the load balancer is read back and described as it is, never as assumed.
 */
export async function afterFailedStep(session: LoadBalancerSession): Promise<string> {
  try {
    return `the load balancer now serves ${steeringText(await session.served())} (read back)`;
  } catch (err) {
    if (!(err instanceof ReleaseError)) throw err;
    return `what the load balancer serves is unknown (reading it back failed too: ${err.message}): check it in the dashboard`;
  }
}

/**
 * Read before the first step and before the candidate pool is enabled: a candidate pool marked by a
 * rollback (rolledBackMark: every `rollback --now` marks the colour it takes traffic from, until a
 * deploy of the traffic stack clears it), or a load balancer that does not serve what the config
 * deploys (liveDrift: a rollback, the dashboard), stops the watch before it sends anything, so it never
 * re-enables a pool someone drained nor promotes a build someone rolled back.
 * @returns why the watch must not start (one line, with what to do), or undefined
 */
export async function liveDiffersFromConfig(
  session: LoadBalancerSession,
  source: ReleaseConfigFile,
  env: string,
): Promise<string | undefined> {
  const colour = source.release.candidate;
  const pool = session.pool(colour);
  const at = rolledBackMark(pool);
  if (at !== undefined)
    return (
      `Cloudflare's ${colour} pool ${pool.name} is marked rolled back: its description reads ${JSON.stringify(pool.description)}, ` +
      `written by a rollback --now at ${at} (from this copy of the config or another; who made it is not known). Nothing changed (no PATCH sent). ` +
      `A new release on ${colour} needs its start deployed first: have the config that holds the rollback merged (git pull), start the build, ` +
      `and deploy it (${deployCommand(env)}), which writes the pool's description from the config and clears the mark; then run this again`
    );
  const why = liveDrift(source.cfg, source.release, await session.served(), pool);
  if (why === undefined) return undefined;
  return (
    `the load balancer does not serve what ${source.label} deploys: ${why}. Nothing changed (no PATCH sent). ` +
    `If it was rolled back (rollback --now or the dashboard, from this copy of the config or another), have the config that holds ` +
    `that rollback merged (git pull) and start a new build; if ${source.label} is right and Cloudflare is behind, deploy it first ` +
    `(${deployCommand(env)}); then run this again`
  );
}
