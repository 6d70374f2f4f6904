import type { AppConfig } from "../../config/schema";
import { accountObjects, desiredAccess } from "./access";

export type AccessLimits = AppConfig["edge"]["access"]["accountLimits"];
export type AccessLimit = keyof AccessLimits;

/**
 * The Access objects one environment declares in its Cloudflare account, counted as the stack
 * synthesizes them (desiredAccess), for the limits of edge.access.accountLimits.
 */
export function accessCounts(cfg: AppConfig): Record<AccessLimit, number> {
  const access = desiredAccess(cfg);
  const objects = accountObjects(access);
  return {
    // Every application covers every protected hostname (and release.hostname): the widest counts.
    domainsPerApplication: Math.max(0, ...access.apps.map((a) => new Set(a.destinations).size)),
    applications: access.apps.length,
    serviceTokens: new Set(access.serviceTokens.map((t) => t.name)).size,
    ruleGroups: new Set(objects.groups).size,
    reusablePolicies: new Set(objects.reusablePolicies).size,
    // A role's selectors are the include rules of its group (constructs/edge-access.ts): the largest counts.
    rulesPerRuleGroup: Math.max(0, ...access.roles.map((r) => r.include.length)),
  };
}

interface LimitRule {
  readonly limit: AccessLimit;
  /** The field to change, where the issue is reported. */
  readonly path: readonly string[];
  /** What is counted, after the number. */
  readonly counted: string;
  readonly fix: string;
  /** A limit on one object (an application, a group), judged in each environment alone, never summed. */
  readonly perObject?: true;
}

export const ACCESS_LIMIT_RULES: readonly LimitRule[] = [
  {
    limit: "domainsPerApplication",
    path: ["edge", "hostnames"],
    counted: "destinations on each Access application (every protected hostname of edge.hostnames, and release.hostname)",
    fix: "mark hostnames public: {reason: ...}, or serve some from another environment",
    perObject: true,
  },
  {
    limit: "applications",
    path: ["edge", "access"],
    counted: "Access applications (one per distinct path of edge.access.paths and edge.access.serviceTokens[].paths)",
    fix: "protect a common parent path instead of many",
  },
  { limit: "serviceTokens", path: ["edge", "access", "serviceTokens"], counted: "service tokens", fix: "remove unused tokens" },
  {
    limit: "ruleGroups",
    path: ["edge", "access", "roles"],
    counted: "Access groups (rule groups: one per role of edge.access.roles)",
    fix: "merge roles that admit the same people",
  },
  {
    limit: "reusablePolicies",
    path: ["edge", "access"],
    counted: "reusable Access policies (one per role of edge.access.roles and one per service token)",
    fix: "merge roles or remove unused tokens",
  },
  {
    limit: "rulesPerRuleGroup",
    path: ["edge", "access", "roles"],
    counted: "include rules in one role's Access group (its emails, emailDomains and idpGroup)",
    fix: "admit the role by emailDomains or idpGroup instead of listing emails",
    perObject: true,
  },
];

/** The account-limit half of an over-limit message: the limit's field, the doc, and the two ways out. */
export function overLimitText(rule: LimitRule, max: number): string {
  const field = `edge.access.accountLimits.${rule.limit}`;
  return `exceed the account's limit of ${max} (${field}), which Cloudflare enforces at apply (developers.cloudflare.com/cloudflare-one/account-limits/, "Access"); ${rule.fix}, or give an Enterprise account's raised limit in ${field}`;
}
