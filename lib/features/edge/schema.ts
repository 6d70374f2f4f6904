import { z } from "zod";
import { Cidr, CloudflareId, EmailAddress, Hostname, HttpsUrl, Reason, UrlPath } from "../../core/fields";

export const PlanTier = z.enum(["free", "pro", "business", "enterprise"]);
export type PlanTier = z.infer<typeof PlanTier>;

export const CloudflareConfig = z.strictObject({
  /** Account that owns the zone and the Zero Trust (Access) organisation. */
  accountId: CloudflareId,
  zone: z.strictObject({
    name: Hostname,
    /** Adopt an existing zone by id; without it the stack creates the zone (with prevent_destroy). */
    id: CloudflareId.optional(),
  }),
  plan: PlanTier,
});

/** Who may reach the app through Cloudflare Access. At least one selector per role. */
export const AccessRole = z.strictObject({
  emails: z.array(EmailAddress).optional(),
  emailDomains: z.array(Hostname).optional(),
  /** A group in the identity provider (Okta, Azure AD, SAML attribute). */
  idpGroup: z
    .strictObject({
      type: z.enum(["okta", "azure_ad", "saml"]),
      identityProviderId: z.string().uuid("must be the identity provider's uuid"),
      /** Okta group name, Azure AD group object id, or SAML attribute value of the `groups` attribute. */
      group: z.string().min(1),
    })
    .optional(),
});

export const AccessConfig = z.strictObject({
  /** @default "8h" */
  sessionDuration: z
    .string()
    .regex(/^\d+(m|h)$/, "must be a duration such as 30m or 8h")
    .default("8h"),
  /** Role name -> who holds it. */
  roles: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, "role names are lower-case words"), AccessRole),
  /** Path prefix -> roles allowed. `/` is the whole hostname; longer prefixes win. */
  paths: z.array(z.strictObject({ path: UrlPath, roles: z.array(z.string()).min(1) })).min(1),
  /** Machine callers (webhooks, job callbacks) authenticate with service tokens on these paths. */
  serviceTokens: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[a-z][a-z0-9-]*$/, "must be a lower-case name"),
        paths: z.array(UrlPath).min(1),
        /** @default "8760h" (one year; rotate before it expires) */
        duration: z
          .string()
          .regex(/^\d+h$/, "must be hours such as 8760h")
          .default("8760h"),
      }),
    )
    .default([]),
});

export const HostnameConfig = z.strictObject({
  name: Hostname,
  /** IPv4/IPv6 address (A/AAAA) or a hostname (CNAME) the edge forwards to. */
  origin: z.string().min(1),
  /** @default true — app traffic goes through Cloudflare's proxy (WAF, rate limits, Access). */
  proxied: z.boolean().default(true),
  /** Leave the hostname without Cloudflare Access. Must say why. */
  public: z.strictObject({ reason: Reason }).optional(),
});

export const DnsRecordConfig = z.strictObject({
  name: Hostname,
  type: z.enum(["A", "AAAA", "CNAME", "TXT", "MX", "CAA", "SRV"]),
  content: z.string().min(1),
  priority: z.number().int().min(0).max(65535).optional(),
  /** @default false — extra records are DNS-only unless they say otherwise. */
  proxied: z.boolean().default(false),
  comment: z.string().max(100).optional(),
});

export const RedirectConfig = z.strictObject({
  /** Source host, optionally with a path prefix: `old.example.com` or `example.com/docs`. */
  from: z.string().regex(/^[a-z0-9.-]+(\/[A-Za-z0-9._~\-/]*)?$/, "must be host or host/path, lower-case, no scheme"),
  to: HttpsUrl,
  /** @default 301 */
  status: z.union([z.literal(301), z.literal(308)]).default(301),
  /** Keep the rest of the path below the matched prefix, appended to `to`'s path. @default true */
  preservePath: z.boolean().default(true),
});

