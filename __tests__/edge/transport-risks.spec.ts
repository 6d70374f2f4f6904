import { exampleConfig } from "../helpers/example-config";
import { type SynthJson, synthKind } from "../helpers/synth";
import { bothReviews, edgeBlock } from "./edge-risks.helpers";

const edge = (): SynthJson => synthKind(exampleConfig(), "edge");
const RULESET = "cloudflare_ruleset";

/** The stack with a configuration rule of these action parameters added for /legacy. */
function withConfigRule(parameters: Record<string, unknown>, enabled: unknown = true): SynthJson {
  const head = edge();
  const [, config] = edgeBlock(head, RULESET, "ConfigSettings");
  const rule = {
    action: "set_config",
    action_parameters: parameters,
    description: "legacy",
    enabled,
    expression: 'http.request.uri.path eq "/legacy"',
    ref: "legacy",
  };
  config.rules = [...(config.rules as unknown[]), rule];
  return head;
}

describe("plan review: configuration rules that lower SSL or the security level", () => {
  test.each([
    [{ ssl: "flexible" }, `ssl lowered: the zone's strict -> "flexible"`],
    [{ ssl: "full" }, `ssl lowered: the zone's strict -> "full"`],
    [{ security_level: "essentially_off" }, `security_level lowered: the zone's medium -> "essentially_off"`],
  ])("a new configuration rule setting %p is flagged in both reviews", (parameters, words) => {
    for (const flags of bothReviews(edge(), withConfigRule(parameters)))
      expect(flags).toEqual([
        expect.stringMatching(
          new RegExp(
            `^tls-lowered cloudflare_ruleset\\.ConfigSettings_\\w+: http_config_settings: "legacy" ${words.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} for the requests it matches$`,
          ),
        ),
      ]);
  });

  test("a configuration rule raising the security level, or one disabled, raises no flag", () => {
    for (const head of [withConfigRule({ ssl: "strict", security_level: "high" }), withConfigRule({ ssl: "off" }, "false")])
      for (const flags of bothReviews(edge(), head)) expect(flags).toEqual([]);
  });
});

describe("plan review: authenticated origin pulls and always_use_https turned off", () => {
  test("authenticated origin pulls off, tls_client_auth off and always_use_https off are flagged in both reviews", () => {
    const head = edge();
    edgeBlock(head, "cloudflare_authenticated_origin_pulls_settings", "OriginPulls")[1].enabled = false;
    edgeBlock(head, "cloudflare_zone_setting", "OriginPulls_TlsClientAuth")[1].value = "off";
    edgeBlock(head, "cloudflare_zone_setting", "Settings_always_use_https")[1].value = "off";
    for (const flags of bothReviews(edge(), head))
      expect(flags.map((f) => f.replace(/_[0-9A-F]{8}:/, ":")).sort()).toEqual([
        "origin-protection-off cloudflare_authenticated_origin_pulls_settings.OriginPulls: authenticated origin pulls turned off: true -> false: the origin no longer gets Cloudflare's client certificate and cannot refuse requests that skip the edge",
        `origin-protection-off cloudflare_zone_setting.OriginPulls_TlsClientAuth: tls_client_auth turned off: "on" -> "off": the origin no longer gets Cloudflare's client certificate and cannot refuse requests that skip the edge`,
        `origin-protection-off cloudflare_zone_setting.Settings_always_use_https: always_use_https turned off: "on" -> "off": plain-HTTP requests are served instead of redirected to HTTPS`,
      ]);
  });
});
