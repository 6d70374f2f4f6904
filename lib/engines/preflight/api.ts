import { cloudflareClient, cloudflareSdk } from "../../core/cloudflare-client";
import { pickZone, type ZoneLookup, zoneListParams } from "../../core/cloudflare-zone-lookup";
import { bool, field, isRecord, num, str, strings } from "../../core/json";
import { type ApiStep, explainApiError, PreflightApiError, type RetryBudget } from "./api-errors";
import { shapeOf } from "../../core/cloudflare-answer-shape";
import { envelopeList, envelopeResult, type ListPage, responseBody, unreadable } from "./envelope";
import type {
  Observed,
  ObservedCustomDomain,
  ObservedDnssec,
  ObservedOrganization,
  ObservedRecord,
  ObservedRuleset,
  ObservedZone,
} from "./observed";
import { normalName } from "./records-match";

export interface ApiOptions extends RetryBudget {
  /** From CLOUDFLARE_API_TOKEN; never printed, never written anywhere. */
  readonly token: string;
  /** @default https://api.cloudflare.com/client/v4 (tests point it at 127.0.0.1) */
  readonly baseUrl: string;
}

export interface ZoneTarget extends ZoneLookup {
  /** cloudflare.zone.id: read that zone instead of looking the name up. */
  readonly id?: string;
  /** Hostnames the stacks attach a Workers custom domain to (mta-sts.<domain>). @default none */
  readonly customDomains?: readonly string[];
}

/** Bounds on what one preflight reads: a zone with more is refused rather than half compared. */
export const MAX_PAGES = 50;
const RECORDS_PER_PAGE = 1000;

const STEPS = {
  zone: { what: "reading the zone", permission: "Zone: Zone Read on the zone" },
  rulesets: {
    what: "listing the zone's rulesets",
    permission: "Zone: Zone WAF Read (or another ruleset read permission, such as Transform Rules Read) on the zone",
  },
  records: { what: "listing the zone's DNS records", permission: "Zone: DNS Read on the zone" },
  dnssec: { what: "reading the zone's DNSSEC status", permission: "Zone: DNS Read on the zone" },
  customDomains: { what: "listing the account's Workers custom domains", permission: "Account: Workers Scripts Read" },
  organization: {
    what: "reading the account's Zero Trust organization",
    permission: "Account: Access: Organizations, Identity Providers, and Groups Read",
  },
} as const satisfies Record<string, ApiStep>;

function toZone(z: unknown): ObservedZone | undefined {
  const id = str(field(z, "id"));
  const name = str(field(z, "name"));
  if (id === undefined || name === undefined) return undefined;
  const plan = field(z, "plan");
  const accountId = str(field(field(z, "account"), "id"));
  const tier = str(field(plan, "legacy_id")) ?? str(field(plan, "name"))?.split(" ")[0]?.toLowerCase();
  const status = str(field(z, "status"));
  const type = str(field(z, "type"));
  const paused = bool(field(z, "paused"));
  return {
    id,
    name,
    ...(accountId ? { accountId } : {}),
    ...(tier ? { plan: tier } : {}),
    ...(status ? { status } : {}),
    ...(type ? { type } : {}),
    ...(paused !== undefined ? { paused } : {}),
    nameServers: strings(field(z, "name_servers")),
    originalNameServers: strings(field(z, "original_name_servers")),
  };
}

function toRuleset(r: unknown): ObservedRuleset | undefined {
  const [id, kind, phase] = [str(field(r, "id")), str(field(r, "kind")), str(field(r, "phase"))];
  if (id === undefined || kind === undefined || phase === undefined) return undefined;
  const description = str(field(r, "description"));
  return { id, kind, phase, name: str(field(r, "name")) ?? "", ...(description ? { description } : {}) };
}

