import { checkZoneSetting } from "../resources";
import { type EnvView, resourceFinding } from "../../../core/readiness/model";
import { type Finding, outcome, type Rule } from "../../../platform/readiness";
import { str } from "../../../core/readiness/values";

function tlsProblem(value: unknown): string | undefined {
  return value === "1.2" || value === "1.3" ? undefined : `is ${JSON.stringify(value)}, must be "1.2" or "1.3"`;
}

/**
 * Per-hostname minimum TLS: `cloudflare_hostname_tls_setting` with setting_id min_tls_version
 * (hostname_tls_setting/schema.go:35-66 @ v5.14.0) overrides the zone's value for that hostname.
 */
function hostnameOverrides(env: EnvView): Finding[] {
  return env
    .ofType("cloudflare_hostname_tls_setting")
    .filter((r) => (str(r.attrs.setting_id) ?? "").toLowerCase() === "min_tls_version" && tlsProblem(r.attrs.value) !== undefined)
    .map((r) => resourceFinding(r, `min_tls_version of hostname ${JSON.stringify(r.attrs.hostname)} ${tlsProblem(r.attrs.value)}`));
}

export const tlsMinimum: Rule = {
  id: "GL-EDGE-002",
  title: "Minimum TLS version is 1.2 or higher",
  severity: "blocker",
  row: "email-domain-ssl",
  explanation:
    "TLS 1.0 and 1.1 are deprecated (RFC 8996) and fail PCI and most security reviews; clients that need them are not the audience of an internal app.",
  fix: 'Declare cloudflare_zone_setting min_tls_version = "1.2" (or "1.3"), and no cloudflare_hostname_tls_setting below it.',
  check({ env }) {
    const zone = checkZoneSetting(env, "min_tls_version", tlsProblem);
    if (zone.kind === "not-applicable") return zone;
    return outcome([...(zone.kind === "non-compliant" ? zone.findings : []), ...hostnameOverrides(env)]);
  },
};
