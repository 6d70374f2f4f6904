import { phaseProblems, phaseRules } from "../rulesets";
import { checkZoneSetting } from "../resources";
import { ruleName } from "../skip-rules";
import { type EnvView, resourceFinding } from "../../../core/readiness/model";
import { type Finding, outcome, type Rule } from "../../../platform/readiness";
import { at, str } from "../../../core/readiness/values";

const STRICT = ["strict", "origin_pull"];

function sslProblem(value: unknown): string | undefined {
  return STRICT.includes((str(value) ?? "").toLowerCase()) ? undefined : `is ${JSON.stringify(value)}, must be "strict"`;
}

/**
 * Per-request SSL modes that override the zone's: a Configuration Rule (`set_config` in
 * http_config_settings with `action_parameters.ssl`, ruleset schema.go:929-945 @ v5.14.0) and an
 * active Page Rule's `actions.ssl` (page_rule schema.go:324; status defaults to "disabled"). The SSL
 * setting is the only zone setting GL-EDGE-001..003 certify that either can set (neither has
 * min_tls_version or HSTS); min TLS per hostname is GL-EDGE-002's `cloudflare_hostname_tls_setting`.
 */
function sslOverrides(env: EnvView): Finding[] {
  const findings: Finding[] = [];
  for (const rr of phaseRules(env, "http_config_settings")) {
    const ssl = at(rr.rule, "action_parameters", "ssl");
    if (rr.rule.action !== "set_config" || ssl === undefined || sslProblem(ssl) === undefined) continue;
    findings.push(
      resourceFinding(
        rr.ruleset,
        `${ruleName(rr)} sets ssl ${JSON.stringify(ssl)} for requests matching \`${str(rr.rule.expression) ?? ""}\`, overriding the zone's "strict"`,
      ),
    );
  }
  for (const r of env.ofType("cloudflare_page_rule")) {
    const ssl = at(r.attrs.actions, "ssl");
    if ((str(r.attrs.status) ?? "").toLowerCase() !== "active" || ssl === undefined || sslProblem(ssl) === undefined) continue;
    findings.push(
      resourceFinding(r, `page rule for ${JSON.stringify(r.attrs.target)} sets ssl ${JSON.stringify(ssl)}, overriding the zone's "strict"`),
    );
  }
  return findings;
}

export const sslStrict: Rule = {
  id: "GL-EDGE-001",
  title: "SSL mode is Full (strict)",
  severity: "blocker",
  row: "email-domain-ssl",
  explanation:
    "Flexible or Full SSL lets Cloudflare talk to the origin in clear text or accept any origin certificate, so anyone on the path between edge and origin can read chats and tokens. A Configuration Rule or Page Rule can set a weaker mode for some hostnames or paths, which the zone setting does not show.",
  fix: 'Declare cloudflare_zone_setting ssl = "strict" (the edge stack does by default) and give the origin a valid or Origin CA certificate; remove any Configuration Rule (set_config ssl) or Page Rule that sets a weaker mode.',
  check({ env }) {
    const zone = checkZoneSetting(env, "ssl", sslProblem);
    if (zone.kind === "not-applicable") return zone;
    const rules = phaseProblems(env, "http_config_settings");
    return outcome([...(zone.kind === "non-compliant" ? zone.findings : []), ...sslOverrides(env), ...rules]);
  },
};
