import { tlsAlert } from "../../../core/error-code";
import type { CheckResult, HttpObservation } from "../../../core/verify/types";
import type { HandshakeObservation } from "../../../platform/probes";
import { redirectTarget } from "../../../core/verify/access-login";
import { fail, malformedIn, pass, skip } from "../../../core/verify/result";
import { isTunnelTarget, type OriginTarget } from "../origin-lockdown";
import type { OriginLockdown } from "../schema";

const CHECK = "origin.lockdown";
const PLAIN_CHECK = "origin.plain-http";

/**
 * Answers of an origin that refuses a caller without Cloudflare's client certificate (or, with
 * `access-jwt`, without an Access token): nginx answers 400 "No required SSL certificate was sent"
 * with `ssl_verify_client on` (495/496 internally), apps 401/403.
 */
export const REFUSAL_STATUSES: readonly number[] = [400, 401, 403, 495, 496];

/**
 * A refusal naming the client certificate: TLS 1.3's certificate_required (116, RFC 8446 6.2), which
 * nothing else causes.
 */
const CERTIFICATE_REQUIRED = "certificate_required";

/**
 * Alerts TLS 1.2 and older, which have no certificate_required, end a handshake offering no client
 * certificate with when the origin asked for one: handshake_failure (40: what an OpenSSL server sends,
 * measured with Node 20 / OpenSSL 3.0 requestCert and rejectUnauthorized at TLS 1.0 and 1.2; Apache's
 * SSLVerifyClient require alike), bad_certificate (42), certificate_unknown (46) or unknown_ca (48). A
 * server sends handshake_failure for nothing in common too (no group, no signature algorithm, an SNI it
 * does not serve), at its first flight, before any key is agreed: these count only after the keys were
 * (`keysAgreed`, measured on loopback: Node's 'keylog' fired before the alert of a TLS 1.2 requestCert
 * server, not before that of a server whose only group is brainpoolP256r1, secp256k1 or secp224r1).
 */
const CERTIFICATE_REFUSED_AFTER_KEYS = ["handshake_failure", "bad_certificate", "certificate_unknown", "unknown_ca"];

/** Whether a refused handshake shows the origin asked for a client certificate (by the alert, whatever OpenSSL's prefix). */
function certificateDemanded(error: string, keysAgreed: boolean): boolean {
  const alert = tlsAlert(error);
  return alert === CERTIFICATE_REQUIRED || (keysAgreed && alert !== undefined && CERTIFICATE_REFUSED_AFTER_KEYS.includes(alert));
}

/**
 * The TLS error of an HTTPS request that proves the origin asked for a client certificate: TLS 1.3's
 * certificate_required, which reaches the request rather than the handshake (the server judges the
 * client's certificate after the client's handshake is done); the message is matched too, for errors
 * whose code is not carried. TLS 1.2's refusals reach the request as EPROTO: the handshake step judges them.
 */
function refusedForCertificate(error: string): boolean {
  return tlsAlert(error) === CERTIFICATE_REQUIRED || /alert certificate required/i.test(error);
}

/**
 * A TLS client reading something other than TLS (OpenSSL "wrong version number", "http request"):
 * the port answers in plain text, to anyone, and Cloudflare's client certificate is never asked for.
 */
function notTls(error: string): boolean {
  return /WRONG_VERSION_NUMBER|wrong version number|ERR_SSL_HTTP_REQUEST|http request|packet length too long/i.test(error);
}

/**
 * Any other failed handshake, which proves nothing: a refusal of the version offered (protocol_version),
 * an error Node gives as EPROTO alone, a reset.
 */
function tlsFailed(error: string): boolean {
  return /^EPROTO$|ERR_SSL_|ERR_TLS_|alert /i.test(error);
}

/** What the probe's direct request goes without, as each `edge.originLockdown` has the origin judge it. */
export interface LockdownWording {
  /** What the request lacks that the origin must insist on. */
  readonly request: string;
  /** What a TLS refusal shows the origin insisted on. */
  readonly tls: string;
  /** What to change when the origin answered anyway. */
  readonly fix: string;
}

/**
 * The probe sends the same request under every lockdown: GET / with the hostname as SNI and Host, with
 * neither a client certificate nor an Access token. What it proves, and what fixes an origin that
 * answers, follow the lockdown (runbooks/deploy.md, "Origin lockdown"); tunnel origins are not called.
 */
export const LOCKDOWN_WORDING: Readonly<Record<OriginLockdown, LockdownWording>> = {
  "authenticated-origin-pulls": {
    request: "without Cloudflare's client certificate",
    tls: "without Cloudflare's client certificate",
    fix: "require the origin-pull certificate: a client certificate of the CA that signed edge.originPullCertificate (nginx: ssl_verify_client on)",
  },
  "access-jwt": {
    request: "without an Access JWT (no Cf-Access-Jwt-Assertion header)",
    tls: "without a client certificate",
    fix: "make the app refuse every request without a valid Cf-Access-Jwt-Assertion header (only the health-check path may answer without it), or move to authenticated-origin-pulls",
  },
  tunnel: {
    request: "that did not come through its Cloudflare Tunnel",
    tls: "without a client certificate",
    fix: "serve it only through its Cloudflare Tunnel (cloudflared) and accept no inbound connections",
  },
};

