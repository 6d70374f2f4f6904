import { phaseRules } from "../rulesets";
import { PROTECTIVE_PHASES } from "../risks/firewall";
import { URL_NORMALIZATION_TYPE } from "../url-normalization";
import { accessDestinations, cannotTell, hasEdge, NO_EDGE } from "../resources";
import { inEnvZone, offZoneFindings } from "../zone-scope";
import { envFinding, type EnvView, resourceFinding } from "../../../core/readiness/model";
import { type Finding, notApplicable, outcome, type Rule } from "../../../platform/readiness";
import { literalStr, str } from "../../../core/readiness/values";

/** Scopes that normalize what rules see (the provider also accepts "none"; case-insensitive, schema.go:31-41 @ v5.14.0). */
const NORMALIZING_SCOPES: readonly string[] = ["incoming", "both"];
/** Fields holding the normalized path; `raw.*` fields skip normalization, so they are not counted. */
const PATH_FIELD = /(?<![\w.])http\.request\.(?:uri\.path|uri|full_uri)(?![\w.])/;

/**
 * What matches on the request path, as text per kind ("Access applications a/admin, b/admin; http_ratelimit
 * rules chat"): Access applications of a path, and WAF / rate-limit rules reading it. Empty: nothing does.
 */
function pathBasedRules(env: EnvView): string {
  const apps = accessDestinations(env)
    .filter((d) => d.path !== "")
    .map((d) => `${d.host}${d.path}`);
  const groups = [{ what: "Access applications", names: apps }];
  for (const phase of PROTECTIVE_PHASES) {
    const names = phaseRules(env, phase)
      .filter(({ rule }) => PATH_FIELD.test(str(rule.expression) ?? ""))
      .map(({ rule, index }) => str(rule.ref) ?? `rules[${index}]`);
    groups.push({ what: `${phase} rules`, names });
  }
  return groups
    .filter((g) => g.names.length > 0)
    .map((g) => `${g.what} ${listed(g.names)}`)
    .join("; ");
}

function listed(names: readonly string[]): string {
  return names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
}

export const urlNormalization: Rule = {
  id: "GL-EDGE-010",
  title: "URL normalization is pinned on where rules match paths",
  severity: "blocker",
  row: "auth",
  explanation:
    "Access applications by path, admin network rules and rate limits match the request path as Cloudflare normalizes it; with normalization off (scope none, one dashboard switch) /%61dmin or /x/../admin is not /admin to any of them and reaches the origin, which decodes it, without the admin role.",
  fix: "Keep the edge stack's cloudflare_url_normalization_settings (edge.urlNormalization, scope incoming by default); do not remove it or set its scope to none.",
  check({ env }) {
    if (!hasEdge(env)) return NO_EDGE;
    const guarded = pathBasedRules(env);
    if (guarded === "") return notApplicable("no Access application, WAF or rate-limit rule matches on the request path");
    const all = env.ofType(URL_NORMALIZATION_TYPE);
    // Another zone's normalization normalizes that zone (zone-scope.ts).
    const findings: Finding[] = offZoneFindings(env, all);
    const settings = all.filter((r) => inEnvZone(env, r));
    for (const r of settings) {
      const scope = literalStr(r.attrs.scope);
      if (scope.kind === "unknown") findings.push(resourceFinding(r, cannotTell("what it normalizes", "scope", scope.shown)));
      else if (!NORMALIZING_SCOPES.includes(scope.kind === "value" ? scope.value.toLowerCase() : ""))
        findings.push(
          resourceFinding(
            r,
            `scope is ${JSON.stringify(r.attrs.scope ?? null)}, must be "incoming" or "both": without normalization encoded paths slip past ${guarded}`,
          ),
        );
    }
    if (settings.length === 0)
      findings.push(
        envFinding(
          env,
          `no ${URL_NORMALIZATION_TYPE} is declared, so the zone keeps whatever normalization the dashboard says (scope "none" turns it off) while these match on the path: ${guarded}`,
          "edge",
        ),
      );
    return outcome(findings);
  },
};
