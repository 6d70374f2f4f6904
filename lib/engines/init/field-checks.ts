import type { z } from "zod";
import { AppConfig, PlanTier } from "../../config/schema";
import { CloudflareId } from "../../core/fields";
import { Hostname } from "../../core/dns-names";
import { shownValue } from "../../core/shown-value";
import { EmailAddress } from "../../core/web-fields";
import { AwsAccountId, AwsRegion, IamRoleArn } from "../../core/aws-fields";
import { OriginLockdown } from "../../features/edge/schema";
import { originFormatProblem } from "../../features/edge/validate/hostnames";
import { proxiedOriginProblem } from "../../features/edge/validate/public-addresses";
import { GithubConfig } from "../../features/ci-access/schema";
import { zoneNameProblem } from "../../features/edge/validate/zone-name";
import { zoneTargetProblem } from "../../features/edge/validate/zone-targets";

type ValueCheck = (value: string) => string | undefined;

/** The schema's own rule for one field, as one line: its message and what was given. */
function schemaRule(schema: z.ZodType): ValueCheck {
  return (value) => {
    const parsed = schema.safeParse(value);
    return parsed.success ? undefined : `${parsed.error.issues[0]?.message ?? "invalid"}; got ${shownValue(value)}`;
  };
}

/** A value of a zod enum, said as the plan's is: what was given and every value allowed. */
function oneOf(values: readonly string[]): ValueCheck {
  return (value) => (values.includes(value) ? undefined : `got ${shownValue(value)}, allowed: ${values.join(", ")}`);
}

/** init writes every hostname proxied (the schema's default), so an origin must be one Cloudflare proxies to. */
// originFormatProblem already refuses IPv4-mapped IPv6 addresses.
const origin: ValueCheck = (value) => originFormatProblem(value) ?? proxiedOriginProblem(value);

/**
 * A DNS name without a wildcard: the schema lets `*` labels through for the cross-field rules, which
 * refuse one in the zone's name, an app hostname (lib/features/edge/validate/hostnames.ts) and the
 * load-balanced hostname (lib/features/release/validate.ts); checked here, the flag is named before a
 * derived field fails.
 */
function nameWithoutWildcard(what: string): ValueCheck {
  return (value) => schemaRule(Hostname)(value) ?? (value.includes("*") ? `${what}; got ${shownValue(value)}` : undefined);
}

const wildcardFree = nameWithoutWildcard("must be the zone's own name, without a wildcard");
/** What no plan allows (a public suffix); a subdomain zone waits for the plan (domainPlanProblem). */
const zoneName: ValueCheck = (value) => wildcardFree(value) ?? zoneNameProblem(value);

/** Each init flag and the rule of the config field it fills (flagOfField, answers.ts, maps the other way). */
const RULE_OF_FLAG: Readonly<Record<string, ValueCheck>> = {
  domain: zoneName,
  app: schemaRule(AppConfig.shape.app),
  plan: oneOf(PlanTier.options),
  "cloudflare-account-id": schemaRule(CloudflareId),
  "aws-account-id": schemaRule(AwsAccountId),
  "aws-region": schemaRule(AwsRegion),
  hostname: nameWithoutWildcard(
    "must be one name, without a wildcard: app hostnames are listed one by one so each gets its own Access application",
  ),
  origin,
  "release-hostname": nameWithoutWildcard("must be one name, without a wildcard: the load-balanced hostname is a single name"),
  "origin-lockdown": oneOf(OriginLockdown.options),
  "alert-email": schemaRule(EmailAddress),
  "github-repository": schemaRule(GithubConfig.shape.repository),
  "secrets-writer-role": schemaRule(IamRoleArn),
  "administrator-role": schemaRule(IamRoleArn),
};

/**
 * Why the config would refuse a value given for `flag` (the first bad one of a repeated flag), checked
 * on its own before any default is derived from it, or undefined. Rules across fields are the loader's.
 */
export function flagValueProblem(flag: string, values: readonly string[]): string | undefined {
  const rule = RULE_OF_FLAG[flag];
  if (rule === undefined) return undefined;
  for (const value of values) {
    const problem = rule(value);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/**
 * A subdomain zone below the Enterprise plan (zoneNameProblem), said at whichever of --domain and --plan
 * is checked second: the domain is asked before the plan, so at a prompt it is the plan that is refused.
 */
export function domainPlanProblem(
  flag: string,
  values: readonly string[],
  known: ReadonlyMap<string, readonly string[]>,
): string | undefined {
  if (flag !== "domain" && flag !== "plan") return undefined;
  const domain = flag === "domain" ? values[0] : known.get("domain")?.[0];
  const plan = PlanTier.safeParse(flag === "plan" ? values[0] : known.get("plan")?.[0]);
  return domain === undefined || !plan.success ? undefined : zoneNameProblem(domain, plan.data);
}

/**
 * An --origin inside the zone that init would write no record for: init declares a record for each
 * --hostname only (edge.dns starts empty), and the edge stack owns the zone, so the name would never
 * resolve. Asked once the domain is known (it is asked first).
 */
export function unresolvedOrigin(values: readonly string[], known: ReadonlyMap<string, readonly string[]>): string | undefined {
  const domain = known.get("domain")?.[0];
  if (domain === undefined) return undefined;
  const hostnames = known.get("hostname") ?? [];
  for (const value of values) {
    const problem = zoneTargetProblem(value, domain, hostnames, "origin");
    if (problem !== undefined) return problem;
  }
  return undefined;
}