/**
 * One direct request to an origin, made like Cloudflare's but without its client certificate or an
 * Access token: any answer with content proves that a caller who knows the address skips Access and the
 * WAF. `lockdown` only words the result.
 */
export function evaluateOriginLockdown(
  target: OriginTarget,
  reached: HttpObservation | { readonly unresolved: string },
  lockdown: OriginLockdown,
): CheckResult {
  const words = LOCKDOWN_WORDING[lockdown];
  // The target is the origin alone; the hostname sent as SNI and Host is in the detail.
  const where = `https://${target.origin}/`;
  const as = `as ${target.hostname}`;
  if ("unresolved" in reached) return skip(CHECK, where, `not probed: ${reached.unresolved}; lockdown not shown`);
  if (reached.status === undefined) {
    const error = reached.error ?? "no answer";
    if (refusedForCertificate(error)) return pass(CHECK, where, `${as}: refused a TLS connection ${words.tls} (${error})`);
    if (notTls(error))
      return fail(
        CHECK,
        where,
        `${as}: answered the HTTPS port with something other than TLS (${error}), plain HTTP most likely: it serves anyone, no client certificate is asked for; ${words.fix} (runbooks/deploy.md, "Origin lockdown")`,
      );
    if (tlsFailed(error))
      return skip(
        CHECK,
        where,
        `${as}: the TLS handshake failed (${error}) without showing that the origin asked for a client certificate; lockdown not shown: check by hand: openssl s_client -connect <address>:443 -servername ${target.hostname} lists "Acceptable client certificate CA names" when the origin asks for one`,
      );
    const why = `${as}: could not reach the origin from here (${error}); lockdown not shown`;
    return skip(CHECK, where, `${why}, run verify where the origin's address is reachable`);
  }
  // A refusal refuses whatever fields it repeats (a Content-Type given twice, differently, included).
  if (REFUSAL_STATUSES.includes(reached.status)) {
    return pass(CHECK, where, `${as}: refused a request ${words.request} with ${reached.status}`);
  }
  return fail(
    CHECK,
    where,
    `${as}: answered ${reached.status} (${reached.bodyBytes} bytes) to a direct request ${words.request}: anyone who finds the address skips Access and the WAF; ${words.fix} (runbooks/deploy.md, "Origin lockdown")`,
  );
}

/** An observation of no HTTP answer, for a judgement made on a handshake's error alone. */
const NO_ANSWER: Omit<HttpObservation, "url"> = { method: "GET", headers: {}, bodyBytes: 0, bodySnippet: "", elapsedMs: 0 };

/**
 * What a handshake without a client certificate, offering every TLS version and cipher, shows on its
 * own: a refusal naming the client certificate passes (certificateDemanded), plain text on the HTTPS port fails (anyone is
 * served, no certificate asked for). Anything else, a completed handshake included (nginx's
 * `ssl_verify_client on` refuses with 400 after it, TLS 1.3 after the client's part), is for the HTTPS
 * request to show: undefined.
 */
export function evaluateOriginHandshake(
  target: OriginTarget,
  shaken: HandshakeObservation,
  lockdown: OriginLockdown,
): CheckResult | undefined {
  if (shaken.completed) return undefined;
  const where = `https://${target.origin}/`;
  const as = `as ${target.hostname}`;
  if (certificateDemanded(shaken.error, shaken.keysAgreed === true))
    return pass(
      CHECK,
      where,
      `${as}: refused a TLS handshake ${LOCKDOWN_WORDING[lockdown].tls} (${shaken.error}) that offered every version from TLS 1.0 and every cipher: the origin demands a client certificate`,
    );
  if (notTls(shaken.error)) return evaluateOriginLockdown(target, { ...NO_ANSWER, url: where, error: shaken.error }, lockdown);
  return undefined;
}

/**
 * What a plain-HTTP request to an origin may get without the app being served: the connection refused
 * or reset (nothing listens, or a firewall rejects it), a refusal status, or a redirect to https on the
 * same host (nothing but the redirect is sent). Anything else serves the app unencrypted and without
 * Cloudflare, and fails. No answer at all (a timeout, an unreachable network) proves nothing from here:
 * skipped, as for HTTPS.
 */
