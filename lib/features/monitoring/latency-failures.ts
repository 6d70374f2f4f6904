import { ACCESS_TOKEN_ENV } from "../../platform/probes";

export const SET_PATH =
  "set monitoring.latency.path (or --health-path) to an endpoint the app answers with 2xx, without a login, such as /hooks/healthz";

/**
 * The timed requests that were answered, but not with a 2xx (a 3xx never gets here: it stops the
 * probe). They are failed samples like a timeout, but their fix is another: a path or a token, not the network.
 */
export interface Refusals {
  /** One status per such answer, in the order they came. */
  readonly statuses: readonly number[];
  /** The requests carried the Access service token. */
  readonly withToken: boolean;
}

export const NO_REFUSALS: Refusals = { statuses: [], withToken: false };

/** `18 answered 404, 2 answered 503 (not 2xx)`: each status once, in status order. */
export function answeredText(statuses: readonly number[]): string {
  const counts = new Map<number, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  const parts = [...counts].sort(([a], [b]) => a - b).map(([status, n]) => `${n} answered ${status}`);
  return `${parts.join(", ")} (not 2xx)`;
}

/**
 * What to do about answers that were not 2xx, undefined when there were none. Access answers 403 to a
 * service token its policy does not allow on the path (no login redirect: the token stood in for one).
 */
export function refusalFix(r: Refusals): string | undefined {
  if (r.statuses.length === 0) return undefined;
  const fixes: string[] = [];
  if (r.withToken && r.statuses.includes(403))
    fixes.push(
      `a 403 to the service token is Access refusing it when no policy allows it there: check that ${ACCESS_TOKEN_ENV.clientId} is a token of edge.access.serviceTokens whose paths hold the timed path`,
    );
  if (r.statuses.some((s) => s >= 500)) fixes.push("a 5xx is the app, or the edge in front of it, failing on that path");
  fixes.push(SET_PATH);
  return fixes.join("; ");
}
