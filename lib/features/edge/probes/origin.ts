import type { CheckResult, HttpObservation } from "../../../core/verify/types";
import { fail, pass, skip } from "../../../core/verify/result";
import { isTunnelTarget, type OriginTarget } from "../origin-lockdown";

const CHECK = "origin.lockdown";

/**
 * Answers of an origin that refuses a caller without Cloudflare's client certificate (or, with
 * `access-jwt`, without an Access token): nginx answers 400 "No required SSL certificate was sent"
 * with `ssl_verify_client on` (495/496 internally), apps 401/403.
 */
export const REFUSAL_STATUSES: readonly number[] = [400, 401, 403, 495, 496];

/**
 * A TLS alert from the server: it asked for a client certificate and got none. Node reports it as
 * ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED (TLS 1.3) or EPROTO "alert handshake failure" (TLS 1.2);
 * the message is matched too, for errors whose code is not carried.
 */
function refusedAtTls(error: string): boolean {
  return /ERR_SSL_|EPROTO|alert (certificate required|handshake failure|bad certificate|unknown ca)/i.test(error);
}

/**
 * One direct request to an origin, made like Cloudflare's but without its client certificate: any
 * answer with content proves that a caller who knows the address skips Access and the WAF.
 */
export function evaluateOriginLockdown(target: OriginTarget, reached: HttpObservation | { readonly unresolved: string }): CheckResult {
  // The target is the origin alone; the hostname sent as SNI and Host is in the detail.
  const where = `https://${target.origin}/`;
  const as = `as ${target.hostname}`;
  if ("unresolved" in reached) return skip(CHECK, where, `not probed: ${reached.unresolved}; lockdown not shown`);
  if (reached.status === undefined) {
    const error = reached.error ?? "no answer";
    if (refusedAtTls(error))
      return pass(CHECK, where, `${as}: refused a TLS connection without Cloudflare's client certificate (${error})`);
    const why = `${as}: could not reach the origin from here (${error}); lockdown not shown`;
    return skip(CHECK, where, `${why}, run verify where the origin's address is reachable`);
  }
  if (REFUSAL_STATUSES.includes(reached.status)) {
    return pass(CHECK, where, `${as}: refused a request without Cloudflare's client certificate with ${reached.status}`);
  }
  return fail(
    CHECK,
    where,
    `${as}: answered ${reached.status} (${reached.bodyBytes} bytes) to a direct request without Cloudflare's client certificate: anyone who finds the address skips Access and the WAF; require the origin-pull certificate (runbooks/deploy.md)`,
  );
}

/** How verify reaches an origin; injected, so the network code stays in the verify engine. */
export interface OriginProbeIo {
  resolve(name: string): Promise<{ readonly address: string } | { readonly error: string }>;
  /** GET https://<address>/ with `hostname` as SNI and Host, no client certificate. */
  get(hostname: string, address: string): Promise<HttpObservation>;
}

/** Direct requests to every origin (`originTargets`); tunnels have no address to call and are skipped. */
export async function checkOriginLockdown(targets: readonly OriginTarget[], io: OriginProbeIo): Promise<CheckResult[]> {
  return Promise.all(
    targets.map(async (target) => {
      if (isTunnelTarget(target.origin))
        return skip(CHECK, target.origin, "a Cloudflare Tunnel has no address to call directly: nothing to probe");
      const resolved = await io.resolve(target.origin);
      if ("error" in resolved) return evaluateOriginLockdown(target, { unresolved: resolved.error });
      return evaluateOriginLockdown(target, await io.get(target.hostname, resolved.address));
    }),
  );
}