export function evaluateOriginPlainHttp(target: OriginTarget, reached: HttpObservation | { readonly unresolved: string }): CheckResult {
  const where = `http://${target.origin}/`;
  const as = `as ${target.hostname}`;
  if ("unresolved" in reached) return skip(PLAIN_CHECK, where, `not probed: ${reached.unresolved}; plain HTTP not shown closed`);
  if (reached.status === undefined) {
    const error = reached.error ?? "no answer";
    if (/^(ECONNREFUSED|ECONNRESET|EPIPE)$/.test(error))
      return pass(PLAIN_CHECK, where, `${as}: the connection was refused over plain HTTP (${error})`);
    return skip(
      PLAIN_CHECK,
      where,
      `${as}: no answer over plain HTTP from here (${error}); not shown closed, run verify where the origin's address is reachable`,
    );
  }
  if (REFUSAL_STATUSES.includes(reached.status))
    return pass(PLAIN_CHECK, where, `${as}: refused a plain-HTTP request with ${reached.status}`);
  // A redirect with two different Locations leads nowhere a client agrees on: not only a redirect to https.
  const malformed = reached.status >= 300 && reached.status < 400 ? malformedIn(reached, ["location"]) : undefined;
  if (malformed !== undefined)
    return fail(
      PLAIN_CHECK,
      where,
      `${as}: answered a direct plain-HTTP request with ${malformed}; neither refused nor only a redirect to https: close port 80 to everyone, or answer only a redirect to https on the same host (runbooks/deploy.md, Origin lockdown)`,
    );
  const location = reached.headers.location;
  const to = location === undefined ? undefined : redirectTarget(location, reached.url);
  const sameHost = to !== undefined && [target.hostname, target.origin].includes(to.hostname);
  if (reached.status >= 300 && reached.status < 400 && to?.protocol === "https:" && sameHost)
    return pass(PLAIN_CHECK, where, `${as}: plain HTTP only redirects to https (${reached.status} -> ${to.origin}${to.pathname})`);
  return fail(
    PLAIN_CHECK,
    where,
    `${as}: answered ${reached.status}${location === undefined ? "" : ` -> ${location}`} (${reached.bodyBytes} bytes) to a direct plain-HTTP request: the origin serves the app unencrypted to anyone who finds its address, skipping Access and the WAF; close port 80 to everyone (Cloudflare reaches the origin over HTTPS), or answer only a redirect to https on the same host (runbooks/deploy.md, Origin lockdown)`,
  );
}

/** How verify reaches an origin; injected, so the network code stays in the verify engine. */
export interface OriginProbeIo {
  resolve(name: string): Promise<{ readonly address: string } | { readonly error: string }>;
  /** GET https://<address>/ (every TLS version and cipher offered) or http://, with `hostname` as SNI and Host, no client certificate. */
  get(hostname: string, address: string): Promise<HttpObservation>;
}

/** How verify calls an origin directly over HTTPS: a handshake of its own first, when given. */
export interface LockdownProbeIo extends OriginProbeIo {
  /** A handshake without a client certificate offering every TLS version and cipher (probeOpenHandshake). */
  handshake?(hostname: string, address: string): Promise<HandshakeObservation>;
}

/** Each origin resolved and judged by `judge` (tunnels have no address to call: skipped). */
function probeEachOrigin(
  check: string,
  targets: readonly OriginTarget[],
  io: OriginProbeIo,
  judge: (target: OriginTarget, reached: { readonly address: string } | { readonly unresolved: string }) => Promise<CheckResult>,
): Promise<CheckResult[]> {
  return Promise.all(
    targets.map(async (target) => {
      if (isTunnelTarget(target.origin))
        return skip(check, target.origin, "a Cloudflare Tunnel has no address to call directly: nothing to probe");
      const resolved = await io.resolve(target.origin);
      return judge(target, "error" in resolved ? { unresolved: resolved.error } : resolved);
    }),
  );
}

/**
 * Direct HTTPS requests to every origin (`originTargets`), without a client certificate or an Access
 * token, worded for `lockdown` (`edge.originLockdown`): the handshake first (`io.handshake`), which
 * decides when it names a client-certificate demand or plain text, then GET / judged on its answer.
 * @default authenticated-origin-pulls, the schema's default
 */
export function checkOriginLockdown(
  targets: readonly OriginTarget[],
  io: LockdownProbeIo,
  lockdown: OriginLockdown = "authenticated-origin-pulls",
): Promise<CheckResult[]> {
  return probeEachOrigin(CHECK, targets, io, async (target, reached) => {
    if ("unresolved" in reached) return evaluateOriginLockdown(target, reached, lockdown);
    const shaken = io.handshake === undefined ? undefined : await io.handshake(target.hostname, reached.address);
    const shown = shaken === undefined ? undefined : evaluateOriginHandshake(target, shaken, lockdown);
    return shown ?? evaluateOriginLockdown(target, await io.get(target.hostname, reached.address), lockdown);
  });
}

/** Direct plain-HTTP requests to every origin: `io.get` sends GET http://<address>/ with `hostname` as Host. */
export function checkOriginPlainHttp(targets: readonly OriginTarget[], io: OriginProbeIo): Promise<CheckResult[]> {
  return probeEachOrigin(PLAIN_CHECK, targets, io, async (target, reached) =>
    evaluateOriginPlainHttp(target, "unresolved" in reached ? reached : await io.get(target.hostname, reached.address)),
  );
}
