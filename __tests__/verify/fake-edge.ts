import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { SecureContextOptions } from "node:tls";

/** Faults a test plants in the otherwise correctly configured edge. All off by default. */
export interface EdgeFaults {
  noHttpsRedirect?: boolean;
  noHsts?: boolean;
  noNosniff?: boolean;
  /** GET /api/chat on chat.example.com answers 200 with JSON to anyone. */
  openApi?: boolean;
  /** CORS answers echo any Origin, with credentials. */
  corsEcho?: boolean;
  /** Milliseconds the first `slowCount` requests to HEALTH_PATH are delayed. */
  slowMs?: number;
  slowCount?: number;
}

export interface FakeEdge {
  readonly httpsPort: number;
  readonly httpPort: number;
  /** Replace the planted faults (and restart the slow-request count). */
  setFaults(faults: EdgeFaults): void;
  /** Swap the certificate and TLS versions without restarting (new connections only). */
  setTls(options: SecureContextOptions): void;
  close(): Promise<void>;
}

const ZONE = "example.com";
const ACCESS_LOGIN = "https://opsbot.cloudflareaccess.com/cdn-cgi/access/login";
/** The path the tests time (`--health-path`); slow-answer faults apply only to it. */
export const HEALTH_PATH = "/health";
const PROTECTED = new Set(["chat.example.com", "api.example.com"]);

/** Behaves like the production edge of config/production.yaml: Access, redirects, headers. */
function handle(req: IncomingMessage, res: ServerResponse, f: EdgeFaults, healthHits: { n: number }): void {
  const host = (req.headers.host ?? "").split(":")[0] ?? "";
  const path = req.url ?? "/";
  if (!f.noHsts) res.setHeader("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  if (!f.noNosniff) res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (f.corsEcho && req.headers.origin) {
    res.setHeader("Access-Control-Allow-Origin", req.headers.origin);
    res.setHeader("Access-Control-Allow-Credentials", "true");
  }
  const redirect = (status: number, location: string): void => {
    res.writeHead(status, { Location: location }).end();
  };
  if (host === `www.${ZONE}`) return redirect(301, `https://${ZONE}${path}`);
  if (host === `old.${ZONE}`) return redirect(301, `https://chat.${ZONE}${path}`);
  if (host === ZONE && (path === "/docs" || path.startsWith("/docs/")))
    return redirect(308, `https://chat.${ZONE}/help${path.slice("/docs".length)}`);
  if (f.openApi && host === `chat.${ZONE}` && path.startsWith("/api/chat")) {
    res
      .writeHead(200, { "Content-Type": "application/json" })
      .end(JSON.stringify({ messages: [{ role: "user", text: "quarterly numbers" }] }));
    return;
  }
  const finish = (): void => {
    if (PROTECTED.has(host)) return redirect(302, `${ACCESS_LOGIN}/${host}?redirect_url=${encodeURIComponent(path)}`);
    if (host === ZONE && path === "/") {
      res.writeHead(200, { "Content-Type": "text/html" }).end("<h1>opsbot</h1>");
      return;
    }
    res.writeHead(404).end("not found");
  };
  if (path === HEALTH_PATH && f.slowMs !== undefined && healthHits.n++ < (f.slowCount ?? 0)) {
    setTimeout(finish, f.slowMs);
    return;
  }
  finish();
}

function listen(server: Server | HttpsServer): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address !== null ? address.port : 0);
    }),
  );
}

function close(server: Server | HttpsServer): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export async function startFakeEdge(tls: SecureContextOptions): Promise<FakeEdge> {
  const state: { faults: EdgeFaults; healthHits: { n: number } } = { faults: {}, healthHits: { n: 0 } };
  const https = createHttpsServer({ ...tls }, (req, res) => handle(req, res, state.faults, state.healthHits));
  const http = createHttpServer((req, res) => {
    const host = (req.headers.host ?? "").split(":")[0] ?? "";
    if (state.faults.noHttpsRedirect) res.writeHead(200, { "Content-Type": "text/html" }).end("<h1>plain http</h1>");
    else res.writeHead(301, { Location: `https://${host}${req.url ?? "/"}` }).end();
  });
  const [httpsPort, httpPort] = await Promise.all([listen(https), listen(http)]);
  return {
    httpsPort,
    httpPort,
    setFaults: (faults) => {
      state.faults = faults;
      state.healthHits.n = 0;
    },
    setTls: (options) => https.setSecureContext(options),
    close: async () => {
      await Promise.all([close(https), close(http)]);
    },
  };
}
