import { configSettingRules, mtaStsHostname } from "../../lib/features/edge/config-settings";
import { emailModel } from "../../lib/features/email/model";
import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, synthKind } from "../helpers/synth";

const cfg = exampleConfig();
const edge = synthKind(cfg, "edge");
const configRulesets = resourcesOf(edge, "cloudflare_ruleset").filter(([, r]) => r.phase === "http_config_settings");

describe("the MTA-STS host is exempt from Browser Integrity Check (policy fetchers send no User-Agent)", () => {
  test("one zone configuration ruleset turns BIC off for mta-sts.<domain> only", () => {
    expect(configRulesets).toHaveLength(1);
    const [, ruleset] = configRulesets[0] ?? ["", {}];
    expect(ruleset).toMatchObject({ kind: "zone", phase: "http_config_settings" });
    expect(ruleset.rules).toEqual([
      {
        ref: "mta_sts_no_bic",
        description: "MTA-STS policy fetchers send no User-Agent: no Browser Integrity Check on mta-sts.example.com",
        expression: 'http.host eq "mta-sts.example.com"',
        action: "set_config",
        action_parameters: { bic: false },
        enabled: true,
      },
    ]);
  });

  test("BIC stays on for the rest of the zone", () => {
    const settings = resourcesOf(edge, "cloudflare_zone_setting").filter(([, r]) => r.setting_id === "browser_check");
    expect(settings.map(([, r]) => r.value)).toEqual(["on"]);
  });

  test("the exempt host is the one the email stack serves the policy from", () => {
    if (!cfg.email) throw new Error("the example config has email");
    expect(mtaStsHostname(cfg)).toBe(emailModel(cfg, cfg.email).mtaSts.hostname);
    const sub = exampleConfig([[["email", "domain"], "mail.example.com"]]);
    if (!sub.email) throw new Error("the example config has email");
    expect(configSettingRules(sub)[0]?.expression).toBe(`http.host eq "${emailModel(sub, sub.email).mtaSts.hostname}"`);
  });

  test("without email there is no MTA-STS host and no configuration rule (an empty phase declares no ruleset)", () => {
    const noEmail = exampleConfig([[["email"], undefined]]);
    expect(mtaStsHostname(noEmail)).toBeUndefined();
    expect(configSettingRules(noEmail)).toEqual([]);
  });
});
