import { envelope, type Fault, faultQueue } from "../helpers/fake-cloudflare";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { listenOnLoopback } from "../helpers/loopback";

export const ZONE_ID = "0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a";
export const LB_ID = "1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b";
export const BLUE_ID = "2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c2c";
export const GREEN_ID = "3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d";
/** The account of the example configs (cloudflare.accountId), which owns the stand-in's zone unless told otherwise. */
export const ACCOUNT_ID = "0123456789abcdef0123456789abcdef";

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** The query string, with its "?" ("" when none). */
  readonly query: string;
  readonly authorization: string;
  readonly body: unknown;
}

export type { Fault } from "../helpers/fake-cloudflare";

/** One of Cloudflare's own errors in an envelope's `errors`. */
export interface ApiErrorItem {
  readonly code: number;
  readonly message: string;
}

/**
 * A scripted answer of this stand-in: a Fault (an HTTP status, "hang"); "stall": HTTP 200 whose headers
 * promise a body (Content-Length 100000) of which only the start is sent, then nothing; a status with
 * Cloudflare's own errors in the envelope (`{"success": false, "errors": [...], "result": null}`): with
 * status 200, the answer the API reference allows and the SDK never checks; or a status with a JSON body as given.
 */
export type ReleaseFault =
  | Fault
  | "stall"
  | (Exclude<Fault, "hang"> & { readonly errors: readonly ApiErrorItem[] })
  | (Exclude<Fault, "hang"> & { readonly body: string });

/** HTTP 200 with `success: false` and `result: null`: an error envelope the SDK hands on as a success. */
export function failedWith200(message = "Internal error", code = 1000): ReleaseFault {
  return { status: 200, errors: [{ code, message }] };
}

export interface FakeCloudflareApi {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Queues faults for requests whose `METHOD path` matches; each fault answers one request. */
  fail(route: RegExp, faults: readonly ReleaseFault[]): void;
  /**
   * Runs `hook` with the request body when a PATCH arrives, before it is applied and answered (to race the
   * CLI); a hook that returns a promise holds the PATCH until it settles (another run overlapping this one).
   */
  onPatch(hook: (body: unknown) => void | Promise<void>): void;
  /** Runs `hook` with `METHOD path` as each request arrives, before its fault (if any): to queue faults for the calls after it. */
  onRequest(hook: (key: string) => void): void;
  /** What `GET .../pools/{id}/health` reports for a pool from now on (default: healthy in one region). */
  setPoolHealth(poolId: string, health: PoolHealthScript): void;
  /** The load balancer as the fake API now holds it. */
  loadBalancer(): Record<string, unknown>;
  /** Sets fields of the load balancer as if changed elsewhere (a `rollback --now` from another machine). */
  setLoadBalancer(fields: Record<string, unknown>): void;
  /** The next `count` load balancer PATCHes are applied, then the connection is cut before the answer. */
  loseAnswers(count: number): void;
  /** The same for pool PATCHes. */
  losePoolAnswers(count: number): void;
  /** A pool as the fake API now holds it. */
  pool(id: string): Record<string, unknown> | undefined;
  /** Sets fields of a pool as if changed elsewhere (a deploy, the dashboard). */
  setPool(id: string, fields: Record<string, unknown>): void;
  close(): Promise<void>;
}

/**
 * A pool's health as the fake reports it: one region, one origin; `noData`: no region has checked it
 * yet; or `pop`, the API's `pop_health` as given (several regions, origins apart from their pool).
 */
export type PoolHealthScript =
  | { readonly healthy: boolean; readonly origin?: string; readonly reason?: string; readonly noData?: boolean }
  | { readonly pop: Record<string, unknown> };

