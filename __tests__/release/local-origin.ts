import { createServer, type Server } from "node:https";
import { listenOnLoopback } from "../helpers/loopback";
import type { TestCert } from "../helpers/test-ca";

/** A colour's origin server on 127.0.0.1, as the probes of `promote --watch` reach it. */
export interface Origin {
  readonly port: number;
  /** Every request answered (a TLS handshake refused for want of a client certificate is none). */
  readonly hits: { readonly host: string; readonly path: string }[];
  /** When set, every request is answered 503, and the first such answer's time is kept. */
  failing: boolean;
  firstFailureAt?: number;
  close(): Promise<void>;
}

/**
 * HTTPS with `leaf` (a certificate for the app's hostname from a throwaway CA). With `clientCa`, the
 * origin requires a client certificate signed by that CA, as an origin behind Authenticated Origin
 * Pulls does (nginx `ssl_verify_client on`): a client without one gets a TLS alert.
 */
export async function startOrigin(leaf: TestCert, options: { readonly clientCa?: string } = {}): Promise<Origin> {
  const origin: Origin = { port: 0, hits: [], failing: false, close: async () => {} };
  const mtls = options.clientCa ? { ca: [options.clientCa], requestCert: true, rejectUnauthorized: true } : {};
  const server: Server = createServer({ key: leaf.keyPem, cert: leaf.certPem, ...mtls }, (req, res) => {
    origin.hits.push({ host: req.headers.host ?? "", path: req.url ?? "" });
    if (origin.failing) {
      origin.firstFailureAt ??= performance.now();
      res.writeHead(503).end("unavailable");
    } else res.writeHead(200, { "content-type": "text/plain" }).end("ok");
  });
  server.on("tlsClientError", () => {}); // a refused handshake is the point of some tests, not an error
  return Object.assign(origin, await listenOnLoopback(server));
}
