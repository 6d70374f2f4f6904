import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { SecureContextOptions } from "node:tls";
import { renderMtaStsPolicy } from "../../lib/features/email/mta-sts";

/** Faults a test plants in the otherwise correctly configured edge. All off by default. */
export interface EdgeFaults {
  noHttpsRedirect?: boolean;
  noHsts?: boolean;
  noNosniff?: boolean;
  /** What mta-sts.example.com answers at /.well-known/mta-sts.txt instead of MTA_STS_POLICY as text/plain. */
  mtaSts?: { readonly status: number; readonly contentType?: string; readonly body: string };
  /** X-Content-Type-Options headers sent instead of one `nosniff`, one header line each. */
  nosniff?: readonly string[];
  /** GET /api/chat on chat.example.com answers 200 with JSON to anyone. */
  openApi?: boolean;
  /** The body of that answer instead of the JSON. */
  openApiBody?: string;
  /** CORS answers echo any Origin, with credentials. */
  corsEcho?: boolean;
  /** Milliseconds the first `slowCount` requests to HEALTH_PATH are delayed. */
  slowMs?: number;
  slowCount?: number;
  /** Status every answer to HEALTH_PATH gets instead (a 403 as Access gives a token without a policy). */
  healthStatus?: number;
  /** Location header of those answers (a 302 to an app's own login page). */
  healthLocation?: string;
  /** Where the hosts behind Access send a caller without the token instead of the Access login. */
  loginLocation?: string;
  /** Content-Security-Policy sent instead of EDGE_CSP. */
  csp?: string;
  /** Plain HTTP and www answer 301 with the request's own path as a relative Location (`/`): a redirect to themselves. */
  relativeRedirects?: boolean;
  /** What the public apex answers at `/` instead of the app's page (a 502, a redirect). */
  apexRoot?: { readonly status: number; readonly location?: string };
  /** The www, old and /docs redirects send the path alone, dropping the request's query string. */
  dropQuery?: boolean;
  /** A second Location header, after the right one, on every redirect the edge answers (Node's message.headers keeps the first). */
  secondLocation?: string;
  /** A second Content-Type header, after the right one, on every answer with a body: the app's, the policy file. */
  secondContentType?: string;
  /**
   * What RELEASE_HOST's load balancer answers a request Access let through (530 "no healthy pool" when
   * no pool is healthy); Access still answers everyone else with the login first, as Cloudflare does.
   */
  releaseAnswer?: { readonly status: number; readonly body: string };
}

/** The policy the email stack's Worker serves for the production example's email.mtaSts. */
export const MTA_STS_POLICY = renderMtaStsPolicy({ mode: "enforce", mx: ["mx1.example.net", "mx2.example.net"], maxAge: 604800 });

/** The CSP the production example configures (edge.securityHeaders.contentSecurityPolicy), as the edge sets it. */
export const EDGE_CSP = "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'";

/** The Access service token the fake edge lets through (CF-Access-Client-Id / CF-Access-Client-Secret). */
export const EDGE_TOKEN = { clientId: "0123abcd.access", clientSecret: "sEcReT-5f0e3c9a7b1d2e4f6a8c0b9d7e5f3a1c" } as const;

/** One HTTPS request the fake edge received, with the service-token headers it carried. */
export interface EdgeRequest {
  readonly host: string;
  readonly path: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
}

export interface FakeEdge {
  readonly httpsPort: number;
  readonly httpPort: number;
  /** Every HTTPS request since the last setFaults, in arrival order. */
  readonly requests: EdgeRequest[];
  /** Replace the planted faults (and restart the slow-request count and the request log). */
  setFaults(faults: EdgeFaults): void;
  /** Swap the certificate and TLS versions without restarting (new connections only). */
  setTls(options: SecureContextOptions): void;
  close(): Promise<void>;
}

const ZONE = "example.com";
const ACCESS_LOGIN = "https://opsbot.cloudflareaccess.com/cdn-cgi/access/login";
/** The path the tests time (`--health-path`); slow-answer faults apply only to it. */
export const HEALTH_PATH = "/hooks/health";
/** The production example's release.hostname: a load balancer behind Access. */
export const RELEASE_HOST = "app.example.com";
const PROTECTED = new Set(["chat.example.com", "api.example.com", RELEASE_HOST]);

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** Answers a redirect to `location`, then the planted second Location (appended: setHeader would replace the first). */
function sendRedirect(res: ServerResponse, status: number, location: string, f: EdgeFaults): void {
  res.setHeader("Location", location);
  if (f.secondLocation !== undefined) res.appendHeader("Location", f.secondLocation);
  res.writeHead(status).end();
}

/** The Content-Type of an answer, then the planted second one (a header given as a list goes as one line per value). */
function contentType(value: string, f: EdgeFaults): { "Content-Type": string | string[] } {
  return { "Content-Type": f.secondContentType === undefined ? value : [value, f.secondContentType] };
}