/** The shape the real API answers: `pop_health` keyed by region, each origin keyed by its address. */
function poolHealthResult(poolId: string, h: PoolHealthScript): Record<string, unknown> {
  if ("pop" in h) return { pool_id: poolId, pop_health: h.pop };
  if (h.noData) return { pool_id: poolId, pop_health: {} };
  const origin = { healthy: h.healthy, rtt: "12.0ms", failure_reason: h.reason ?? "No failures", response_code: h.healthy ? 200 : 503 };
  return {
    pool_id: poolId,
    pop_health: { "Ashburn, VA, United States": { healthy: h.healthy, origins: [{ [h.origin ?? "192.0.2.40"]: origin }] } },
  };
}

function errorBody(status: number, errors?: readonly ApiErrorItem[]): string {
  const message = status === 401 ? "Authentication error" : status === 429 ? "Rate limited" : "Internal error";
  const said = errors ?? [{ code: status === 401 ? 10000 : 10001, message }];
  return JSON.stringify({ success: false, errors: said, messages: [], result: null });
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? undefined : (JSON.parse(text) as unknown);
}

/** Another zone the token can see, listed before the stand-in's own: no load balancer in it. */
export interface OtherZone {
  readonly id: string;
  readonly accountId: string;
  /** @default the stand-in's zone name (a same-named zone of another account) */
  readonly name?: string;
}

export interface FakeCloudflareApiOptions {
  readonly zoneName: string;
  readonly hostname: string;
  readonly poolPrefix: string;
  /** The account owning the zone with the load balancer. @default ACCOUNT_ID */
  readonly accountId?: string;
  readonly otherZones?: readonly OtherZone[];
}

/**
 * A local stand-in for api.cloudflare.com/client/v4 answering the calls `golive release rollback
 * --now [--drain]` and `promote --watch` make through the SDK: zone lookup (filtered on `name` and
 * `account.id` when given, as the API filters), load balancer list and read, pool list, load balancer
 * PATCH, pool read and PATCH, pool health.
 */
