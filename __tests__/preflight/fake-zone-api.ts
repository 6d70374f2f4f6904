import { envelope, type Fault, faultQueue } from "../helpers/fake-cloudflare";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { listenOnLoopback } from "../helpers/loopback";

export const ZONE_ID = "0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a";
export const ACCOUNT_ID = "0123456789abcdef0123456789abcdef";

export interface FakeRuleset {
  readonly id: string;
  readonly kind: string;
  readonly phase: string;
  readonly name: string;
  readonly description?: string;
}

export interface FakeRecord {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly content?: string;
  readonly priority?: number;
  readonly data?: { readonly flags: number; readonly tag: string; readonly value: string };
  readonly comment?: string;
  /** As Cloudflare marks the record a Workers custom domain made: `{ origin_worker_id, read_only: true }`. */
  readonly meta?: { readonly origin_worker_id: string; readonly read_only: boolean };
}

/** A Workers custom domain of the zone's account (`GET /accounts/{account_id}/workers/domains`). */
export interface FakeWorkerDomain {
  readonly id: string;
  readonly hostname: string;
  readonly service: string;
}

/** One zone as the stand-in serves it; absent fields take a fresh Pro zone's values. */
export interface FakeZone {
  readonly name: string;
  readonly id?: string;
  readonly accountId?: string;
  /** `plan.legacy_id`. @default "pro" */
  readonly plan?: string;
  /** @default "active" */
  readonly status?: string;
  /** full, partial, secondary, internal. @default "full" */
  readonly type?: string;
  /** @default false */
  readonly paused?: boolean;
  readonly nameServers?: readonly string[];
  readonly rulesets?: readonly FakeRuleset[];
  readonly records?: readonly FakeRecord[];
  /** DNS records per page whatever `per_page` asks (a server may answer fewer): to make a list span pages. */
  readonly recordsPerPage?: number;
  readonly dnssec?: { readonly status: string; readonly ds?: string };
  /** The account's Workers custom domains on this zone. */
  readonly workerDomains?: readonly FakeWorkerDomain[];
}

/** The account's Zero Trust organization, as `GET /accounts/{account_id}/access/organizations` answers it. */
export interface FakeOrganization {
  readonly name: string;
  readonly auth_domain: string;
}

export const FAKE_ORGANIZATION: FakeOrganization = { name: "Example Corp", auth_domain: "example-corp.cloudflareaccess.com" };

/** What the stand-in serves per account, beside zones. */
export interface FakeAccount {
  /** null: the account has none (answered 404: Cloudflare documents no exact code for it). @default FAKE_ORGANIZATION */
  readonly organization?: FakeOrganization | null;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly authorization: string;
}

export type { Fault } from "../helpers/fake-cloudflare";

/** A raw answer in place of the stand-in's own: any status, content type and body (an HTML page, a bad envelope). */
export interface RawReply {
  /** @default 200 */
  readonly status?: number;
  /** @default "application/json" */
  readonly contentType?: string;
  readonly body: string;
}

export interface FakeZoneApi {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Queues faults for requests whose `METHOD path` matches; each fault answers one request. */
  fail(route: RegExp, faults: readonly Fault[]): void;
  /** Answers every request whose `METHOD path?query` matches with `reply`, from now on. */
  answer(route: RegExp, reply: RawReply): void;
  close(): Promise<void>;
}

/** The body Cloudflare sends with an error, here under HTTP 200: what the SDK would read as an empty list. */
export const FAILED_ENVELOPE = JSON.stringify({
  success: false,
  errors: [{ code: 10000, message: "Authentication error" }],
  messages: [],
  result: null,
});

function errorBody(status: number): string {
  const [code, message] =
    status === 401
      ? [10000, "Authentication error"]
      : status === 403
        ? [10000, "Authentication error"]
        : status === 404
          ? [1001, "Invalid zone identifier"]
          : status === 429
            ? [971, "Please wait and consider throttling your request speed"]
            : [10001, "Internal error"];
  return JSON.stringify({ success: false, errors: [{ code, message }], messages: [], result: null });
}

function zoneResult(z: FakeZone): Record<string, unknown> {
  const plan = z.plan ?? "pro";
  return {
    id: z.id ?? ZONE_ID,
    name: z.name,
    status: z.status ?? "active",
    type: z.type ?? "full",
    paused: z.paused ?? false,
    account: { id: z.accountId ?? ACCOUNT_ID, name: "Example account" },
    name_servers: z.nameServers ?? ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"],
    original_name_servers: ["ns1.registrar.example", "ns2.registrar.example"],
    plan: {
      id: "f".repeat(32),
      name: `${plan[0]?.toUpperCase()}${plan.slice(1)} Website`,
      legacy_id: plan,
      is_subscribed: plan !== "free",
    },
  };
}