/** Behaves like the production edge of config/production.yaml: Access, redirects, headers. */
function handle(req: IncomingMessage, res: ServerResponse, f: EdgeFaults, healthHits: { n: number }, log: EdgeRequest[]): void {
  const host = (req.headers.host ?? "").split(":")[0] ?? "";
  const path = req.url ?? "/";
  const clientId = header(req, "cf-access-client-id");
  const clientSecret = header(req, "cf-access-client-secret");
  log.push({ host, path, ...(clientId === undefined ? {} : { clientId }), ...(clientSecret === undefined ? {} : { clientSecret }) });
  // Access lets a request through only with both headers of a token its policy allows.
  const tokenOk = clientId === EDGE_TOKEN.clientId && clientSecret === EDGE_TOKEN.clientSecret;
  if (!f.noHsts) res.setHeader("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  if (!f.noNosniff) res.setHeader("X-Content-Type-Options", f.nosniff ?? "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Content-Security-Policy", f.csp ?? EDGE_CSP);
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (f.corsEcho && req.headers.origin) {
    res.setHeader("Access-Control-Allow-Origin", req.headers.origin);
    res.setHeader("Access-Control-Allow-Credentials", "true");
  }
  const redirect = (status: number, location: string): void => {
    sendRedirect(res, status, location, f);
  };
  if (host === `mta-sts.${ZONE}`) {
    const served = f.mtaSts ?? { status: 200, contentType: "text/plain; charset=utf-8", body: MTA_STS_POLICY };
    if (path !== "/.well-known/mta-sts.txt") {
      res.writeHead(404).end("Not found\n");
      return;
    }
    res.writeHead(served.status, served.contentType === undefined ? {} : contentType(served.contentType, f)).end(served.body);
    return;
  }
  const kept = f.dropQuery ? (path.split("?")[0] ?? path) : path;
  if (host === `www.${ZONE}`) return redirect(301, f.relativeRedirects ? kept : `https://${ZONE}${kept}`);
  if (host === `old.${ZONE}`) return redirect(301, `https://chat.${ZONE}${kept}`);
  if (host === ZONE && (path === "/docs" || path.startsWith("/docs/")))
    return redirect(308, `https://chat.${ZONE}/help${kept.slice("/docs".length)}`);
  if (f.openApi && host === `chat.${ZONE}` && path.startsWith("/api/chat")) {
    res
      .writeHead(200, { "Content-Type": "application/json" })
      .end(f.openApiBody ?? JSON.stringify({ messages: [{ role: "user", text: "quarterly numbers" }] }));
    return;
  }
  const finish = (): void => {
    if (path === HEALTH_PATH && f.healthStatus !== undefined) {
      if (f.healthLocation !== undefined) {
        res.setHeader("Location", f.healthLocation);
        if (f.secondLocation !== undefined) res.appendHeader("Location", f.secondLocation);
      }
      res.writeHead(f.healthStatus).end("refused");
      return;
    }
    if (PROTECTED.has(host) && !tokenOk)
      return redirect(302, f.loginLocation ?? `${ACCESS_LOGIN}/${host}?redirect_url=${encodeURIComponent(path)}`);
    if (host === RELEASE_HOST && f.releaseAnswer !== undefined) {
      res.writeHead(f.releaseAnswer.status, { "Content-Type": "text/plain" }).end(f.releaseAnswer.body);
      return;
    }
    if (PROTECTED.has(host)) {
      res.writeHead(200, contentType("application/json", f)).end('{"status":"ok"}');
      return;
    }
    if (host === ZONE && path === "/" && f.apexRoot !== undefined) {
      const { status, location } = f.apexRoot;
      res.writeHead(status, location === undefined ? {} : { Location: location }).end(status >= 500 ? "Bad gateway" : "");
      return;
    }
    if (host === ZONE && path === "/") {
      res.writeHead(200, contentType("text/html", f)).end("<h1>opsbot</h1>");
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
  const requests: EdgeRequest[] = [];
  const https = createHttpsServer({ ...tls }, (req, res) => handle(req, res, state.faults, state.healthHits, requests));
  const http = createHttpServer((req, res) => {
    const host = (req.headers.host ?? "").split(":")[0] ?? "";
    if (state.faults.noHttpsRedirect) res.writeHead(200, { "Content-Type": "text/html" }).end("<h1>plain http</h1>");
    else if (state.faults.relativeRedirects) res.writeHead(301, { Location: req.url ?? "/" }).end();
    else sendRedirect(res, 301, `https://${host}${req.url ?? "/"}`, state.faults);
  });
  const [httpsPort, httpPort] = await Promise.all([listen(https), listen(http)]);
  return {
    httpsPort,
    httpPort,
    requests,
    setFaults: (faults) => {
      state.faults = faults;
      state.healthHits.n = 0;
      requests.length = 0;
    },
    setTls: (options) => https.setSecureContext(options),
    close: async () => {
      await Promise.all([close(https), close(http)]);
    },
  };
}