export async function startFakeCloudflareApi(opts: FakeCloudflareApiOptions): Promise<FakeCloudflareApi> {
  const requests: RecordedRequest[] = [];
  const faults = faultQueue<ReleaseFault>();
  let patchHook: ((body: unknown) => void | Promise<void>) | undefined;
  let requestHook: ((key: string) => void) | undefined;
  let answersToLose = 0;
  let poolAnswersToLose = 0;
  const health = new Map<string, PoolHealthScript>();
  let lb: Record<string, unknown> = {
    id: LB_ID,
    name: opts.hostname,
    default_pools: [BLUE_ID, GREEN_ID],
    fallback_pool: GREEN_ID,
    steering_policy: "random",
    random_steering: { default_weight: 0, pool_weights: { [BLUE_ID]: 0.4, [GREEN_ID]: 0.6 } },
  };
  const zones = [
    ...(opts.otherZones ?? []).map((z) => ({ id: z.id, name: z.name ?? opts.zoneName, account: { id: z.accountId } })),
    { id: ZONE_ID, name: opts.zoneName, account: { id: opts.accountId ?? ACCOUNT_ID } },
  ];
  const otherZoneIds = new Set((opts.otherZones ?? []).map((z) => z.id));
  const pools: Record<string, unknown>[] = [
    { id: BLUE_ID, name: `${opts.poolPrefix}-blue`, enabled: true },
    { id: GREEN_ID, name: `${opts.poolPrefix}-green`, enabled: true },
  ];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname.replace(/^\/client\/v4/, "");
    const body = await readBody(req);
    requests.push({ method: req.method ?? "", path, query: url.search, authorization: String(req.headers.authorization ?? ""), body });
    const key = `${req.method} ${path}`;
    requestHook?.(key);
    const fault = faults.next(key);
    if (fault === "hang") return; // never answers: the client's timeout must fire
    if (fault === "stall") {
      // The headers arrive, the body does not: only a deadline that covers the body ends the call.
      res.writeHead(200, { "content-type": "application/json", "content-length": "100000" });
      res.write('{"success": true, "errors": [], "messages": [], "result": {');
      return;
    }
    if (fault) {
      res.writeHead(fault.status, { "content-type": "application/json", ...(fault.headers ?? {}) });
      res.end("body" in fault ? fault.body : errorBody(fault.status, "errors" in fault ? fault.errors : undefined));
      return;
    }
    const ok = (result: unknown, extra?: Record<string, unknown>) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(envelope(result, extra));
    };
    if (req.method === "GET" && path === "/zones") {
      const [name, account] = [url.searchParams.get("name"), url.searchParams.get("account.id")];
      const found = zones.filter((z) => (name === null || z.name === name) && (account === null || z.account.id === account));
      return ok(found, { result_info: { page: 1, per_page: 20, count: found.length, total_count: found.length, total_pages: 1 } });
    }
    const otherZone = /^\/zones\/([0-9a-f]{32})\/load_balancers$/.exec(path)?.[1];
    if (req.method === "GET" && otherZone !== undefined && otherZoneIds.has(otherZone)) return ok([]);
    if (req.method === "GET" && path === `/zones/${ZONE_ID}/load_balancers`) return ok([lb]);
    if (req.method === "GET" && path === `/zones/${ZONE_ID}/load_balancers/${LB_ID}`) return ok(lb);
    if (req.method === "GET" && /^\/accounts\/[0-9a-f]{32}\/load_balancers\/pools$/.test(path)) return ok(pools);
    const healthOf = /^\/accounts\/[0-9a-f]{32}\/load_balancers\/pools\/([0-9a-f]{32})\/health$/.exec(path)?.[1];
    if (req.method === "GET" && healthOf !== undefined && pools.some((p) => p.id === healthOf))
      return ok(poolHealthResult(healthOf, health.get(healthOf) ?? { healthy: true }));
    const patchedPool = /^\/accounts\/[0-9a-f]{32}\/load_balancers\/pools\/([0-9a-f]{32})$/.exec(path)?.[1];
    const poolIndex = pools.findIndex((p) => p.id === patchedPool);
    if (req.method === "GET" && poolIndex >= 0) return ok(pools[poolIndex]);
    if (req.method === "PATCH" && poolIndex >= 0 && typeof body === "object" && body !== null) {
      await patchHook?.(body);
      pools[poolIndex] = { ...pools[poolIndex], ...body };
      if (poolAnswersToLose > 0) {
        poolAnswersToLose--;
        req.socket.destroy(); // applied, but the client never learns it
        return;
      }
      return ok(pools[poolIndex]);
    }
    if (req.method === "PATCH" && path === `/zones/${ZONE_ID}/load_balancers/${LB_ID}` && typeof body === "object" && body !== null) {
      await patchHook?.(body);
      lb = { ...lb, ...body };
      if (answersToLose > 0) {
        answersToLose--;
        req.socket.destroy(); // applied, but the client never learns it
        return;
      }
      return ok(lb);
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ success: false, errors: [{ code: 7003, message: `no route ${key}` }], messages: [], result: null }));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  const { port, close } = await listenOnLoopback(server);
  return {
    baseUrl: `http://127.0.0.1:${port}/client/v4`,
    requests,
    fail: faults.fail,
    onPatch: (hook) => {
      patchHook = hook;
    },
    onRequest: (hook) => {
      requestHook = hook;
    },
    setPoolHealth: (poolId, h) => {
      health.set(poolId, h);
    },
    loadBalancer: () => lb,
    setLoadBalancer: (fields) => {
      lb = { ...lb, ...fields };
    },
    loseAnswers: (count) => {
      answersToLose = count;
    },
    losePoolAnswers: (count) => {
      poolAnswersToLose = count;
    },
    pool: (id) => pools.find((p) => p.id === id),
    setPool: (id, fields) => {
      const i = pools.findIndex((p) => p.id === id);
      if (i >= 0) pools[i] = { ...pools[i], ...fields };
    },
    close,
  };
}