function toRecord(r: unknown): ObservedRecord | undefined {
  const [id, name, type] = [str(field(r, "id")), str(field(r, "name")), str(field(r, "type"))];
  if (id === undefined || name === undefined || type === undefined) return undefined;
  const [content, priority, comment, data] = [
    str(field(r, "content")),
    num(field(r, "priority")),
    str(field(r, "comment")),
    field(r, "data"),
  ];
  const caa = type === "CAA" && isRecord(data) ? data : undefined;
  const workerId = str(field(field(r, "meta"), "origin_worker_id"));
  return {
    id,
    name,
    type,
    ...(content !== undefined ? { content } : {}),
    ...(priority !== undefined ? { priority } : {}),
    ...(comment ? { comment } : {}),
    ...(workerId ? { workerId } : {}),
    ...(caa
      ? {
          caa: {
            ...(num(caa.flags) !== undefined ? { flags: num(caa.flags) } : {}),
            ...(str(caa.tag) ? { tag: str(caa.tag) } : {}),
            ...(str(caa.value) ? { value: str(caa.value) } : {}),
          },
        }
      : {}),
  };
}

function toCustomDomain(d: unknown): ObservedCustomDomain | undefined {
  const [id, hostname, service] = [str(field(d, "id")), str(field(d, "hostname")), str(field(d, "service"))];
  return id === undefined || hostname === undefined || service === undefined ? undefined : { id, hostname, service };
}

function defined<T>(list: readonly (T | undefined)[]): T[] {
  return list.filter((x): x is T => x !== undefined);
}

/** A page as the SDK returns it; its parsed body (`body`, SDK-protected: core.js AbstractPage) is what envelopeList checks. */
/** A page of an SDK list, as allPages reads it (its raw answer in `body`). */
export interface Page {
  hasNextPage(): boolean;
  getNextPage(): Promise<Page>;
}

/** The checked items of one page: the SDK's own `getPaginatedItems()` would read a failed answer as empty. */
function pageItems(page: Page, step: ApiStep): ListPage {
  return envelopeList(field(page, "body"), step);
}

/**
 * Every item of a paginated list, at most MAX_PAGES pages, each page checked (envelopeList). Where
 * Cloudflare reports the list's size (`result_info.total_count`, on page-numbered lists such as DNS
 * records), reading fewer or more is refused: a page lost or the zone changed while it was read.
 */
export async function allPages(first: Promise<Page>, step: ApiStep): Promise<unknown[]> {
  let page = await first;
  const head = pageItems(page, step);
  const out = [...head.items];
  for (let n = 1; page.hasNextPage(); n++) {
    // The SDK asks for the page after every full one (its page-number pagination stops only at an empty
    // page), so a list of exactly MAX_PAGES full pages was refused as "more": once it holds
    // total_count items, it is whole.
    if (head.totalCount !== undefined && out.length >= head.totalCount) break;
    if (n >= MAX_PAGES) throw new PreflightApiError(`${step.what}: more than ${MAX_PAGES} pages; preflight compares whole zones only`);
    page = await page.getNextPage();
    out.push(...pageItems(page, step).items);
  }
  if (head.totalCount !== undefined && head.totalCount !== out.length)
    throw new PreflightApiError(
      `${step.what}: read ${out.length} but the Cloudflare API reports ${head.totalCount} (result_info.total_count): a page was lost or the zone changed while it was read; nothing was compared and no file was written or removed: run preflight again`,
    );
  return out;
}

/**
 * Reads, and only reads, what preflight compares: the zone (by id when config pins it, else by name
 * within the account), its rulesets, DNS records and DNSSEC state, and the custom domains on a
 * hostname of `target.customDomains` that a record already holds. No zone: nothing else is read.
 */
