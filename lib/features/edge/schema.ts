import { z } from "zod";
import { CloudflareId, limitedList, Reason, requiredKeys, requiredSection } from "../../core/fields";
import { DnsName, Hostname, PlainHostname, punycodeProblem } from "../../core/dns-names";
import { Cidr } from "../../core/ip-addresses";
import { EmailAddress, HeaderValue, HttpsUrl, NORMALIZED_PATH_ALLOWED, unnormalizedPathProblem, UrlPath } from "../../core/web-fields";
import { PemCertificate } from "../../core/pem-certificate";
import { AccessConfig } from "./access-schema";

export const PlanTier = z.enum(["free", "pro", "business", "enterprise"]);
export type PlanTier = z.infer<typeof PlanTier>;

export const CloudflareConfig = z.strictObject({
  /** Account that owns the zone and the Zero Trust (Access) organisation. */
  accountId: CloudflareId,
  zone: z.strictObject({
    name: PlainHostname,
    /** Adopt an existing zone by id; without it the stack creates the zone (with prevent_destroy). */
    id: CloudflareId.optional(),
  }),
  /**
   * The zone's Cloudflare plan; what edge declares must fit it (see tiers.ts). A zone golive creates is
   * subscribed to a paid plan (`cloudflare_zone_subscription`, billed to the account; a new zone starts on
   * free, which has no subscription to declare); an adopted zone
   * (`zone.id`) keeps its subscription untouched and must already be on this plan or higher.
   */
  plan: PlanTier,
});

export const HostnameConfig = z.strictObject({
  name: Hostname,
  /** IPv4/IPv6 address (A/AAAA) or a hostname (CNAME) the edge forwards to. */
  origin: z.string().min(1).max(253),
  /** @default true — app traffic goes through Cloudflare's proxy (WAF, rate limits, Access). */
  proxied: z.boolean().default(true),
  /** Leave the hostname without Cloudflare Access. Must say why. */
  public: z.strictObject({ reason: Reason }).optional(),
});

export const DnsRecordConfig = z.strictObject({
  /** `_` labels (`_dmarc`, `_sip._tcp`) only on TXT, SRV and CNAME records (checked with the type). */
  name: DnsName,
  type: z.enum(["A", "AAAA", "CNAME", "TXT", "MX", "CAA", "SRV"]),
  /** SRV: `<weight> <port> <target>` (the priority goes in `priority`). */
  content: z.string().min(1),
  priority: z.number().int().min(0).max(65535).optional(),
  /** @default false — extra records are DNS-only unless they say otherwise. */
  proxied: z.boolean().default(false),
  comment: z.string().max(100).optional(),
});

/**
 * The fields of DnsRecordConfig the edge stack writes through terraformLiteral (constructs/dns-records.ts:
 * a TXT value may need `${`), so the config guard lets them hold `${` and `%{` (Feature.templateSafe).
 */
export const DNS_TEMPLATE_SAFE = {
  paths: [
    ["edge", "dns", "*", "content"],
    ["edge", "dns", "*", "comment"],
  ],
  says: "edge.dns record contents and comments",
} as const;

export const RedirectConfig = z.strictObject({
  /** Source host, optionally with a path prefix: `old.example.com` or `example.com/docs`. */
  from: z
    .string()
    .max(1024)
    .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})(\/[A-Za-z0-9._~\-/]*)?$/, {
      message: "must be host or host/path, lower-case, no scheme",
      abort: true,
    })
    .superRefine((from, ctx) => {
      const slash = from.indexOf("/");
      const punycode = punycodeProblem(slash === -1 ? from : from.slice(0, slash));
      if (punycode) ctx.addIssue({ code: "custom", message: `its host: ${punycode}`, input: from });
      const problem = slash === -1 ? undefined : unnormalizedPathProblem(from.slice(slash));
      if (problem)
        ctx.addIssue({
          code: "custom",
          message: `its path ${problem}; ${NORMALIZED_PATH_ALLOWED}, such as example.com/docs`,
          input: from,
        });
    }),
  to: HttpsUrl,
  /** @default 301 */
  status: z.union([z.literal(301), z.literal(308)]).default(301),
  /** Keep the rest of the path below the matched prefix, appended to `to`'s path. @default true */
  preservePath: z.boolean().default(true),
});

/** What a rate-limit rule does once the rate is reached. */
export const RateLimitAction = z.enum(["block", "managed_challenge", "log"]);
export type RateLimitAction = z.infer<typeof RateLimitAction>;

