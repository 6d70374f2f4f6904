import type { Colour } from "./schema";
import { ReleaseError } from "./errors";

// Kept apart from cloudflare-api.ts so that only `rollback --now` pays for loading the SDK.

export const DEFAULT_API_BASE_URL = "https://api.cloudflare.com/client/v4";

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

/** A pool disabled by `rollback --now --drain`, as read back from the PATCH response. */
export interface AppliedDrain {
  readonly colour: Colour;
  readonly poolId: string;
  readonly enabled: false;
}

/** A failed break-glass call: `message` is safe to print (no token, no headers). */
export class CloudflareApiError extends ReleaseError {}
