import { X509Certificate } from "node:crypto";
import { connect, type ConnectionOptions, type DetailedPeerCertificate, type PeerCertificate, type TLSSocket } from "node:tls";
import type { ChainCertificate, LegacyTlsObservation, TlsObservation } from "../../../core/verify/types";
import type { HandshakeObservation } from "../../../platform/probes";
import { errorCode } from "../../../core/error-code";
import { trustFor } from "../../../core/tls-trust";
import { anchorKey, type TrustAnchor, trustAnchors } from "./trust-anchors";

export interface TlsTarget {
  readonly host: string;
  readonly address: string;
  readonly port: number;
  /** Trusted CAs (system roots plus `--ca-file`); the system roots when absent. */
  readonly ca?: readonly string[];
  readonly timeoutMs: number;
}

/**
 * Every cipher this OpenSSL has, at security level 0 (where old protocols are allowed): with DEFAULT
 * only, a server that accepts TLS 1.0 with a cipher outside it (CAMELLIA128-SHA) answered
 * handshake_failure, which read as a refusal of the version.
 */
export const LEGACY_CIPHERS = "ALL:COMPLEMENTOFALL@SECLEVEL=0";

/**
 * A client that offers every protocol version from TLS 1.0 and every cipher (LEGACY_CIPHERS): a server
 * that still refuses its handshake refused it for something else than the versions and ciphers offered.
 */
export const ANY_TLS: Readonly<ConnectionOptions> = { minVersion: "TLSv1", ciphers: LEGACY_CIPHERS };

/** Errors raised before anything was sent: this client cannot speak TLS 1.1, so nothing is proven. */
const CLIENT_SIDE = ["ERR_SSL_NO_PROTOCOLS_AVAILABLE", "ERR_SSL_NO_CIPHERS_AVAILABLE", "ERR_TLS_INVALID_PROTOCOL_VERSION"];

/**
 * One bounded handshake; resolves with the secured socket or the error that ended it, and whether the
 * keys were agreed first (Node's 'keylog' event: under TLS 1.2 once the master secret exists, after the
 * server's first flight and the client's key exchange). Never rejects.
 */
function handshake(target: TlsTarget, extra: ConnectionOptions): Promise<{ socket: TLSSocket } | { error: unknown; keysAgreed: boolean }> {
  return new Promise((resolve) => {
    let keysAgreed = false;
    const socket = connect({
      host: target.address,
      port: target.port,
      servername: target.host,
      // Verification is read from socket.authorized below, so one handshake reports every problem.
      rejectUnauthorized: false,
      ...extra,
    });
    socket.once("keylog", () => {
      keysAgreed = true;
    });
    const timer = setTimeout(() => socket.destroy(new Error(`timeout after ${target.timeoutMs} ms`)), target.timeoutMs);
    socket.once("secureConnect", () => {
      clearTimeout(timer);
      resolve({ socket });
    });
    // `on`, not `once`: a reset can follow an alert, and an unheard error event would crash the run.
    socket.on("error", (error) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ error, keysAgreed });
    });
  });
}

/** A certificate's `notAfter` as ISO 8601, or undefined when unreadable. */
function notAfter(cert: PeerCertificate): string | undefined {
  const end = cert.valid_to ? Date.parse(cert.valid_to) : NaN;
  return Number.isNaN(end) ? undefined : new Date(end).toISOString();
}

/** Chains longer than this are cut: no real one is (the leaf, one or two intermediates, the root). */
const MAX_CHAIN = 10;

/** The trust anchor `cert` is (the same subject and key as a trusted CA), if any. */
function anchorOf(cert: DetailedPeerCertificate, anchors: ReadonlyMap<string, TrustAnchor>): TrustAnchor | undefined {
  if (cert.raw === undefined) return undefined;
  const x509 = new X509Certificate(cert.raw);
  return anchors.get(anchorKey(x509.subject, x509.publicKey.export({ type: "spki", format: "der" })));
}

/**
 * The chain from the leaf up, each certificate's issuer (`issuerCertificate`) in turn: it stops at a
 * self-issued root, which Node gives as its own issuer, at a certificate seen before (a cross-signed
 * loop), at MAX_CHAIN, and at the first self-issued trust anchor (`anchors`; a trusted intermediate is
 * passed through), each anchor given with its own dates:
 * the path a client verifies ends there (RFC 5280 6.1), and what the server sends beyond it (an
 * expired cross-signed copy of the root, as Let's Encrypt did with DST Root CA X3) is never judged
 * (RFC 8446 4.4.2: "prepared to handle potentially extraneous certificates").
 */
