import { domainPlanProblem } from "./field-checks";

/** Why `domain` clashes with another config's zone (zoneClash, create.ts), or undefined. */
export type ZoneClash = (domain: string) => string | undefined;

/**
 * Why --domain or --plan cannot give this environment's zone, or undefined. Another config's zone (the
 * same, inside it, or holding it) is said first, at --domain: the subdomain-zone rule's hint names the
 * registrable domain, which is then that config's zone, and its other way out (Enterprise) is refused as
 * nested too. At --plan such a domain is left to its own flag or prompt, so the plan is not blamed.
 */
export function zoneAnswerProblem(
  flag: string,
  values: readonly string[],
  known: ReadonlyMap<string, readonly string[]>,
  clash: ZoneClash,
): string | undefined {
  if (flag !== "domain" && flag !== "plan") return undefined;
  const domain = flag === "domain" ? values[0] : known.get("domain")?.[0];
  const clashed = domain === undefined ? undefined : clash(domain);
  if (clashed !== undefined) return flag === "domain" ? clashed : undefined;
  return domainPlanProblem(flag, values, known);
}
