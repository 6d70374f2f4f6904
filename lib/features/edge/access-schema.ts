import { z } from "zod";
import { limitedList, namedRecord } from "../../core/fields";
import { Hostname } from "../../core/dns-names";
import { EmailAddress, UrlPath } from "../../core/web-fields";

/** Who may reach the app through Cloudflare Access. At least one selector per role. */
export const AccessRole = z.strictObject({
  emails: limitedList(EmailAddress, 1000, "emails per role").optional(),
  emailDomains: limitedList(Hostname, 100, "email domains per role").optional(),
  /** A group in the identity provider (Okta, Azure AD, SAML attribute). */
  idpGroup: z
    .strictObject({
      type: z.enum(["okta", "azure_ad", "saml"]),
      identityProviderId: z.string().uuid("must be the identity provider's uuid"),
      /** Okta group name, Azure AD group object id, or SAML attribute value of the `groups` attribute. */
      group: z.string().min(1).max(256),
    })
    .optional(),
});

/**
 * Cloudflare's Access limits per account unless raised (developers.cloudflare.com/cloudflare-one/account-limits/).
 * The provider does not check them (v5.14 zero_trust_access_application/schema.go: `destinations` has no
 * size validator), so a config over one plans cleanly and fails at apply.
 */
const ACCESS_LIMITS = {
  domainsPerApplication: 5,
  applications: 500,
  serviceTokens: 50,
  ruleGroups: 300,
  reusablePolicies: 500,
  rulesPerRuleGroup: 1000,
} as const;

/**
 * The most service tokens one environment lists: a bound on config size only, well above the account's
 * 50, so an Enterprise account's raised accountLimits.serviceTokens is what refuses a long list
 * (validate/access-limits.ts, naming that field), not a schema cap that would duplicate the default.
 */
const MAX_LISTED_SERVICE_TOKENS = 1000;

export const AccessConfig = z.strictObject({
  /** @default "8h" */
  sessionDuration: z
    .string()
    .regex(/^\d+(m|h)$/, "must be a duration such as 30m or 8h")
    .default("8h"),
  /** Role name -> who holds it. Any lower-case word, `constructor` included; not `prototype`. */
  roles: namedRecord(
    z
      .string()
      .max(64)
      .regex(/^[a-z][a-z0-9-]*$/, "role names are lower-case words"),
    AccessRole,
    100,
    "roles",
  ),
  /** Path prefix -> roles allowed. `/` is the whole hostname; longer prefixes win. */
  paths: limitedList(
    z.strictObject({ path: UrlPath, roles: limitedList(z.string().max(64), 100, "roles per path").min(1) }),
    100,
    "Access paths (each is an Access application)",
  ).min(1),
  /** Machine callers (webhooks, job callbacks) authenticate with service tokens on these paths. */
  serviceTokens: limitedList(
    z.strictObject({
      name: z
        .string()
        .max(64)
        .regex(/^[a-z][a-z0-9-]*$/, "must be a lower-case name"),
      paths: limitedList(UrlPath, 50, "paths per service token").min(1),
      /** @default "8760h" (one year; refresh it before it expires: runbooks/secret-rotation.md) */
      duration: z
        .string()
        .regex(/^\d+h$/, "must be hours such as 8760h")
        .default("8760h"),
    }),
    MAX_LISTED_SERVICE_TOKENS,
    "service tokens in one environment (the account's limit is edge.access.accountLimits.serviceTokens)",
  ).default([]),
  /**
   * The Cloudflare account's Access limits (developers.cloudflare.com/cloudflare-one/account-limits/,
   * "Access"): 5 domains per application, 500 applications, 50 service tokens, 300 rule groups (Access
   * groups: one per role), 500 reusable policies (one per role and one per service token). "These limits
   * may be increased on Enterprise accounts": give the raised values here (one environment still lists at
   * most 1000 service tokens, a bound on config size). Every application covers every protected hostname
   * (and release.hostname), so domainsPerApplication caps those; the others are counted over every
   * environment in the account. Rules per rule group (1000) caps each role's selectors: its emails, email
   * domains and idpGroup are the include rules of its group.
   * @default {domainsPerApplication: 5, applications: 500, serviceTokens: 50, ruleGroups: 300, reusablePolicies: 500, rulesPerRuleGroup: 1000}
   */
  accountLimits: z
    .strictObject({
      domainsPerApplication: z.number().int().min(1).max(10000).default(ACCESS_LIMITS.domainsPerApplication),
      applications: z.number().int().min(1).max(100000).default(ACCESS_LIMITS.applications),
      serviceTokens: z.number().int().min(1).max(100000).default(ACCESS_LIMITS.serviceTokens),
      ruleGroups: z.number().int().min(1).max(100000).default(ACCESS_LIMITS.ruleGroups),
      reusablePolicies: z.number().int().min(1).max(100000).default(ACCESS_LIMITS.reusablePolicies),
      rulesPerRuleGroup: z.number().int().min(1).max(100000).default(ACCESS_LIMITS.rulesPerRuleGroup),
    })
    .prefault({}),
});