/** The most requests per IP and period a rate limit may allow: above it, it limits nothing that matters. */
export const MAX_REQUESTS_PER_PERIOD = 100000;

export const RateLimitConfig = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, "must be a lower-case name"),
  paths: z.array(UrlPath).min(1),
  /** Requests per IP per period before the action applies. */
  requestsPerPeriod: z
    .number()
    .int()
    .min(1, "must be at least 1")
    .max(MAX_REQUESTS_PER_PERIOD, `must be at most ${MAX_REQUESTS_PER_PERIOD}`),
  /**
   * Seconds: one of Cloudflare's supported values up to the plan's maximum (10 on free, 60 on pro, 600 on
   * business, 65535 on enterprise; lib/features/edge/tiers.ts). @default 10 on free, else 60
   */
  period: z.number().int().positive().optional(),
  /**
   * Seconds the action lasts once triggered: one of Cloudflare's supported values up to the plan's maximum
   * (10 on free, 3600 on pro, 86400 above). Below Enterprise a challenge action must have 0: Cloudflare
   * then challenges each request over the rate instead. @default 0 for a challenge action, else 10 on free and 60 above
   */
  mitigationTimeout: z.number().int().min(0).max(86400).optional(),
  /** @default "block" */
  action: RateLimitAction.default("block"),
});
export type RateLimitConfig = z.infer<typeof RateLimitConfig>;

export const WafConfig = z.strictObject({
  managed: z
    .strictObject({
      /**
       * Cloudflare Managed Ruleset (pro+). Omitted: on where the plan has it (see waf.ts, desiredManagedRulesets).
       * @default true on pro and higher, false on free
       */
      cloudflare: z.boolean().optional(),
      /** OWASP Core Ruleset (pro+). @default true on pro and higher, false on free */
      owasp: z.boolean().optional(),
      /** OWASP anomaly score threshold: 60 low, 40 medium, 25 high sensitivity. @default 40 */
      owaspScoreThreshold: z.union([z.literal(25), z.literal(40), z.literal(60)]).default(40),
    })
    .prefault({}),
  /** Origins allowed to send state-changing requests (CSRF at the edge). */
  allowedOrigins: limitedList(HttpsUrl, 50, "allowed origins").min(1),
  admin: z
    .strictObject({
      paths: limitedList(UrlPath, 50, "admin paths").min(1),
      /** Only these networks reach admin paths at all (Access still applies on top). */
      allowedNetworks: limitedList(Cidr, 100, "admin networks (they share one WAF expression)").min(1),
    })
    .optional(),
});

export const SecurityHeadersConfig = z
  .strictObject({
    /**
     * Content-Security-Policy. Apps differ too much for a full default, so unset means only
     * `frame-ancestors 'none'` (the modern X-Frame-Options). @default "frame-ancestors 'none'"
     */
    contentSecurityPolicy: HeaderValue.optional(),
    /** @default "strict-origin-when-cross-origin" */
    referrerPolicy: z
      .enum(["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"])
      .default("strict-origin-when-cross-origin"),
    /** @default "camera=(), microphone=(), geolocation=()" */
    permissionsPolicy: HeaderValue.default("camera=(), microphone=(), geolocation=()"),
  })
  .prefault({});

/** One year: the floor of browsers' preload lists, and the most Cloudflare's HSTS setting offers. */
export const HSTS_ONE_YEAR = 31536000;

export const HstsConfig = z
  .strictObject({
    /**
     * Seconds. At least one year (preload lists and GL-EDGE-003), and Cloudflare's HSTS setting offers
     * "Disable, or a range from 1 to 12 months" (developers.cloudflare.com/ssl/edge-certificates/
     * additional-options/http-strict-transport-security/), so one year is also the most. @default 31536000
     */
    maxAge: z
      .number()
      .int()
      .min(HSTS_ONE_YEAR, "must be at least 31536000 (one year)")
      .max(HSTS_ONE_YEAR, "must be at most 31536000 (12 months, the longest Cloudflare's HSTS setting offers)")
      .default(HSTS_ONE_YEAR),
    /** Submit to browser preload lists; hard to undo. @default false */
    preload: z.boolean().default(false),
  })
  .prefault({});

/**
 * Zone URL normalization (`cloudflare_url_normalization_settings`): what `http.request.uri.path` is
 * when WAF rules, rate limits and Access match it (developers.cloudflare.com/rules/normalization/settings/).
 * Scope `none` is refused: with it `/%61dmin` and `/x/../admin` are not `/admin` to any path rule.
 */
