import { listOfItems } from "./cloudflare-answer-shape";
import { field, str } from "./json";

/**
 * The one lookup of a zone by name that every caller of the Cloudflare API makes (release --now/--watch,
 * preflight, and the dry run that prints it): `GET /zones?name=<zone>&account.id=<account>`, filtered on
 * the account as the stacks' data.cloudflare_zone is (providers.ts zoneId), so a same-named zone of
 * another account the token can see (a pending one, say) is never picked. Listing zones needs Zone Read
 * only, with or without the filter: https://developers.cloudflare.com/api/resources/zones/methods/list/
 */
export interface ZoneLookup {
  readonly name: string;
  /** cloudflare.accountId */
  readonly accountId: string;
}

/** A zone as a list answer holds it; `accountId` is the answer's `account.id`. */
export interface ListedZone {
  readonly id: string;
  readonly name: string;
  readonly accountId?: string;
}

/**
 * The zones of a list answer's `result` (`GET /zones`), each an object with a string id and name
 * (listOfItems: anything else is a CloudflareShapeError); `accountId` where the answer gives `account.id`.
 */
export function listedZones(result: unknown): ListedZone[] {
  return listOfItems(result, ["id", "name"]).map((z) => {
    const accountId = str(field(z.account, "id"));
    return { id: z.id, name: z.name, ...(accountId ? { accountId } : {}) };
  });
}

/** The answer named no zone golive can take for sure: the message says what to set. */
export class ZoneLookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZoneLookupError";
  }
}

/**
 * The SDK's `ZoneListParams` for the lookup (cloudflare/resources/zones/zones.d.ts). The SDK sends the
 * nested `account.id` with dots (qs `allowDots`, cloudflare/index.js stringifyQuery), as zoneLookupUrl shows it.
 */
export function zoneListParams(z: ZoneLookup): { name: string; account: { id: string } } {
  return { name: z.name, account: { id: z.accountId } };
}

/** The lookup's URL, as a dry run prints it. */
export function zoneLookupUrl(baseUrl: string, z: ZoneLookup): string {
  return `${baseUrl}/zones?${new URLSearchParams({ name: z.name, "account.id": z.accountId }).toString()}`;
}

const PIN = "set cloudflare.zone.id to the id of the zone golive manages (the zone's Overview page in the dashboard)";

/**
 * The zone the answer names, undefined when it names none. Never the first of several: more than one
 * zone of that name, or one of another account (an API or proxy that ignored the filter), is refused.
 */
export function pickZone<T extends ListedZone>(listed: readonly T[], z: ZoneLookup): T | undefined {
  const named = listed.filter((x) => x.name === z.name);
  const text = (x: ListedZone) => `${x.id} of account ${x.accountId ?? "(not reported)"}`;
  if (named.length > 1)
    throw new ZoneLookupError(
      `the Cloudflare API lists ${named.length} zones named ${z.name} for account ${z.accountId} (${named.map(text).join(", ")}); golive will not guess: ${PIN}`,
    );
  const [zone] = named;
  if (zone !== undefined && zone.accountId !== z.accountId)
    throw new ZoneLookupError(
      `asked for zone ${z.name} of account ${z.accountId}, the Cloudflare API answered ${text(zone)}; golive will not use another account's zone: check cloudflare.accountId, or ${PIN}`,
    );
  return zone;
}
