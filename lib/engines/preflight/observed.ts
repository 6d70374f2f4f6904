/** What preflight read from Cloudflare, reduced to what it compares: plain data, no SDK types. */

export interface ObservedZone {
  readonly id: string;
  readonly name: string;
  readonly accountId?: string;
  /** The plan's tier name as the API calls it (`plan.legacy_id`: free, pro, business, enterprise). */
  readonly plan?: string;
  /** initializing, pending (name servers not delegated yet), active, moved. */
  readonly status?: string;
  /**
   * full (Cloudflare's name servers answer for it), partial (CNAME setup: another provider does),
   * secondary (records by zone transfer), internal. Absent: the answer did not say.
   */
  readonly type?: string;
  /** true: Cloudflare answers its DNS only, with no proxy, WAF or Access. Absent: the answer did not say. */
  readonly paused?: boolean;
  readonly nameServers: readonly string[];
  readonly originalNameServers: readonly string[];
}

export interface ObservedRuleset {
  readonly id: string;
  readonly kind: string;
  readonly phase: string;
  readonly name: string;
  readonly description?: string;
}

export interface ObservedRecord {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly content?: string;
  readonly priority?: number;
  /** CAA parts, as `data`. */
  readonly caa?: { readonly flags?: number; readonly tag?: string; readonly value?: string };
  readonly comment?: string;
  /** `meta.origin_worker_id`: the record a Workers custom domain made for its hostname (a proxied `AAAA 100::`). */
  readonly workerId?: string;
}

/** A Workers custom domain of the account (`GET /accounts/{account_id}/workers/domains`). */
export interface ObservedCustomDomain {
  readonly id: string;
  readonly hostname: string;
  /** The Worker (script name) it is attached to. */
  readonly service: string;
}

export interface ObservedDnssec {
  /** active, pending, disabled, pending-disabled, error. */
  readonly status?: string;
  readonly ds?: string;
}

/**
 * The account's Zero Trust organization (`GET /accounts/{account_id}/access/organizations`), made once in
 * the dashboard (a team name): "none" when Cloudflare answers that there is none, "refused" when the token
 * lacks the Access read permission (so nothing is known).
 */
export type ObservedOrganization =
  | { readonly state: "present"; readonly name?: string; readonly authDomain?: string }
  | { readonly state: "none" }
  | { readonly state: "refused"; readonly status: number };

export interface Observed {
  /** Absent: no zone of that name (or id) is visible to the token. */
  readonly zone?: ObservedZone;
  readonly rulesets: readonly ObservedRuleset[];
  readonly records: readonly ObservedRecord[];
  readonly dnssec?: ObservedDnssec;
  /**
   * Custom domains on the hostnames golive attaches a Worker to, read only where a DNS record holds one
   * (to tell golive's Worker from another); "refused" when the token lacks Workers Scripts Read.
   */
  readonly customDomains?: readonly ObservedCustomDomain[] | "refused";
}
