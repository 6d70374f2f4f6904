import { connect, type ConnectionOptions, type TLSSocket } from "node:tls";
import type { LegacyTlsObservation, TlsObservation } from "../../../core/verify/types";
import { errorCode } from "../../../core/error-code";
import { trustFor } from "../../../core/tls-trust";

export interface TlsTarget {
  readonly host: string;
  readonly address: string;
  readonly port: number;
  /** Trusted CAs (system roots plus `--ca-file`); the system roots when absent. */
  readonly ca?: readonly string[];
  readonly timeoutMs: number;
}

/** Old protocols are disabled at OpenSSL's default security level; level 0 lets the client offer them. */
const LEGACY_CIPHERS = "DEFAULT@SECLEVEL=0";

/** Errors raised before anything was sent: this client cannot speak TLS 1.1, so nothing is proven. */
const CLIENT_SIDE = ["ERR_SSL_NO_PROTOCOLS_AVAILABLE", "ERR_SSL_NO_CIPHERS_AVAILABLE", "ERR_TLS_INVALID_PROTOCOL_VERSION"];

/** One bounded handshake; resolves with the secured socket or the error that ended it. Never rejects. */
function handshake(target: TlsTarget, extra: ConnectionOptions): Promise<{ socket: TLSSocket } | { error: unknown }> {
  return new Promise((resolve) => {
    const socket = connect({
      host: target.address,
      port: target.port,
      servername: target.host,
      // Verification is read from socket.authorized below, so one handshake reports every problem.
      rejectUnauthorized: false,
      ...extra,
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
      resolve({ error });
    });
  });
}

export async function probeTls(target: TlsTarget): Promise<TlsObservation> {
  const r = await handshake(target, target.ca === undefined ? {} : { secureContext: trustFor(target.ca) });
  if ("error" in r) return { host: target.host, error: errorCode(r.error) };
  const { socket } = r;
  const cert = socket.getPeerCertificate();
  const protocol = socket.getProtocol() ?? undefined;
  socket.destroy();
  const validTo = cert.valid_to ? Date.parse(cert.valid_to) : NaN;
  const issuer = cert.issuer ? (cert.issuer.O ?? cert.issuer.CN) : undefined;
  const authorizationError = socket.authorizationError === null ? undefined : String(socket.authorizationError);
  return {
    host: target.host,
    ...(protocol === undefined ? {} : { protocol }),
    authorized: socket.authorized,
    ...(authorizationError === undefined ? {} : { authorizationError }),
    ...(Number.isNaN(validTo) ? {} : { validTo: new Date(validTo).toISOString() }),
    ...(issuer === undefined ? {} : { issuer }),
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
