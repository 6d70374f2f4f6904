import type { ClientRequest } from "node:http";
import { Agent, request } from "node:https";
import type { SecureContext } from "node:tls";
import { secureContextFor } from "../../core/tls-trust";
import type { ProbeSample } from "./analysis";

export interface CandidateProbeOptions {
  /** `release.hostname`: sent as Host and SNI, so the origin routes and presents its certificate as for users. */
  readonly hostname: string;
  readonly path: string;
  /** HTTPS port of the origins. @default 443 */
  readonly port: number;
  /** Trusted CAs (system roots plus `--ca-file`); the system roots when absent. */
  readonly ca?: readonly string[];
  /** Per request, connection included. */
  readonly timeoutMs: number;
  /**
   * A TLS client certificate and its key (PEM) for origins that require one (Authenticated Origin Pulls
   * with your own certificate, origin mTLS). Held in memory only; never logged.
   */
  readonly clientCert?: ClientCertificate;
}

export interface ClientCertificate {
  readonly cert: string;
  readonly key: string;
}

/** Bytes of an answer read at most: the probe times the answer, it does not download it. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Probes the candidate's origins directly (not through Cloudflare, where the weights would mix in the
 * live colour). Certificates are verified against `ca`. Connections are kept alive and a new one's
 * handshake is not timed: Cloudflare keeps its connections to the origins open, so users wait for
 * the app, not for a TLS handshake (the timeout still covers the whole request).
 */
export class CandidateProber {
  private readonly agent: Agent;
  /** CAs and client certificate, parsed once per process (~140 system roots each time otherwise). */
  private readonly secureContext: SecureContext | undefined;

  constructor(private readonly o: CandidateProbeOptions) {
    this.secureContext =
      o.ca || o.clientCert
        ? secureContextFor({ ...(o.ca ? { ca: o.ca } : {}), ...(o.clientCert ? { clientCert: o.clientCert } : {}) })
        : undefined;
    this.agent = new Agent({ keepAlive: true, maxSockets: 1, ...this.tlsOptions() });
  }

  /** The trust and client certificate, given to the agent and to each request alike (both build the TLS socket). */
  private tlsOptions(): { secureContext?: SecureContext } {
    return this.secureContext ? { secureContext: this.secureContext } : {};
  }

  /**
   * One GET to `address`; never rejects: a failure is a sample with an error code. A kept-alive
   * connection the origin closed just as it was reused (its idle timeout racing the next probe) fails
   * with ECONNRESET before the request reached the app: that request is sent once more on a new
   * connection, as node's documentation advises (http, request.reusedSocket), so a healthy candidate
   * is not counted as failing - and rolled back - for a connection the client picked.
   */
  probe(origin: string, address: string): Promise<ProbeSample> {
    const startedAt = performance.now();
    let timedFrom = startedAt;
    return new Promise((resolve) => {
      let settled = false;
      let current: ClientRequest | undefined;
      const done = (result: { status?: number; error?: string }): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ origin, startedAt, elapsedMs: performance.now() - timedFrom, ...result });
      };
      const send = (retry: boolean): void => {
        const req = request(
          {
            host: address,
            port: this.o.port,
            path: this.o.path,
            method: "GET",
            servername: this.o.hostname,
            headers: { Host: this.o.hostname, "User-Agent": "golive-release-analysis" },
            agent: this.agent,
            ...this.tlsOptions(),
          },
          (res) => {
            let bytes = 0;
            const status = res.statusCode;
            const end = (): void => done(status === undefined ? { error: "no status" } : { status });
            res.on("data", (chunk: Buffer) => {
              bytes += chunk.length;
              if (bytes >= MAX_BODY_BYTES) {
                end();
                res.destroy();
              }
            });
            res.once("end", end);
            res.once("error", end);
          },
        );
        current = req;
        req.once("socket", (socket) => {
          if (req.reusedSocket) return;
          // A request queued behind the one using the kept-alive socket gets it without reusedSocket set
          // (node's Agent 'free' handler skips reuseSocket): the listener is removed once the request is
          // over, or one would pile up per probe on a socket already connected (MaxListenersExceededWarning).
          const handshakeDone = (): void => {
            timedFrom = performance.now();
          };
          socket.once("secureConnect", handshakeDone);
          req.once("close", () => socket.off("secureConnect", handshakeDone));
        });
        req.on("error", (err: NodeJS.ErrnoException) => {
          if (!retry && !settled && req.reusedSocket && err.code === "ECONNRESET") send(true);
          else done({ error: err.code ?? err.message });
        });
        req.end();
      };
      const timer = setTimeout(() => current?.destroy(new Error(`timeout after ${this.o.timeoutMs} ms`)), this.o.timeoutMs);
      send(false);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
