import Cloudflare from "cloudflare";

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
  return new Cloudflare({
    apiToken: o.token,
    apiKey: null,
    apiEmail: null,
    userServiceKey: null,
    baseURL: o.baseUrl,
    timeout: o.timeoutMs,
    maxRetries: o.maxRetries,
  });
}