function chainOf(leaf: DetailedPeerCertificate, anchors: ReadonlyMap<string, TrustAnchor>): ChainCertificate[] {
  const chain: ChainCertificate[] = [];
  const seen = new Set<string>();
  let cert: DetailedPeerCertificate | undefined = leaf;
  while (cert?.valid_to !== undefined && !seen.has(cert.fingerprint256) && chain.length < MAX_CHAIN) {
    seen.add(cert.fingerprint256);
    // The leaf is judged itself even when trusted directly (a pinned self-signed certificate).
    const anchor = chain.length === 0 ? undefined : anchorOf(cert, anchors);
    if (anchor?.selfIssued === true) {
      chain.push({ name: anchor.name, validTo: anchor.validTo, selfIssued: true });
      break;
    }
    // A trusted intermediate (not self-issued) does not end the path: OpenSSL, without partial-chain,
    // still builds it to a self-issued root, so the walk goes on, with the anchor's own dates.
    if (anchor !== undefined) {
      chain.push({ name: anchor.name, validTo: anchor.validTo });
      cert = cert.issuerCertificate === cert ? undefined : cert.issuerCertificate;
      continue;
    }
    const validTo = notAfter(cert);
    const selfIssued: boolean = cert.issuerCertificate === cert;
    chain.push({
      name: cert.subject?.CN ?? cert.subject?.O ?? "(no name)",
      ...(validTo === undefined ? {} : { validTo }),
      ...(selfIssued ? { selfIssued } : {}),
    });
    cert = selfIssued ? undefined : cert.issuerCertificate;
  }
  return chain;
}

/** The DNS names of Node's subjectaltname text (`DNS:a.example.com, IP Address:1.2.3.4, DNS:b`). */
function dnsNames(subjectAltName: string | undefined): string[] {
  return (subjectAltName ?? "")
    .split(/,\s*/)
    .filter((entry) => entry.startsWith("DNS:"))
    .map((entry) => entry.slice(4));
}

export async function probeTls(target: TlsTarget): Promise<TlsObservation> {
  const r = await handshake(target, target.ca === undefined ? {} : { secureContext: trustFor(target.ca) });
  if ("error" in r) return { host: target.host, error: errorCode(r.error) };
  const { socket } = r;
  const cert = socket.getPeerCertificate(true);
  const protocol = socket.getProtocol() ?? undefined;
  socket.destroy();
  const validTo = notAfter(cert);
  const issuer = cert.issuer ? (cert.issuer.O ?? cert.issuer.CN) : undefined;
  const authorizationError = socket.authorizationError === null ? undefined : String(socket.authorizationError);
  const names = dnsNames(cert.subjectaltname);
  return {
    host: target.host,
    ...(protocol === undefined ? {} : { protocol }),
    authorized: socket.authorized,
    ...(authorizationError === undefined ? {} : { authorizationError }),
    ...(validTo === undefined ? {} : { validTo }),
    ...(issuer === undefined ? {} : { issuer }),
    ...(names.length === 0 ? {} : { names }),
    chain: chainOf(cert, trustAnchors(target.ca)),
  };
}

/** Offers TLS 1.0-1.1 only; a modern edge must refuse the handshake. */
export async function probeLegacyTls(target: TlsTarget): Promise<LegacyTlsObservation> {
  const r = await handshake(target, { minVersion: "TLSv1", maxVersion: "TLSv1.1", ciphers: LEGACY_CIPHERS });
  if ("error" in r) {
    const code = errorCode(r.error);
    return CLIENT_SIDE.includes(code)
      ? { host: target.host, accepted: false, clientCannotOffer: true, error: code }
      : { host: target.host, accepted: false, error: code };
  }
  const protocol = r.socket.getProtocol() ?? undefined;
  r.socket.destroy();
  return protocol === undefined ? { host: target.host, accepted: true } : { host: target.host, accepted: true, protocol };
}

/**
 * One handshake offering no client certificate, with ANY_TLS (the hostname as SNI, the certificate not
 * checked: this only asks whether the origin lets a caller without a client certificate finish it).
 * Its error keeps OpenSSL's reason as the code (ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE...), which an
 * HTTPS request reports as EPROTO once it has written (measured with Node 20 / OpenSSL 3.0). Under TLS
 * 1.3 the server judges the client's certificate after the client's handshake is done: its refusal
 * (certificate_required) reaches the request, not this handshake. A refused handshake says whether the
 * keys were agreed before the alert (`keysAgreed`): an alert on the client's empty Certificate comes
 * after them, one for nothing in common (no group, no signature algorithm) before.
 */
export async function probeOpenHandshake(target: TlsTarget): Promise<HandshakeObservation> {
  const r = await handshake(target, ANY_TLS);
  if ("error" in r) return { completed: false, error: errorCode(r.error), keysAgreed: r.keysAgreed };
  const protocol = r.socket.getProtocol() ?? undefined;
  r.socket.destroy();
  return protocol === undefined ? { completed: true } : { completed: true, protocol };
}