export async function observeZone(target: ZoneTarget, o: ApiOptions): Promise<Observed> {
  const client = cloudflareClient(o);
  const step = async <T>(s: ApiStep, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (err) {
      throw explainApiError(err, s, o);
    }
  };
  const zone = await step(STEPS.zone, async () => {
    if (target.id !== undefined) {
      try {
        const response = await client.zones.get({ zone_id: target.id }).asResponse();
        const found = toZone(envelopeResult(await responseBody(response), STEPS.zone));
        if (found === undefined)
          throw new PreflightApiError(
            `${STEPS.zone.what}: the Cloudflare API answered success but no zone (no id and name) for ${target.id}`,
          );
        return found;
      } catch (err) {
        // A pinned id the token cannot see reads as absent; the report says what to check.
        if (err instanceof cloudflareSdk().NotFoundError) return undefined;
        throw err;
      }
    }
    // One page: a name matches one zone of the account at most (pickZone refuses more).
    const { items } = pageItems(await client.zones.list(zoneListParams(target)), STEPS.zone);
    return pickZone(defined(items.map(toZone)), target);
  });
  if (!zone) return { rulesets: [], records: [] };
  const zoneId = zone.id;
  const rulesets = await step(STEPS.rulesets, () => allPages(client.rulesets.list({ zone_id: zoneId }), STEPS.rulesets));
  const records = await step(STEPS.records, () =>
    allPages(client.dns.records.list({ zone_id: zoneId, per_page: RECORDS_PER_PAGE }), STEPS.records),
  );
  const dnssec = await step(STEPS.dnssec, async (): Promise<ObservedDnssec> => {
    const response = await client.dns.dnssec.get({ zone_id: zoneId }).asResponse();
    const d = envelopeResult(await responseBody(response), STEPS.dnssec);
    const [status, ds] = [str(field(d, "status")), str(field(d, "ds"))];
    return { ...(status ? { status } : {}), ...(ds ? { ds } : {}) };
  });
  const observedRecords = defined(records.map(toRecord));
  // Only a host a record already holds can be another Worker's, so a first deploy needs no Workers permission.
  const held = (target.customDomains ?? []).filter((host) => observedRecords.some((r) => normalName(r.name) === normalName(host)));
  const customDomains = await step(STEPS.customDomains, () => readCustomDomains(client, target.accountId, held));
  return {
    zone,
    rulesets: defined(rulesets.map(toRuleset)),
    records: observedRecords,
    dnssec,
    ...(customDomains ? { customDomains } : {}),
  };
}

/**
 * The account's custom domains on `hosts` (the API filters on `hostname`; kept only if it matches).
 * A token without Workers Scripts Read is answered 403: "refused", which the findings turn into what to
 * grant, rather than a failed run (a first deploy, with no record there, needs no Workers permission).
 */
async function readCustomDomains(
  client: ReturnType<typeof cloudflareClient>,
  accountId: string,
  hosts: readonly string[],
): Promise<readonly ObservedCustomDomain[] | "refused" | undefined> {
  if (hosts.length === 0) return undefined;
  const Cloudflare = cloudflareSdk();
  const out: ObservedCustomDomain[] = [];
  for (const hostname of hosts) {
    try {
      const items = await allPages(client.workers.domains.list({ account_id: accountId, hostname }), STEPS.customDomains);
      out.push(...defined(items.map(toCustomDomain)).filter((d) => normalName(d.hostname) === normalName(hostname)));
    } catch (err) {
      if (err instanceof Cloudflare.PermissionDeniedError || err instanceof Cloudflare.AuthenticationError) return "refused";
      throw err;
    }
  }
  return out;
}

/** A successful answer's `result`: an empty one (null, `{}`) is no organization; one that is not an object cannot be read. */
function toOrganization(result: unknown): ObservedOrganization {
  if (result === null || (isRecord(result) && Object.keys(result).length === 0)) return { state: "none" };
  if (!isRecord(result))
    throw unreadable(STEPS.organization, `success: true but a result that is not an organization (${shapeOf(result)})`);
  const [name, authDomain] = [str(result.name), str(result.auth_domain)];
  return { state: "present", ...(name ? { name } : {}), ...(authDomain ? { authDomain } : {}) };
}

/**
 * The account's Zero Trust organization, which every Access group, policy, application and service
 * token the edge stack declares needs; only the dashboard makes one (a team name). 404 or an empty
 * result: none. 401/403: "refused", which the findings turn into what to grant, as for custom domains.
 * Anything else that cannot be read fails the run, as every other read does.
 */
export async function observeOrganization(accountId: string, o: ApiOptions): Promise<ObservedOrganization> {
  const Cloudflare = cloudflareSdk();
  try {
    const response = await cloudflareClient(o).zeroTrust.organizations.list({ account_id: accountId }).asResponse();
    return toOrganization(envelopeResult(await responseBody(response), STEPS.organization));
  } catch (err) {
    if (err instanceof Cloudflare.NotFoundError) return { state: "none" };
    if (err instanceof Cloudflare.PermissionDeniedError || err instanceof Cloudflare.AuthenticationError)
      return { state: "refused", status: err.status };
    throw explainApiError(err, STEPS.organization, o);
  }
}
