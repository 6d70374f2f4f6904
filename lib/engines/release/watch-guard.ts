import type { AppliedWeights } from "../../features/release/break-glass";
import type { LoadBalancerSession } from "../../features/release/cloudflare-api";
import { ReleaseError } from "../../features/release/errors";
import { liveDrift } from "../../features/release/live-drift";
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
 * Read before the first step and before the candidate pool is enabled: a load balancer that does not
 * serve what the config deploys (see liveDrift: a rollback made from another copy of the config, the
 * dashboard) stops the watch before it sends anything, so it never re-enables a pool someone drained
 * nor promotes a build someone rolled back.
 * @returns why the watch must not start (one line, with what to do), or undefined
 */
export async function liveDiffersFromConfig(
  session: LoadBalancerSession,
  source: ReleaseConfigFile,
  env: string,
): Promise<string | undefined> {
  const why = liveDrift(source.cfg, source.release, await session.served(), session.pool(source.release.candidate));
  if (why === undefined) return undefined;
  return (
    `the load balancer does not serve what ${source.label} deploys: ${why}. Nothing changed (no PATCH sent). ` +
    `If it was rolled back elsewhere (rollback --now from another copy of the config, the dashboard), merge that rollback's commit ` +
    `(git pull) and start a new build; if ${source.label} is right and Cloudflare is behind, deploy it first (${deployCommand(env)}); then run this again`
  );
}
