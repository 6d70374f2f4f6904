import type { AppConfig } from "../../../config/schema";
import type { ConfigIssue } from "../../../core/issues";
import { suffixPlace } from "../../../core/registrable-domain";
import type { PlanTier } from "../schema";

/**
 * Why `name` cannot be a Cloudflare zone on `plan`, or undefined. A zone is a registrable domain (a
 * public suffix plus one label). A subdomain zone (`ops.acme.co.uk`) needs the Enterprise plan's
 * "Subdomain Support" entitlement (developers.cloudflare.com/dns/zone-setups/subdomain-setup/; the
 * provider's zone resource: "If you are attempting to sign up a subdomain of a zone you must first have
 * Subdomain Support entitlement for your account"), so below Enterprise the zone is never created and
 * every edge deploy fails. A public suffix itself (`co.uk`) is nobody's zone. `plan` undefined: only
 * what no plan allows (init asks for the domain before the plan).
 */
export function zoneNameProblem(name: string, plan?: PlanTier): string | undefined {
  const { publicSuffix, registrable } = suffixPlace(name);
  if (registrable === undefined)
    return `"${name}" is a public suffix (Public Suffix List), under which others register domains, not a zone of its own; allowed: a registrable domain such as example.${publicSuffix}`;
  if (registrable === name || plan === undefined || plan === "enterprise") return undefined;
  return `"${name}" is a subdomain of ${registrable}: a subdomain zone needs Cloudflare's Subdomain Support entitlement, available on the Enterprise plan only (cloudflare.plan is ${plan}); allowed: a registrable domain (a public suffix such as ${publicSuffix} plus one label), here ${registrable}, or cloudflare.plan: enterprise with the entitlement`;
}

/** `cloudflare.zone.name` is a zone Cloudflare creates on `cloudflare.plan`. */
export function validateZoneName(cfg: AppConfig): ConfigIssue[] {
  const problem = zoneNameProblem(cfg.cloudflare.zone.name, cfg.cloudflare.plan);
  return problem === undefined ? [] : [{ path: ["cloudflare", "zone", "name"], message: problem }];
}
