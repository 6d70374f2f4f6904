import { phaseProblems, phaseRules } from "../rulesets";
import { appHostnames, cannotTell, duplicateSettingFindings, hasEdge, NO_EDGE, settingReadFindings, zoneSettings } from "../resources";
import { matchCovers, readMatch } from "../expression-match";
import { envFinding, type EnvView, resourceFinding } from "../../../core/readiness/model";
import { type Finding, outcome, type Rule, type RuleOutcome } from "../../../platform/readiness";
import { at, bool, isRecord, num, str, templateIn } from "../../../core/readiness/values";
import { readHsts } from "../hsts";

const ONE_YEAR = 31536000;

/** Why a header value gives no HSTS of a year with subdomains, read as a browser reads it (hsts.ts). */
function headerProblem(value: string): string | undefined {
  const hsts = readHsts(value);
  if (!hsts.valid) return `${JSON.stringify(value)} is not a valid header: ${hsts.why}, so browsers ignore it`;
  if (hsts.maxAge < ONE_YEAR) return `max-age is ${hsts.maxAge}, must be at least ${ONE_YEAR} (one year)`;
  if (!hsts.includeSubDomains) return "includeSubDomains is missing";
  return undefined;
}

/**
 * Strict-Transport-Security as response header transform rules write it. A rule that removes the
 * header or sets a weak one is a finding whatever the zone setting says (the browser may see either
 * header). `good`: a rule sets a good value on every request to every app hostname, so it is the HSTS
 * when the zone setting has it off; `partial`: good values set only for some requests.
 */
function headerRules(env: EnvView): { good: boolean; findings: Finding[]; partial: Finding[] } {
  const hosts = appHostnames(env).map((h) => h.host);
  const out = { good: false, findings: [] as Finding[], partial: [] as Finding[] };
  for (const rr of phaseRules(env, "http_response_headers_transform")) {
    const headers = at(rr.rule, "action_parameters", "headers");
    if (!isRecord(headers)) continue;
    for (const name in headers) {
      if (name.toLowerCase() !== "strict-transport-security") continue;
      const where = `Strict-Transport-Security header of rules[${rr.index}]`;
      const value = str(at(headers[name], "value"));
      // The provider takes the operation in any case (ruleset schema.go, OneOfCaseInsensitive).
      const removed = (str(at(headers[name], "operation")) ?? "").toLowerCase() === "remove";
      if (removed) out.findings.push(resourceFinding(rr.ruleset, `${where} is removed, which strips the zone setting's HSTS too`));
      if (removed || value === undefined) continue;
      const why = headerProblem(value);
      const expression = str(rr.rule.expression) ?? "";
      if (why !== undefined) out.findings.push(resourceFinding(rr.ruleset, `${where}: ${why}`));
      else if (matchCovers(readMatch(expression), undefined, hosts)) out.good = true;
      else out.partial.push(resourceFinding(rr.ruleset, `${where} is set only for requests matching \`${expression}\``));
    }
  }
  return out;
}

export const hsts: Rule = {
  id: "GL-EDGE-003",
  title: "HSTS is on for at least a year, including subdomains",
  severity: "blocker",
  row: "email-domain-ssl",
  explanation:
    "Without HSTS the first request of a session can be downgraded to HTTP and the session cookie stolen; a short max-age or a missing includeSubDomains leaves the same gap on every other name.",
  fix: "Set edge.hsts.maxAge >= 31536000; the edge stack then declares the security_header zone setting with include_subdomains = true. Declare that setting once, and no transform rule that removes or weakens the header.",
  check({ env }): RuleOutcome {
    if (!hasEdge(env)) return NO_EDGE;
    // Settings of another zone, or that golive cannot read, are findings and count for nothing.
    const findings: Finding[] = [...settingReadFindings(env, "security_header"), ...phaseProblems(env, "http_response_headers_transform")];
    const disabled: Finding[] = [];
    let good = 0;
    for (const r of zoneSettings(env, "security_header")) {
      const template = templateIn(r.attrs.value, "value");
      if (template !== undefined) {
        findings.push(resourceFinding(r, cannotTell("its HSTS", template.path, `the expression ${template.value}`)));
        continue;
      }
      const sts = at(r.attrs.value, "strict_transport_security");
      const maxAge = num(at(sts, "max_age")) ?? 0;
      if (bool(at(sts, "enabled")) !== true) disabled.push(resourceFinding(r, "strict_transport_security.enabled is not true"));
      else if (maxAge < ONE_YEAR)
        findings.push(resourceFinding(r, `strict_transport_security.max_age is ${maxAge}, must be at least ${ONE_YEAR} (one year)`));
      else if (bool(at(sts, "include_subdomains")) !== true)
        findings.push(resourceFinding(r, "strict_transport_security.include_subdomains is not true"));
      else good++;
    }
    // Every declaration is judged: with two, the last one applied wins (see duplicateSettingFindings).
    findings.push(...duplicateSettingFindings(env, "security_header"));
    const header = headerRules(env);
    findings.push(...header.findings);
    // A setting with HSTS off adds no header, so a transform rule's good header is then the HSTS.
    if (!header.good) findings.push(...disabled, ...(good === 0 ? header.partial : []));
    if (findings.length === 0 && good === 0 && !header.good)
      findings.push(
        envFinding(
          env,
          "no HSTS: neither the security_header zone setting nor a Strict-Transport-Security response header is declared",
          "edge",
        ),
      );
    return outcome(findings);
  },
};
