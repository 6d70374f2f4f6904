import type CloudflareSdk from "cloudflare";

/**
 * Cloudflare's public API (v4), which every command that calls it uses unless --api-base-url or
 * $CLOUDFLARE_BASE_URL points elsewhere (lib/cli/cloudflare-base-url.ts): a plain string, so the
 * commands' help can name it without loading the SDK.
 * https://developers.cloudflare.com/fundamentals/api/how-to/make-api-calls/
 */
export const DEFAULT_API_BASE_URL = "https://api.cloudflare.com/client/v4";

/** The official SDK's client class (a type only: the SDK itself loads on first use, cloudflareSdk()). */
export type Cloudflare = CloudflareSdk;

/**
 * The official SDK, loaded on first use: its ~800 modules cost about half a second, which only the
 * commands that call the API (preflight, release --now/--watch) should pay, not `--help` or `release status`.
 * (require, not import(): the .ts loader of bin/golive.js resolves require only.)
 */
export function cloudflareSdk(): typeof CloudflareSdk {
  return require("cloudflare") as typeof CloudflareSdk;
}

/** Where and how a command reaches the Cloudflare API. */
export interface CloudflareApiOptions {
  readonly token: string;
  /** The API base URL (a local stand-in in tests; checked by the CLI: https, or http on loopback). */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /** Retries of 429/5xx/timeouts, with the SDK's backoff. */
  readonly maxRetries: number;
}

/** The official SDK's client with exactly this token: the SDK never mixes in CLOUDFLARE_API_KEY/EMAIL from the process. */
export function cloudflareClient(o: CloudflareApiOptions): Cloudflare {
  const Sdk = cloudflareSdk();
  return new Sdk({
    apiToken: o.token,
    apiKey: null,
    apiEmail: null,
    userServiceKey: null,
    baseURL: o.baseUrl,
    timeout: o.timeoutMs,
    maxRetries: o.maxRetries,
  });
}
