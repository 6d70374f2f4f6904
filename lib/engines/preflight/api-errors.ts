import { cloudflareSdk } from "../../core/cloudflare-client";

/** A failed read: `message` names the step and what to do, and is safe to print (no token, no headers). */
export class PreflightApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PreflightApiError";
  }
}

/** One read preflight makes, with the token permission it needs (the dashboard's names). */
export interface ApiStep {
  readonly what: string;
  readonly permission: string;
}

export interface RetryBudget {
  readonly timeoutMs: number;
  readonly maxRetries: number;
}

function tries(budget: RetryBudget): string {
  return budget.maxRetries === 0 ? "" : ` (after ${budget.maxRetries} ${budget.maxRetries === 1 ? "retry" : "retries"})`;
}

/** Turns an SDK error into one actionable line: token scope on 401/403, wait on 429, later on 5xx, the bound on a timeout. */
export function explainApiError(err: unknown, step: ApiStep, budget: RetryBudget): PreflightApiError {
  if (err instanceof PreflightApiError) return err;
  const Cloudflare = cloudflareSdk();
  const at = `${step.what}: `;
  if (err instanceof Cloudflare.AuthenticationError || err instanceof Cloudflare.PermissionDeniedError)
    return new PreflightApiError(
      `${at}the Cloudflare API refused the token (HTTP ${err.status}); CLOUDFLARE_API_TOKEN must be current and have ${step.permission} (preflight only reads: a read-only token is enough)`,
    );
  if (err instanceof Cloudflare.APIConnectionTimeoutError)
    return new PreflightApiError(
      `${at}the Cloudflare API did not answer within ${budget.timeoutMs} ms${tries(budget)}; check the network, or raise --timeout-ms`,
    );
  if (err instanceof Cloudflare.APIConnectionError)
    return new PreflightApiError(`${at}cannot reach the Cloudflare API${tries(budget)}; check the network and --api-base-url`);
  if (err instanceof Cloudflare.RateLimitError)
    return new PreflightApiError(
      `${at}rate-limited by the Cloudflare API (HTTP 429)${tries(budget)}; wait a few minutes and run preflight again (it changes nothing)`,
    );
  if (err instanceof Cloudflare.APIError && typeof err.status === "number") {
    if (err.status >= 500)
      return new PreflightApiError(
        `${at}the Cloudflare API answered HTTP ${err.status}${tries(budget)}; it may be having trouble (https://www.cloudflarestatus.com): run preflight again later`,
      );
    // Cloudflare's own error text ("Invalid zone identifier"), never the request.
    const said = err.errors
      .map((e) => e.message)
      .filter((m) => typeof m === "string" && m !== "")
      .join("; ");
    return new PreflightApiError(`${at}the Cloudflare API answered HTTP ${err.status}${said ? `: ${said}` : ""}`);
  }
  // The SDK parses a JSON content type itself (core.js defaultParseResponse): a cut-off or garbled body
  // throws there, as node-fetch's FetchError of type "invalid-json" (or a SyntaxError).
  if (err instanceof SyntaxError || (err instanceof Error && "type" in err && err.type === "invalid-json"))
    return new PreflightApiError(
      `${at}the Cloudflare API answered with a body that is not valid JSON; nothing was compared and no file was written or removed: run preflight again`,
    );
  return new PreflightApiError(`${at}${err instanceof Error ? err.message : String(err)}`);
}
