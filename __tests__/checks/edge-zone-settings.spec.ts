import type { StackInput } from "../../lib/core/readiness/model";
import { at } from "../../lib/core/json";
import { addResource, blocksOf, check, clone, envConfig, exampleEnv, isObj, messages, type Obj, phaseRulesOf, ruleById } from "./support";

/**
 * GL-EDGE-001..003 judge every declaration of the zone settings they certify (a second one for the
 * same zone is itself a finding: whichever applies last wins) and the per-request overrides of them.
 */
const example = exampleEnv();
const config = envConfig(example.cfg);
const ZONE = "${cloudflare_zone.Zone_A5DE4B68.id}";
const HEADER_SETTING = blocksOf(example.stacks, "cloudflare_zone_setting").find((b) => b.attrs.setting_id === "security_header")?.name;
const HSTS_OFF = { strict_transport_security: { enabled: false, include_subdomains: false, max_age: 0, nosniff: true, preload: false } };

function findings(id: string, edit: (s: StackInput[]) => void): string[] {
  const stacks = clone(example.stacks);
  edit(stacks);
  return messages(check(ruleById(id), stacks, { config }));
}

function setting(name: string, settingId: string, value: unknown): (s: StackInput[]) => void {
  return (s) => addResource(s, "edge-", "cloudflare_zone_setting", name, { setting_id: settingId, value, zone_id: ZONE });
}

describe("GL-EDGE-003: every security_header setting is judged", () => {
  test("fails a second security_header with HSTS off, declared after the good one or before it", () => {
    for (const name of ["Z_hsts_off", "A_hsts_off"]) {
      const out = findings("GL-EDGE-003", setting(name, "security_header", HSTS_OFF));
      expect(out).toContain("strict_transport_security.enabled is not true");
      expect(out).toContain(
        `security_header is declared 2 times for this zone (also cloudflare_zone_setting.${HEADER_SETTING}); whichever is applied last wins, so the zone's value is not known`,
      );
      expect(out).toContain(
        `security_header is declared 2 times for this zone (also cloudflare_zone_setting.${name}); whichever is applied last wins, so the zone's value is not known`,
      );
    }
  });

  test("a setting with HSTS off is fine when a transform rule sets a good header instead", () => {
    const out = findings("GL-EDGE-003", (s) => {
      for (const b of blocksOf(s, "cloudflare_zone_setting")) if (b.attrs.setting_id === "security_header") b.attrs.value = HSTS_OFF;
      const headers = at(phaseRulesOf(s, "http_response_headers_transform"), 0, 0, "action_parameters", "headers");
      if (!isObj(headers)) throw new Error("no security headers rule");
      headers["Strict-Transport-Security"] = { operation: "set", value: "max-age=31536000; includeSubDomains" };
    });
    expect(out).toEqual([]);
  });
});

describe("GL-EDGE-003: transform rules that touch the header", () => {
  function stsHeader(s: StackInput[], header: Obj, expression?: string): void {
    const [rule] = phaseRulesOf(s, "http_response_headers_transform")[0] ?? [];
    const headers = at(rule, "action_parameters", "headers");
    if (!rule || !isObj(headers)) throw new Error("no security headers rule");
    headers["Strict-Transport-Security"] = header;
    if (expression !== undefined) rule.expression = expression;
  }

  test("fails a rule that removes the header, though the zone setting is good", () => {
    expect(findings("GL-EDGE-003", (s) => stsHeader(s, { operation: "remove" }))).toEqual([
      "Strict-Transport-Security header of rules[0] is removed, which strips the zone setting's HSTS too",
    ]);
  });

  test("with the setting off, fails a header whose max-age is 0 though another directive's name ends in max-age", () => {
    const out = findings("GL-EDGE-003", (s) => {
      for (const b of blocksOf(s, "cloudflare_zone_setting")) if (b.attrs.setting_id === "security_header") b.attrs.value = HSTS_OFF;
      stsHeader(s, { operation: "set", value: "x-max-age=31536000; includeSubDomains; max-age=0" });
    });
    expect(out).toEqual([
      "Strict-Transport-Security header of rules[0]: max-age is 0, must be at least 31536000 (one year)",
      "strict_transport_security.enabled is not true",
    ]);
  });

  test("fails a header that repeats a directive (browsers ignore it), and a removal written in capitals", () => {
    const repeated = findings("GL-EDGE-003", (s) =>
      stsHeader(s, { operation: "set", value: "max-age=31536000; includeSubDomains; max-age=31536000" }),
    );
    expect(repeated).toEqual([
      'Strict-Transport-Security header of rules[0]: "max-age=31536000; includeSubDomains; max-age=31536000" is not a valid header: max-age appears more than once (RFC 6797 6.1 allows each directive once), so browsers ignore it',
    ]);
    expect(findings("GL-EDGE-003", (s) => stsHeader(s, { operation: "REMOVE" }))).toEqual([
      "Strict-Transport-Security header of rules[0] is removed, which strips the zone setting's HSTS too",
    ]);
  });

  test("with the setting off, fails a good header set only for some hosts", () => {
    const out = findings("GL-EDGE-003", (s) => {
      for (const b of blocksOf(s, "cloudflare_zone_setting")) if (b.attrs.setting_id === "security_header") b.attrs.value = HSTS_OFF;
      stsHeader(s, { operation: "set", value: "max-age=31536000; includeSubDomains" }, 'http.host eq "chat.example.com"');
    });
    expect(out).toEqual([
      "strict_transport_security.enabled is not true",
      'Strict-Transport-Security header of rules[0] is set only for requests matching `http.host eq "chat.example.com"`',
    ]);
  });
});

