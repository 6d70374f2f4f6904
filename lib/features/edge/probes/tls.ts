import type { ChainCertificate, CheckResult, LegacyTlsObservation, TlsObservation } from "../../../core/verify/types";
import { fail, pass, skip } from "../../../core/verify/result";
import { quoted } from "../../../core/verify/quoted";
import { printable } from "../../../core/printable";

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
    : fail("tls.chain", host, untrusted(obs));
  return [version, chain, evaluateExpiry(obs, want)];
}

/** Up to five of the names a certificate was issued for, as they are shown (a served name is the server's text). */
function issuedFor(names: readonly string[] | undefined): string {
  if (names === undefined || names.length === 0) return "";
  const shown = names.slice(0, 5).map((n) => printable(n.slice(0, 253)));
  return `${shown.join(", ")}${names.length > 5 ? ` and ${names.length - 5} more` : ""}; `;
}

/**
 * Why the certificate failed. Node checks the name only once the chain verified (tls.connect's
 * checkServerIdentity runs when OpenSSL reported no error), so a name mismatch is a trusted
 * certificate for other names, whose causes at the edge are few and each has its fix.
 */
function untrusted(obs: TlsObservation): string {
  const issuer = obs.issuer ?? "?";
  if (obs.authorizationError !== "ERR_TLS_CERT_ALTNAME_INVALID")
    return `certificate not trusted: ${obs.authorizationError ?? "unknown reason"} (issuer ${issuer})`;
  return `certificate not valid for ${obs.host}: trusted (issuer ${issuer}) but issued for other names (${issuedFor(obs.names)}ERR_TLS_CERT_ALTNAME_INVALID); a proxied name two or more labels below the zone needs edge.advancedCertificate (Universal SSL covers the zone and its first-level names only), a hostname added minutes ago still waits for its edge certificate, and a DNS-only record answers with the origin's own certificate`;
}

/** The certificate above the leaf that expires first, when one expires before the leaf; `role` says where it stands. */
function earlierIssuer(
  obs: TlsObservation,
  leafEnd: number,
): { readonly cert: ChainCertificate; readonly role: string; readonly end: number } | undefined {
  let first: { cert: ChainCertificate; role: string; end: number } | undefined;
  for (const cert of (obs.chain ?? []).slice(1)) {
    const end = cert.validTo === undefined ? NaN : Date.parse(cert.validTo);
    if (!Number.isNaN(end) && end < (first?.end ?? leafEnd)) first = { cert, role: cert.selfIssued ? "root" : "intermediate", end };
  }
  return first;
}

/**
 * The leaf and every certificate it is chained to must stay valid more than `minDaysLeft` days: a
 * client verifies the whole chain, so it fails on the first certificate to expire, the intermediate
 * the server sends included (RFC 5280 6.1.3: each certificate of the path must be within its validity).
 * The chain the probe gives ends at the trust anchor (probe/tls.ts chainOf): what is sent beyond it is
 * not on the path and not judged.
 */
function evaluateExpiry(obs: TlsObservation, want: TlsExpectations): CheckResult {
  const host = obs.host;
  const leafEnd = obs.validTo === undefined ? NaN : Date.parse(obs.validTo);
  if (Number.isNaN(leafEnd)) return fail("tls.expiry", host, "the certificate has no readable expiry date");
  const issuer = earlierIssuer(obs, leafEnd);
  const end = issuer?.end ?? leafEnd;
  const what = issuer === undefined ? "certificate" : `${issuer.role} certificate ${quoted(issuer.cert.name)} of the chain`;
  const leafDate = new Date(leafEnd).toISOString().slice(0, 10);
  const but = issuer === undefined ? "" : ` (the certificate itself is valid until ${leafDate}; clients verify the whole chain)`;
  const days = Math.floor((end - want.now.getTime()) / DAY_MS);
  const when = new Date(end).toISOString().slice(0, 10);
  if (days < 0) return fail("tls.expiry", host, `${what} expired on ${when}${but}`);
  if (days < want.minDaysLeft) {
    return fail("tls.expiry", host, `${what} expires on ${when}, in ${days} days; needs more than ${want.minDaysLeft}${but}`);
  }
  const leafDays = Math.floor((leafEnd - want.now.getTime()) / DAY_MS);
  const chainNote = issuer === undefined ? "" : `; the chain until ${when} (${what}, ${days} days)`;
  return pass("tls.expiry", host, `certificate valid until ${leafDate} (${leafDays} days)${chainNote}`);
}

/** Connection errors say nothing about TLS versions: they must not count as a refusal. */
const UNREACHABLE: readonly string[] = ["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT"];

/**
 * What proves the server refuses the version itself: its protocol_version alert (70, RFC 8446 6.2),
 * or an answer at a version this client did not offer (OpenSSL "unsupported protocol", "wrong version
 * number"). Any other TLS error (handshake_failure: no cipher in common) says nothing about versions.
 */
const VERSION_REFUSED =
  /ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION|ERR_SSL_UNSUPPORTED_PROTOCOL|ERR_SSL_WRONG_VERSION_NUMBER|alert protocol version|unsupported protocol|wrong version number/i;

/** A handshake offering only TLS 1.0-1.1 must end in a refusal of the version, not a connection error or another TLS error. */
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
  const error = obs.error ?? "handshake failed";
  if (!VERSION_REFUSED.test(error)) {
    return skip(
      "tls.legacy-refused",
      obs.host,
      `the TLS 1.0/1.1 handshake failed (${error}), but not with a protocol_version alert: the server may speak TLS 1.0/1.1 with what this client cannot offer; refusal not proven`,
    );
  }
  return pass("tls.legacy-refused", obs.host, `TLS 1.1 refused (${error})`);
}
