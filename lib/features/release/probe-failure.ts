import { tlsAlert } from "../../core/error-code";
import { type ProbeSample, probeSucceeded } from "./analysis";

/** Why a direct probe of an origin failed, as far as the answer (or its absence) tells. */
export type ProbeFailureCause =
  /** The origin wants a TLS client certificate and got none (Authenticated Origin Pulls, mTLS). */
  | "client-certificate-required"
  /** A client certificate was sent and the origin refused it (not signed by a CA it trusts). */
  | "client-certificate-refused"
  /** The origin's own certificate did not verify (unknown CA, wrong name, expired). */
  | "server-certificate"
  /** HTTP 400/401/403: the origin refused the request (an origin lockdown may answer so). */
  | "refused"
  /** No connection or no answer in time. */
  | "unreachable"
  /** Any other answer outside 2xx/3xx: the app is not healthy. */
  | "unhealthy";

/**
 * TLS alerts a server sends when it requires a client certificate: TLS 1.3 `certificate_required`
 * (RFC 8446 section 4.4.2.4); a TLS 1.2 server (OpenSSL) sends `handshake_failure` instead. The others
 * reject the certificate sent (or, from some servers, its absence).
 */
const REQUIRED_ALERTS = ["certificate_required", "handshake_failure"];
const REJECTED_ALERTS = ["bad_certificate", "certificate_unknown", "unknown_ca", "access_denied", "unsupported_certificate"];
/** Node's codes for a server certificate that does not verify (tls.checkServerIdentity and OpenSSL's verify). */
const SERVER_CERT_ERRORS = [
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
];

/** The cause of a failed sample (undefined for a sample that succeeded). */
export function probeFailureCause(s: ProbeSample, sentClientCert: boolean): ProbeFailureCause | undefined {
  if (probeSucceeded(s)) return undefined;
  if (s.status !== undefined) return s.status === 400 || s.status === 401 || s.status === 403 ? "refused" : "unhealthy";
  const code = s.error ?? "";
  const alert = tlsAlert(code) ?? "";
  if (REQUIRED_ALERTS.includes(alert) || REJECTED_ALERTS.includes(alert))
    return sentClientCert ? "client-certificate-refused" : "client-certificate-required";
  // Some servers (Node's own) reset the connection instead of sending an alert when they reject the
  // client certificate; with one sent, that is the likelier cause.
  if (code === "ECONNRESET" && sentClientCert) return "client-certificate-refused";
  if (SERVER_CERT_ERRORS.includes(code)) return "server-certificate";
  return "unreachable";
}

/** What one failed sample says, for a report line: `green-1: ERR_SSL_... (the origin requires a client certificate)`. */
export function probeFailureText(s: ProbeSample, cause: ProbeFailureCause): string {
  const what = s.status !== undefined ? `HTTP ${s.status}` : (s.error ?? "no answer");
  const meaning: Record<ProbeFailureCause, string> = {
    "client-certificate-required": "the origin requires a TLS client certificate",
    "client-certificate-refused":
      s.error === "ECONNRESET"
        ? "the connection was reset: most likely the origin did not accept the client certificate"
        : "the origin did not accept the client certificate",
    "server-certificate": "the origin's certificate did not verify",
    refused:
      "the origin refused the request; an origin that requires a client certificate answers so when it is missing or not trusted, nginx with 400",
    unreachable: "no connection or no answer in time",
    unhealthy: "the app answered with an error",
  };
  return `${s.origin}: ${what} (${meaning[cause]})`;
}
