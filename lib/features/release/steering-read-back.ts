import { type AppliedWeights, apiErrorOf, type CloudflareApiError } from "./break-glass";
import type { LoadBalancerSession } from "./cloudflare-api";
import type { ReleaseState } from "./state";
import { type ServedSteering, servesApplied, steeringText } from "./steering";

// Apart from cloudflare-api.ts (types only from there), so the watch's steps and rollback use it
// without loading the SDK until the session is opened.

/** What a steering PATCH left, as far as the API can tell. */
export type SteeringOutcome =
  /** Accepted; or its answer lost and the load balancer, read back, serving it (`readBack` says so). */
  | { readonly applied: AppliedWeights; readonly readBack?: string }
  /** Not applied: read back, the load balancer serves `served`. */
  | { readonly failed: CloudflareApiError; readonly served: ServedSteering }
  /** Failed, and reading the load balancer back failed too: what it serves is unknown. */
  | { readonly failed: CloudflareApiError; readonly unreadable: CloudflareApiError };

/** A steering PATCH that did not land, or whose outcome could not be read back. */
export type SteeringNotApplied = Exclude<SteeringOutcome, { readonly applied: AppliedWeights }>;

/**
 * Sets the load balancer to `target` (session.apply). After a failed PATCH the outcome is unknown: the
 * SDK retries 5xx and lost connections, so a retry Cloudflare applied whose answer was lost fails the
 * call though the change landed. The load balancer is then read back (GET) and the change counts as
 * applied when it serves it, exactly as `editPool` reads a pool back. `what` names the change in the
 * note (`the rollback`, `the 10% step`). Any other error (an answer of an unexpected shape, a bug) is
 * read back the same way: the PATCH may have landed, and a crash would leave that unsaid.
 */
export async function applyReadingBack(session: LoadBalancerSession, target: ReleaseState, what: string): Promise<SteeringOutcome> {
  try {
    return { applied: await session.apply(target) };
  } catch (thrown) {
    const err = apiErrorOf(thrown, `setting ${what}`);
    const back = await readServed(session);
    if ("unreadable" in back) return { failed: err, unreadable: back.unreadable };
    const { served } = back;
    const want = session.steering(target);
    if (!servesApplied(served, want)) return { failed: err, served };
    return {
      applied: { loadBalancerId: session.loadBalancerId, zoneId: session.zoneId, ...want },
      readBack: `the PATCH's answer was lost (${err.message}), but the load balancer read back serves ${what}: ${steeringText(served)}`,
    };
  }
}

/**
 * The load balancer read back (session.served): what it serves, or the error that kept it from being
 * read (any error: what it serves is then unknown), for the caller to say so.
 */
export async function readServed(
  session: LoadBalancerSession,
): Promise<{ readonly served: ServedSteering } | { readonly unreadable: CloudflareApiError }> {
  try {
    return { served: await session.served() };
  } catch (err) {
    return { unreadable: apiErrorOf(err, "reading the load balancer back") };
  }
}
