import type { CheckResult, LegacyTlsObservation, TlsObservation } from "../../../core/verify/types";
import { fail, pass, skip } from "../../../core/verify/result";

/** Protocols a client may negotiate; everything older is refused at the edge (min_tls_version 1.2). */
export const MODERN_TLS: readonly string[] = ["TLSv1.2", "TLSv1.3"];

const DAY_MS = 86_400_000;

export interface TlsExpectations {
  /** A certificate must stay valid at least this many more days. */
  readonly minDaysLeft: number;
  readonly now: Date;
}

/** Negotiated version, chain/name validity and expiry from one normal handshake. */
export function evaluateTls(obs: TlsObservation, want: TlsExpectations): CheckResult[] {
  const host = obs.host;
  if (obs.error !== undefined) {
    const why = `no TLS handshake: ${obs.error}`;
    return [fail("tls.version", host, why), fail("tls.chain", host, why), fail("tls.expiry", host, why)];
  }
  const protocol = obs.protocol ?? "unknown";
  const version = MODERN_TLS.includes(protocol)
    ? pass("tls.version", host, `negotiated ${protocol}`)
    : fail("tls.version", host, `negotiated ${protocol}; allowed: ${MODERN_TLS.join(", ")}`);
  const chain = obs.authorized
    ? pass("tls.chain", host, `certificate valid for ${host}, issued by ${obs.issuer ?? "?"}`)
    : fail("tls.chain", host, `certificate not trusted: ${obs.authorizationError ?? "unknown reason"} (issuer ${obs.issuer ?? "?"})`);
  return [version, chain, evaluateExpiry(host, obs.validTo, want)];
}

function evaluateExpiry(host: string, validTo: string | undefined, want: TlsExpectations): CheckResult {
  const end = validTo === undefined ? NaN : Date.parse(validTo);
  if (Number.isNaN(end)) return fail("tls.expiry", host, "the certificate has no readable expiry date");
  const days = Math.floor((end - want.now.getTime()) / DAY_MS);
  const when = new Date(end).toISOString().slice(0, 10);
  if (days < 0) return fail("tls.expiry", host, `certificate expired on ${when}`);
  if (days < want.minDaysLeft) {
    return fail("tls.expiry", host, `certificate expires on ${when}, in ${days} days; needs more than ${want.minDaysLeft}`);
  }
  return pass("tls.expiry", host, `certificate valid until ${when} (${days} days)`);
}

/** Connection errors say nothing about TLS versions: they must not count as a refusal. */
const UNREACHABLE: readonly string[] = ["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT"];

/** A handshake offering only TLS 1.1 must fail with a TLS error, not a connection error. */
export function evaluateLegacyTls(obs: LegacyTlsObservation): CheckResult {
  if (obs.clientCannotOffer) {
    return skip("tls.legacy-refused", obs.host, `this client cannot offer TLS 1.1 (${obs.error ?? "no protocols"}); not proven`);
  }
  if (obs.error !== undefined && (UNREACHABLE.includes(obs.error) || obs.error.startsWith("timeout"))) {
    return fail("tls.legacy-refused", obs.host, `could not connect (${obs.error}); refusal of TLS 1.1 not shown`);
  }
  if (obs.accepted) {
    return fail(
      "tls.legacy-refused",
      obs.host,
      `the server accepted a ${obs.protocol ?? "TLS 1.1"} handshake; TLS 1.0/1.1 must be refused`,
    );
  }
  return pass("tls.legacy-refused", obs.host, `TLS 1.1 refused (${obs.error ?? "handshake failed"})`);
}
