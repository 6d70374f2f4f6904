import type { StackInput } from "../../lib/core/readiness/model";
import { addResource, blocksOf, check, clone, envConfig, exampleEnv, messages, type Obj, phaseRulesOf, ruleById } from "./support";

/**
 * What golive cannot read is a finding, never a pass: Terraform evaluates a JSON string that is only
 * "${expr}" to the expression's value ("${false}" is false), so an override written that way must not
 * read as "not false" (developer.hashicorp.com/terraform/language/syntax/json).
 */
const example = exampleEnv();
const config = envConfig(example.cfg);
const ZONE = "${cloudflare_zone.Zone_A5DE4B68.id}";

function results(edit: (s: StackInput[]) => void, ...ids: string[]): Record<string, string[]> {
  const stacks = clone(example.stacks);
  edit(stacks);
  return Object.fromEntries(ids.map((id) => [id, messages(check(ruleById(id), stacks, { config }))]));
}

describe("edge rules fail closed on values written as Terraform expressions", () => {
  test('enabled "${false}" on every WAF and rate-limit rule fails GL-EDGE-006/007/008/009 and GL-CSRF-001, naming rule, attribute and value', () => {
    const out = results(
      (s) => {
        for (const phase of ["http_request_firewall_managed", "http_request_firewall_custom", "http_ratelimit"])
          for (const rules of phaseRulesOf(s, phase)) for (const rule of rules) rule.enabled = "${false}";
      },
      "GL-EDGE-006",
      "GL-EDGE-007",
      "GL-EDGE-008",
      "GL-EDGE-009",
      "GL-CSRF-001",
    );
    for (const id of Object.keys(out)) expect([id, out[id]?.length ?? 0]).not.toEqual([id, 0]);
    expect(out["GL-EDGE-006"]).toContain(
      "cannot tell what rules[0] (managed_cloudflare) does: enabled is the expression ${false}; write a literal",
    );
    expect(out["GL-EDGE-008"]).toContain(
      "cannot tell what rules[0] (ratelimit_chat) does: enabled is the expression ${false}; write a literal",
    );
    expect(out["GL-CSRF-001"]).toContain(
      "cannot tell what rules[0] (csrf_foreign_origin) does: enabled is the expression ${false}; write a literal",
    );
  });

  test('a skip written as "${\\"skip\\"}" in the custom rules fails the managed WAF and the rate limits it may switch off', () => {
    const out = results(
      (s) => {
        const custom = blocksOf(s, "cloudflare_ruleset").find((b) => b.attrs.phase === "http_request_firewall_custom");
        if (!custom) throw new Error("no custom ruleset");
        (custom.attrs.rules as Obj[]).unshift({
          action: '${"skip"}',
          action_parameters: { phases: ["http_request_firewall_managed", "http_ratelimit"] },
          enabled: true,
          expression: "true",
          ref: "sneaky",
        });
      },
      "GL-EDGE-006",
      "GL-EDGE-008",
    );
    const line = 'cannot tell what rules[0] (sneaky) does: action is the expression ${"skip"}; write a literal';
    expect(out).toEqual({ "GL-EDGE-006": [line], "GL-EDGE-008": [line] });
  });

  test('a proxied record written "${true}" without an Access application fails GL-AUTH-001', () => {
    const out = results(
      (s) =>
        addResource(s, "edge-", "cloudflare_dns_record", "Internal", {
          name: "internal.example.com",
          type: "A",
          content: "192.0.2.60",
          proxied: "${true}",
          ttl: 1,
          zone_id: ZONE,
        }),
      "GL-AUTH-001",
    );
    expect(out["GL-AUTH-001"]).toEqual([
      "internal.example.com is proxied to users but no Access application covers it and it is not declared public",
      "cannot tell whether its requests go through Cloudflare (Access, the WAF) or straight to the origin: proxied is the expression ${true}; write a literal",
    ]);
  });

  test('a policy deciding "${\\"bypass\\"}" fails GL-AUTHZ-001', () => {
    const out = results((s) => {
      for (const b of blocksOf(s, "cloudflare_zero_trust_access_policy"))
        if (String(b.attrs.name).endsWith("-allow-users")) b.attrs.decision = '${"bypass"}';
    }, "GL-AUTHZ-001");
    expect(out["GL-AUTHZ-001"]).toEqual(['cannot tell what it decides: decision is the expression ${"bypass"}; write a literal']);
  });

  test("an include term written as an expression fails GL-AUTHZ-001; a service token named by its id still passes", () => {
    const out = results((s) => {
      for (const b of blocksOf(s, "cloudflare_zero_trust_access_group"))
        if (String(b.attrs.name).endsWith("-users")) b.attrs.include = [{ everyone: "${{}}" }];
    }, "GL-AUTHZ-001");
    expect(out["GL-AUTHZ-001"]).toEqual([
      expect.stringMatching(
        /^allow policy: who it admits cannot be verified: group .+ which is unreadable: everyone is the expression \$\{\{\}\}/,
      ),
    ]);
    expect(results(() => {}, "GL-AUTHZ-001")).toEqual({ "GL-AUTHZ-001": [] });
  });

  test("a zone setting's value, or origin pulls' enabled, written as an expression is a finding", () => {
    const out = results(
      (s) => {
        for (const b of blocksOf(s, "cloudflare_zone_setting")) if (b.attrs.setting_id === "ssl") b.attrs.value = '${"strict"}';
        for (const b of blocksOf(s, "cloudflare_authenticated_origin_pulls_settings")) b.attrs.enabled = "${true}";
      },
      "GL-EDGE-001",
      "GL-AUTH-002",
    );
    expect(out["GL-EDGE-001"]).toEqual(['cannot tell its ssl: value is the expression ${"strict"}; write a literal']);
    expect(out["GL-AUTH-002"]).toContain("cannot tell whether origin pulls are on: enabled is the expression ${true}; write a literal");
  });
});

test("literal readers: an expression or another type is unknown, an escaped $${ is text", () => {
  const { isTemplate, literalBool, literalStr } = require("../../lib/core/json") as typeof import("../../lib/core/json");
  expect([isTemplate("${false}"), isTemplate("%{ if x }a%{ endif }"), isTemplate("$${literal}"), isTemplate("plain")]).toEqual([
    true,
    true,
    false,
    false,
  ]);
  expect(literalBool("${false}")).toEqual({ kind: "unknown", shown: "the expression ${false}" });
  expect(literalBool("false")).toEqual({ kind: "value", value: false });
  expect(literalBool(1)).toEqual({ kind: "unknown", shown: "the number 1, not a boolean" });
  expect(literalStr(null)).toEqual({ kind: "absent" });
  const obj: Obj = {};
  expect(literalStr(obj)).toEqual({ kind: "unknown", shown: "an object, not a string" });
});