export const RateLimitConfig = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, "must be a lower-case name"),
  paths: z.array(UrlPath).min(1),
  /** Requests per IP per period before the action applies. */
  requestsPerPeriod: z.number().int().min(1, "must be at least 1").max(100000, "must be at most 100000"),
  /** Seconds. Allowed values depend on the plan tier (10 on free; 10 or 60 on pro). @default 60 */
  period: z.number().int().positive().default(60),
  /** Seconds the action lasts once triggered. @default 60 */
  mitigationTimeout: z.number().int().min(0).max(86400).default(60),
  /** @default "block" */
  action: z.enum(["block", "managed_challenge", "log"]).default("block"),
});

/**
 * Used when `edge.rateLimits` is omitted: a per-IP chat limit and a stricter one on tool/action calls,
 * which can spend money or change data. Two rules with 60 s periods need the pro plan; the tier check
 * says so on free.
 */
export const DEFAULT_RATE_LIMITS = [
  { name: "chat", paths: ["/api/chat"], requestsPerPeriod: 30, period: 60, mitigationTimeout: 60, action: "block" },
  { name: "tools", paths: ["/api/tools", "/api/actions"], requestsPerPeriod: 10, period: 60, mitigationTimeout: 3600, action: "block" },
] as const;

export const WafConfig = z.strictObject({
  managed: z
    .strictObject({
      /** Cloudflare Managed Ruleset (pro+). @default true */
      cloudflare: z.boolean().default(true),
      /** OWASP Core Ruleset (pro+). @default true */
      owasp: z.boolean().default(true),
      /** OWASP anomaly score threshold: 60 low, 40 medium, 25 high sensitivity. @default 40 */
      owaspScoreThreshold: z.union([z.literal(25), z.literal(40), z.literal(60)]).default(40),
    })
    .prefault({}),
  /** Origins allowed to send state-changing requests (CSRF at the edge). */
  allowedOrigins: z.array(HttpsUrl).min(1),
  admin: z
    .strictObject({
      paths: z.array(UrlPath).min(1),
      /** Only these networks reach admin paths at all (Access still applies on top). */
      allowedNetworks: z.array(Cidr).min(1),
    })
    .optional(),
});

export const SecurityHeadersConfig = z
  .strictObject({
    /**
     * Content-Security-Policy. Apps differ too much for a full default, so unset means only
     * `frame-ancestors 'none'` (the modern X-Frame-Options). @default "frame-ancestors 'none'"
     */
    contentSecurityPolicy: z.string().min(1).optional(),
    /** @default "strict-origin-when-cross-origin" */
    referrerPolicy: z
      .enum(["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"])
      .default("strict-origin-when-cross-origin"),
    /** @default "camera=(), microphone=(), geolocation=()" */
    permissionsPolicy: z.string().default("camera=(), microphone=(), geolocation=()"),
  })
  .prefault({});

export const HstsConfig = z
  .strictObject({
    /** Seconds; at least one year. @default 31536000 */
    maxAge: z.number().int().min(31536000, "must be at least 31536000 (one year)").default(31536000),
    /** Submit to browser preload lists; hard to undo. @default false */
    preload: z.boolean().default(false),
  })
  .prefault({});

export const EdgeConfig = z.strictObject({
  hostnames: z.array(HostnameConfig).min(1),
  /** Which of apex and www is canonical; the other redirects to it. @default "none" */
  canonicalHost: z.enum(["apex", "www", "none"]).default("none"),
  dns: z.array(DnsRecordConfig).default([]),
  redirects: z.array(RedirectConfig).default([]),
  waf: WafConfig,
  /** @default DEFAULT_RATE_LIMITS (chat 30/min, tools 10/min per IP) */
  rateLimits: z
    .array(RateLimitConfig)
    .min(1, "at least one rate limit (chat) is required")
    .default(DEFAULT_RATE_LIMITS.map((r) => ({ ...r, paths: [...r.paths] }))),
  access: AccessConfig,
  securityHeaders: SecurityHeadersConfig,
  hsts: HstsConfig,
  /** Where CAs report certificate problems (CAA iodef). */
  securityContact: EmailAddress,
});