export const UrlNormalizationConfig = z
  .strictObject({
    /**
     * `cloudflare`: RFC 3986 (percent-decoding unreserved characters, removing dot segments) plus
     * merging `//` and turning `\` into `/`; `rfc3986`: RFC 3986 only, so `//admin` is not `/admin`
     * at the edge. @default "cloudflare"
     */
    type: z.enum(["cloudflare", "rfc3986"]).default("cloudflare"),
    /**
     * `incoming`: rules and Access see the normalized URL, the origin gets the URL as sent; `both`: the
     * origin gets the normalized URL too (can change what the app routes). @default "incoming"
     */
    scope: z
      .enum(["incoming", "both"], {
        error: (issue) =>
          issue.input === "none"
            ? 'URL normalization cannot be turned off: encoded paths (/%61dmin) would slip past path rules; allowed: "incoming"|"both"'
            : undefined,
      })
      .default("incoming"),
  })
  .prefault({});

export const OriginLockdown = z.enum(["authenticated-origin-pulls", "tunnel", "access-jwt"]);
export type OriginLockdown = z.infer<typeof OriginLockdown>;

const EDGE_SHAPE = {
  /**
   * Each protected one is also a destination of every Access application, which the account's
   * edge.access.accountLimits.domainsPerApplication caps (5 unless raised) well before this 100.
   */
  hostnames: limitedList(HostnameConfig, 100, "hostnames (each is a DNS record, an Access destination and health checks)").min(1),
  /** Which of apex and www is canonical; the other redirects to it. @default "none" */
  canonicalHost: z.enum(["apex", "www", "none"]).default("none"),
  dns: limitedList(DnsRecordConfig, 1000, "DNS records").default([]),
  redirects: limitedList(RedirectConfig, 500, "redirects").default([]),
  waf: requiredSection(WafConfig),
  /**
   * Omitted: the plan's defaults (rate-limit-defaults.ts), DEFAULT_RATE_LIMITS (chat 30/min, tools 10/min
   * per IP) or on free FREE_DEFAULT_RATE_LIMITS (one rule, 5 per 10 s). Read the deployed rules with `desiredRateLimits`.
   */
  rateLimits: z.array(RateLimitConfig).min(1, "at least one rate limit (chat) is required").optional(),
  access: requiredSection(AccessConfig),
  securityHeaders: SecurityHeadersConfig,
  hsts: HstsConfig,
  /**
   * How origins refuse requests that did not come through Cloudflare, so nobody skips Access and the
   * WAF by calling an origin's address. `authenticated-origin-pulls`: the zone presents your own
   * client certificate (`originPullCertificate`, zone-level Authenticated Origin Pulls) and every
   * origin requires it (TLS). `tunnel`: every origin is a
   * Cloudflare Tunnel (`<id>.cfargotunnel.com`) with no public address. `access-jwt`: the app checks
   * the Cf-Access-Jwt-Assertion of every request (only covers hostnames behind Access).
   * @default "authenticated-origin-pulls"
   */
  originLockdown: OriginLockdown.default("authenticated-origin-pulls"),
  /**
   * The public client certificate (PEM, inline) Cloudflare presents to the origins under
   * `authenticated-origin-pulls`, signed by your own CA, which the origins trust. Without it only
   * Cloudflare's global certificate, shared by every Cloudflare account, is presented, and GL-AUTH-002
   * fails. Its private key is never in config: the deploy passes it as the sensitive Terraform variable
   * origin_pull_private_key (runbooks/deploy.md, "Origin lockdown").
   */
  originPullCertificate: PemCertificate.optional(),
  /** How the zone normalizes request URLs before path rules match them. @default {type: "cloudflare", scope: "incoming"} */
  urlNormalization: UrlNormalizationConfig,
  /**
   * Order an advanced certificate (Advanced Certificate Manager, a paid add-on bought for the zone) for
   * proxied names two or more labels below the zone (`api.eu.example.net`), which Universal SSL does not
   * cover: the edge stack declares one certificate pack with the zone and a wildcard of each such name's
   * parent (certificate-coverage.ts). Without it such names are refused. @default false
   */
  advancedCertificate: z.boolean().default(false),
  /** Where CAs report certificate problems (CAA iodef). */
  securityContact: EmailAddress,
};

/** The waf and access sections are requiredSection's: the JSON Schema still lists them as required. */
export const EdgeConfig = z.strictObject(EDGE_SHAPE).meta({ required: requiredKeys(EDGE_SHAPE) });
