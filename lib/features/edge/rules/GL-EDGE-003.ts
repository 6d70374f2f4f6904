import { hasEdge, NO_EDGE, responseHeader } from "../resources";
import { envFinding, resourceFinding } from "../../../core/readiness/model";
import { COMPLIANT, type Finding, type Rule, type RuleOutcome } from "../../../platform/readiness";
import { at, bool, num } from "../../../core/readiness/values";

const ONE_YEAR = 31536000;

function headerProblem(value: string): string | undefined {
  const maxAge = Number(/max-age=(\d+)/i.exec(value)?.[1] ?? "0");
  if (maxAge < ONE_YEAR) return `max-age is ${maxAge}, must be at least ${ONE_YEAR} (one year)`;
  if (!/includesubdomains/i.test(value)) return "includeSubDomains is missing";
  return undefined;
}

export const hsts: Rule = {
  id: "GL-EDGE-003",
  title: "HSTS is on for at least a year, including subdomains",
  severity: "blocker",
  row: "email-domain-ssl",
  explanation:
    "Without HSTS the first request of a session can be downgraded to HTTP and the session cookie stolen; a short max-age or a missing includeSubDomains leaves the same gap on every other name.",
  fix: "Set edge.hsts.maxAge >= 31536000; the edge stack then declares the security_header zone setting with include_subdomains = true.",
  check({ env }): RuleOutcome {
    if (!hasEdge(env)) return NO_EDGE;
    const settings = env.ofType("cloudflare_zone_setting").filter((r) => r.attrs.setting_id === "security_header");
    const findings: Finding[] = [];
    for (const r of settings) {
      const sts = at(r.attrs.value, "strict_transport_security");
      const maxAge = num(at(sts, "max_age")) ?? 0;
      if (bool(at(sts, "enabled")) !== true) findings.push(resourceFinding(r, "strict_transport_security.enabled is not true"));
      else if (maxAge < ONE_YEAR)
        findings.push(resourceFinding(r, `strict_transport_security.max_age is ${maxAge}, must be at least ${ONE_YEAR} (one year)`));
      else if (bool(at(sts, "include_subdomains")) !== true)
        findings.push(resourceFinding(r, "strict_transport_security.include_subdomains is not true"));
      else return COMPLIANT;
    }
    const header = responseHeader(env, "Strict-Transport-Security");
    if (header) {
      const why = headerProblem(header.value);
      if (why === undefined) return COMPLIANT;
      findings.push(resourceFinding(header.rule.ruleset, `Strict-Transport-Security header of rules[${header.rule.index}]: ${why}`));
    }
    if (findings.length === 0)
      findings.push(
        envFinding(
          env,
          "no HSTS: neither the security_header zone setting nor a Strict-Transport-Security response header is declared",
          "edge",
        ),
      );
    return { kind: "non-compliant", findings };
  },
};