describe("GL-EDGE-001/002: duplicates and per-request overrides", () => {
  test("fails a Configuration Rule that sets ssl below strict for a hostname", () => {
    const out = findings("GL-EDGE-001", (s) => {
      const ruleset = blocksOf(s, "cloudflare_ruleset").find((b) => b.attrs.phase === "http_config_settings");
      if (!ruleset || !Array.isArray(ruleset.attrs.rules)) throw new Error("no http_config_settings ruleset");
      ruleset.attrs.rules.push({
        action: "set_config",
        action_parameters: { ssl: "flexible" },
        enabled: true,
        expression: 'http.host eq "chat.example.com"',
        ref: "x",
      });
    });
    expect(out).toEqual([
      expect.stringMatching(
        /^rules\[1\] \(x\) of cloudflare_ruleset\.ConfigSettings_[0-9A-F]{8} sets ssl "flexible" for requests matching `http\.host eq "chat\.example\.com"`, overriding the zone's "strict"$/,
      ),
    ]);
  });

  test("fails an active Page Rule with ssl flexible; a disabled one (the provider's default status) is not applied", () => {
    const page = (status?: string) => (s: StackInput[]) =>
      addResource(s, "edge-", "cloudflare_page_rule", "Legacy", {
        zone_id: ZONE,
        target: "chat.example.com/*",
        actions: { ssl: "flexible" },
        ...(status ? { status } : {}),
      });
    expect(findings("GL-EDGE-001", page("active"))).toEqual([
      'page rule for "chat.example.com/*" sets ssl "flexible", overriding the zone\'s "strict"',
    ]);
    expect(findings("GL-EDGE-001", page())).toEqual([]);
  });

  test("fails a second ssl setting even when both say strict (which one applies is not known)", () => {
    const out = findings("GL-EDGE-001", setting("Second_ssl", "ssl", "strict"));
    expect(out).toEqual([
      expect.stringMatching(/^ssl is declared 2 times for this zone \(also cloudflare_zone_setting\.Second_ssl\)/),
      expect.stringMatching(/^ssl is declared 2 times for this zone \(also cloudflare_zone_setting\.Settings_ssl_[0-9A-F]{8}\)/),
    ]);
  });

  test("a second ssl setting for another zone is no duplicate, but a finding of its own: it sets another zone", () => {
    const out = findings("GL-EDGE-001", (s) =>
      addResource(s, "edge-", "cloudflare_zone_setting", "Other_ssl", {
        setting_id: "ssl",
        value: "strict",
        zone_id: "0123456789abcdef0123456789abcdef",
      }),
    );
    expect(out).toEqual([
      `its zone_id is "0123456789abcdef0123456789abcdef", another zone, not this environment's zone (${ZONE}): what it declares does not reach the zone the app is served from, so it is not counted; point zone_id at the environment's zone`,
    ]);
  });

  test("fails a per-hostname minimum TLS below 1.2", () => {
    const out = findings("GL-EDGE-002", (s) =>
      addResource(s, "edge-", "cloudflare_hostname_tls_setting", "Old_tls", {
        zone_id: ZONE,
        hostname: "chat.example.com",
        setting_id: "min_tls_version",
        value: "1.0",
      }),
    );
    expect(out).toEqual(['min_tls_version of hostname "chat.example.com" is "1.0", must be "1.2" or "1.3"']);
  });
});
