import { CloudflareEnvelopeError, cloudflareSdk } from "../../core/cloudflare-client";
import { apiErrorOf, CloudflareApiError } from "./break-glass";

/** How one API call was made: the retries it was allowed after its first attempt, and each attempt's timeout. */
export interface Attempts {
  readonly retries: number;
  readonly timeoutMs: number;
}

/** `one attempt, no retry` for a call allowed none, else what the retries came to. */
function tried(a: Attempts, retried: string): string {
  return a.retries === 0 ? "one attempt, no retry" : retried;
}

/**
 * One call's failure, in words: for a refused token, the permission this very call needs; for a call
 * that could not get through, how often it was tried (a call allowed no retry says so, not "every
 * retry").
 */
function explain(err: unknown, step: string, permission: string, a: Attempts): CloudflareApiError {
  if (err instanceof CloudflareApiError) return err;
  // An answer that says it failed (HTTP 200, `success: false`) is a refusal like a 4xx, in Cloudflare's own words.
  if (err instanceof CloudflareEnvelopeError) return new CloudflareApiError(`${step}: ${err.message}${apiErrorsText(err.errors)}`);
  const Cloudflare = cloudflareSdk();
  if (err instanceof Cloudflare.AuthenticationError || err instanceof Cloudflare.PermissionDeniedError) {
    return new CloudflareApiError(
      `${step}: the Cloudflare API refused the token (HTTP ${err.status}); this call needs ${permission}: check that CLOUDFLARE_API_TOKEN is current and has it`,
    );
  }
  if (err instanceof Cloudflare.APIConnectionTimeoutError) {
    return new CloudflareApiError(
      a.retries === 0
        ? `${step}: the Cloudflare API did not answer within ${a.timeoutMs} ms (one attempt, no retry)`
        : `${step}: the Cloudflare API did not answer in time (every retry timed out)`,
    );
  }
  if (err instanceof Cloudflare.APIConnectionError) {
    return new CloudflareApiError(`${step}: cannot reach the Cloudflare API (connection failed ${tried(a, "on every retry")})`);
  }
  if (err instanceof Cloudflare.RateLimitError) {
    const head =
      a.retries === 0
        ? `${step}: rate-limited by the Cloudflare API (HTTP 429; one attempt, no retry)`
        : `${step}: still rate-limited by the Cloudflare API (HTTP 429) after all retries`;
    return new CloudflareApiError(`${head}${blockedFor(err.headers?.["retry-after"])}`);
  }
  if (err instanceof Cloudflare.APIError && typeof err.status === "number") {
    const retried = err.status < 500 ? "" : a.retries === 0 ? " (one attempt, no retry)" : " after all retries";
    // A refusal (4xx) says why in Cloudflare's own words; a server error's words add nothing to its status.
    const why = err.status < 500 ? apiErrorsText(err.errors) : "";
    return new CloudflareApiError(`${step}: the Cloudflare API answered HTTP ${err.status}${retried}${why}`);
  }
  return apiErrorOf(err, step);
}

/**
 * How long Cloudflare blocks, from the 429's Retry-After: "all API calls for the next five minutes will
 * be blocked" (developers.cloudflare.com/fundamentals/api/reference/limits/). The SDK waits out a
 * Retry-After only under 60 s (its core.js), so the retries of a five-minute block are spent in
 * seconds: the message says when to try again.
 */
function blockedFor(retryAfter: string | null | undefined): string {
  const seconds = Number(retryAfter);
  if (retryAfter === undefined || retryAfter === null || !Number.isFinite(seconds) || seconds <= 0) return "";
  return `; Cloudflare blocks these API calls for ${Math.ceil(seconds)} s more (Retry-After): run it again after that`;
}

/** Cloudflare's own words for a refusal (`errors[].code` and `message`, at most three), as the preflight shows them. */
function apiErrorsText(errors: readonly { readonly code?: number; readonly message?: string }[] | undefined): string {
  const said = (errors ?? [])
    .slice(0, 3)
    .map((e) => [e.code === undefined ? "" : String(e.code), e.message ?? ""].filter((x) => x !== "").join(" "))
    .filter((x) => x !== "");
  return said.length === 0 ? "" : ` (${said.map((x) => JSON.stringify(x.slice(0, 200))).join(", ")})`;
}

/** Runs one API call named `name`; a failure becomes a CloudflareApiError saying what failed, in words. */
export async function step<T>(name: string, permission: string, a: Attempts, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw explain(err, name, permission, a);
  }
}
