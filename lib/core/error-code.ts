/**
 * A Node error's `code` (ENOTFOUND, ECONNRESET...), else its message: one short word for reports.
 * Read by shape, not `instanceof Error`: an error made by Node's own modules is not an instance of
 * another realm's Error (a jest test's, a vm context's), and was reported whole, as "Error: write EPROTO ...".
 */
export function errorCode(err: unknown): string {
  if (typeof err === "object" && err !== null) {
    if ("code" in err && typeof err.code === "string") return err.code;
    if ("message" in err && typeof err.message === "string") return err.message;
  }
  return String(err);
}

/**
 * Node's certificate verification codes (src/crypto/crypto_common.cc, X509ErrorCode), which a TLS
 * socket's error carries as its `code` when the peer's certificate is refused.
 */
const CERT_VERIFY_CODES: ReadonlySet<string> = new Set([
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_CRL",
  "UNABLE_TO_DECRYPT_CERT_SIGNATURE",
  "UNABLE_TO_DECRYPT_CRL_SIGNATURE",
  "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY",
  "CERT_SIGNATURE_FAILURE",
  "CRL_SIGNATURE_FAILURE",
  "CERT_NOT_YET_VALID",
  "CERT_HAS_EXPIRED",
  "CRL_NOT_YET_VALID",
  "CRL_HAS_EXPIRED",
  "ERROR_IN_CERT_NOT_BEFORE_FIELD",
  "ERROR_IN_CERT_NOT_AFTER_FIELD",
  "ERROR_IN_CRL_LAST_UPDATE_FIELD",
  "ERROR_IN_CRL_NEXT_UPDATE_FIELD",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "CERT_CHAIN_TOO_LONG",
  "CERT_REVOKED",
  "INVALID_CA",
  "PATH_LENGTH_EXCEEDED",
  "INVALID_PURPOSE",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "HOSTNAME_MISMATCH",
]);

/** Codes of a connection never made: refused, unroutable, a name that does not resolve. */
const NO_CONNECTION_CODES: ReadonlySet<string> = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * Whether an error's code (`errorCode`) ends a connection before any request byte is written: no
 * connection, a TLS handshake OpenSSL or Node refused (EPROTO, ERR_SSL_*, ERR_TLS_*), or a certificate
 * the client refused. Exact codes only: a message (an error that carries none) is not read, so a word
 * in it (a host name holding "cert") decides nothing.
 */
export function endsBeforeRequest(code: string): boolean {
  return code === "EPROTO" || /^ERR_(SSL|TLS)_[A-Z0-9_]+$/.test(code) || CERT_VERIFY_CODES.has(code) || NO_CONNECTION_CODES.has(code);
}

/**
 * The TLS alert an OpenSSL error code names, lower-case as RFC 8446 6.2 writes it (`handshake_failure`),
 * or undefined. Node builds the code from OpenSSL's reason text, whose prefix for the SSLv3-era alerts
 * changed in OpenSSL 3.2 ("sslv3 alert handshake failure" -> "ssl/tls alert handshake failure"):
 * measured, a TLS 1.2 server refusing a missing client certificate gives ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE
 * on Node 20 (OpenSSL 3.0.19) and ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE on Node 22 (OpenSSL 3.5.9);
 * the TLSV1_ and TLSV13_ codes kept their names.
 */
export function tlsAlert(code: string): string | undefined {
  return /^ERR_SSL_(?:SSLV3|SSL\/TLS|TLSV1|TLSV13)_ALERT_([A-Z_]+)$/.exec(code)?.[1]?.toLowerCase();
}