/**
 * A local stand-in for api.cloudflare.com/client/v4 answering the reads `golive preflight` makes through
 * the SDK: zone by name or id (the list filtered on `name` and `account.id` when given, as the API
 * filters), the zone's rulesets (cursor-paginated), DNS records (page-paginated: the SDK asks until a
 * page is empty) and DNSSEC, and the account's Workers custom domains (filtered on `hostname` when
 * given, as the API filters), and its Zero Trust organization (`account`). Only GET is served: anything else is a 405, so a test sees a write attempt.
 * `others`: more zones the token can see (another account's, each with its own id), listed first.
 */
export async function startFakeZoneApi(
  zone: FakeZone | undefined,
  others: readonly FakeZone[] = [],
  account: FakeAccount = {},
): Promise<FakeZoneApi> {
  const requests: RecordedRequest[] = [];
  const faults = faultQueue();
  const replies: { route: RegExp; reply: RawReply }[] = [];
  const zones = [...others, ...(zone ? [zone] : [])];

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname.replace(/^\/client\/v4/, "");
    requests.push({ method: req.method ?? "", path, query: url.search, authorization: String(req.headers.authorization ?? "") });
    const key = `${req.method} ${path}`;
    const fault = faults.next(key);
    if (fault === "hang") return; // never answers: the client's timeout must fire
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(body);
    };
    if (fault) return send(fault.status, errorBody(fault.status), fault.headers);
    const raw = replies.find((r) => r.route.test(`${key}${url.search}`))?.reply;
    if (raw) return send(raw.status ?? 200, raw.body, { "content-type": raw.contentType ?? "application/json" });
    if (req.method !== "GET") return send(405, errorBody(405));
    if (path === "/zones") {
      const [name, account] = [url.searchParams.get("name"), url.searchParams.get("account.id")];
      const found = zones
        .filter((z) => (name === null || z.name === name) && (account === null || (z.accountId ?? ACCOUNT_ID) === account))
        .map(zoneResult);
      return send(
        200,
        envelope(found, { result_info: { page: 1, per_page: 20, count: found.length, total_count: found.length, total_pages: 1 } }),
      );
    }
    if (/^\/accounts\/[^/]+\/access\/organizations$/.test(path)) {
      const org = account.organization === undefined ? FAKE_ORGANIZATION : account.organization;
      if (org === null)
        return send(404, JSON.stringify({ success: false, errors: [{ message: "organization not found" }], messages: [], result: null }));
      return send(200, envelope({ ...org, created_at: "2024-01-01T00:00:00Z", session_duration: "24h" }));
    }
    const [, accountId] = /^\/accounts\/([^/]+)\/workers\/domains$/.exec(path) ?? [];
    if (accountId !== undefined) {
      const hostname = url.searchParams.get("hostname");
      const found = zones
        .filter((z) => (z.accountId ?? ACCOUNT_ID) === accountId)
        .flatMap((z) =>
          (z.workerDomains ?? []).map((d) => ({ ...d, zone_id: z.id ?? ZONE_ID, zone_name: z.name, environment: "production" })),
        )
        .filter((d) => hostname === null || d.hostname === hostname);
      return send(200, envelope(found));
    }
    const [, zoneId, sub] = /^\/zones\/([^/]+)(.*)$/.exec(path) ?? [];
    const held = zones.find((z) => (z.id ?? ZONE_ID) === zoneId);
    if (!held) return send(404, errorBody(404));
    if (sub === "") return send(200, envelope(zoneResult(held)));
    if (sub === "/rulesets") return send(200, envelope(held.rulesets ?? [], { result_info: {} }));
    if (sub === "/dns_records") {
      const perPage = held.recordsPerPage ?? Number(url.searchParams.get("per_page") ?? "100");
      const page = Number(url.searchParams.get("page") ?? "1");
      const all = held.records ?? [];
      const slice = all.slice((page - 1) * perPage, page * perPage);
      return send(
        200,
        envelope(slice, {
          result_info: {
            page,
            per_page: perPage,
            count: slice.length,
            total_count: all.length,
            total_pages: Math.ceil(all.length / perPage),
          },
        }),
      );
    }
    if (sub === "/dnssec") return send(200, envelope(held.dnssec ?? { status: "disabled" }));
    return send(404, errorBody(404));
  };

  const server: Server = createServer(handle);
  const { port, close } = await listenOnLoopback(server);
  return {
    baseUrl: `http://127.0.0.1:${port}/client/v4`,
    requests,
    fail: faults.fail,
    answer: (route, reply) => replies.push({ route, reply }),
    close,
  };
}
