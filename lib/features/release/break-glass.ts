import type { Colour } from "./schema";
import { ReleaseError } from "./errors";

// Kept apart from cloudflare-api.ts so that only `rollback --now` pays for loading the SDK.

export interface BreakGlassOptions {
  /** From CLOUDFLARE_API_TOKEN; never printed, never written anywhere. */
  readonly token: string;
  /** @default https://api.cloudflare.com/client/v4 (tests point it at 127.0.0.1) */
  readonly baseUrl: string;
  /** Per-request timeout in milliseconds. */
  readonly timeoutMs: number;
  /** Retries after 429, 5xx, connection errors and timeouts (the SDK backs off, honouring Retry-After). */
  readonly maxRetries: number;
}

/** What the API now serves, as read back from the PATCH response. */
export interface AppliedWeights {
  readonly loadBalancerId: string;
  readonly zoneId: string;
  readonly poolWeights: Readonly<Partial<Record<Colour, number>>>;
  readonly defaultPools: readonly Colour[];
  readonly fallbackPool: Colour;
}

/** A pool changed through the API (its `enabled`, its description, or both), as read back. */
export interface AppliedPoolEdit {
  readonly colour: Colour;
  readonly poolId: string;
  readonly enabled?: boolean;
  readonly description?: string;
  /** Set when the PATCH failed but the pool, read back (GET), already had the change: its answer was lost. */
  readonly readBack?: string;
}

/** A pool enabled or disabled through the API, as read back from the PATCH response (or the pool's GET). */
export interface AppliedPoolEnabled extends AppliedPoolEdit {
  readonly enabled: boolean;
}

/** A pool disabled by `rollback --now --drain`. */
export interface AppliedDrain extends AppliedPoolEnabled {
  readonly enabled: false;
}

/**
 * The token permission each call needs, as the Cloudflare API reference lists it under "Accepted
 * Permissions" (the dashboard calls the Write level "Edit"): Patch Load Balancer "Load Balancers
 * Write"; Patch Pool "Load Balancing: Monitors and Pools Write"; List Pools and Pool Health Details
 * "Load Balancing: Monitors and Pools Read" (Write also works)
 * (developers.cloudflare.com/api/resources/load_balancers/subresources/pools/methods/edit/).
 */
export const TOKEN_PERMISSION = {
  zone: "Zone Read on the zone",
  readLoadBalancer: "Load Balancers Read (or Edit) on the zone",
  editLoadBalancer: "Load Balancers Edit (API: Load Balancers Write) on the zone",
  readPools: "Load Balancing: Monitors and Pools Read (or Edit) on the account",
  editPools: "Load Balancing: Monitors and Pools Edit (API: Monitors and Pools Write) on the account",
} as const;

/** A failed break-glass call: `message` is safe to print (no token, no headers). */
export class CloudflareApiError extends ReleaseError {}

/**
 * A look-up `rollback --now` makes before any change failed (the zone, the load balancer, the colour
 * pools): nothing was sent and the config was not written. Its message says what failed; the caller
 * adds what to do, once for every look-up.
 */
export class LookupError extends CloudflareApiError {}

/**
 * `err` as a CloudflareApiError: itself, or anything else thrown while a call's answer was read (an
 * answer of a shape the SDK's typings do not allow, a bug) after `what`. Where a change may have landed,
 * every failure must take the path an API error takes (read back, write the config, say what to do).
 */
export function apiErrorOf(err: unknown, what: string): CloudflareApiError {
  return err instanceof CloudflareApiError ? err : new CloudflareApiError(`${what}: ${err instanceof Error ? err.message : String(err)}`);
}
