import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ResourceChange } from "../../lib/core/plan/schema";
import { toChangeView } from "../../lib/core/plan/changes";
import type { StackInput } from "../../lib/core/readiness/model";
import { riskFlags } from "../../lib/engines/plan/risks";
import { ContractFileSchema } from "../../scripts/extract-cloudflare-contract/contract";
import { check, messages, ruleById } from "../checks/support";
import { type ConfigEdit, configErrorText, exampleConfig, REPO_ROOT } from "../helpers/example-config";
import { resourcesOf, type SynthJson, synthKind } from "../helpers/synth";
import { checkBlock } from "../platform/provider-contract-check";

/** #: the edge stack pins the zone's URL normalization, so path rules cannot be bypassed by encoding. */
const TYPE = "cloudflare_url_normalization_settings";
const ZONE = "${cloudflare_zone.Zone_A5DE4B68.id}";

function edgeStack(edits: readonly ConfigEdit[] = [], env = "production"): StackInput {
  const json = synthKind(exampleConfig(edits, env), "edge");
  return { name: `edge-${env}`, file: `cdktf.out/stacks/edge-${env}/cdk.tf.json`, json };
}
const production = edgeStack();
const staging = edgeStack([], "staging");

function settingsOf(stack: StackInput): Record<string, unknown>[] {
  return resourcesOf(stack.json as SynthJson, TYPE).map(([, r]) => r);
}

/** A copy of the stack with `edit` applied to its JSON. */
function edited(stack: StackInput, edit: (json: SynthJson) => void): StackInput {
  const json = structuredClone(stack.json) as SynthJson;
  edit(json);
  return { ...stack, json };
}

describe("edge stack: URL normalization", () => {
  test("both examples declare one zone setting, type cloudflare and scope incoming, on the stack's zone", () => {
    for (const stack of [production, staging])
      expect(settingsOf(stack)).toEqual([expect.objectContaining({ zone_id: ZONE, type: "cloudflare", scope: "incoming" })]);
  });

  test("the type and scope come from edge.urlNormalization", () => {
    const stack = edgeStack([[["edge", "urlNormalization"], { type: "rfc3986", scope: "both" }]]);
    expect(settingsOf(stack)).toEqual([expect.objectContaining({ zone_id: ZONE, type: "rfc3986", scope: "both" })]);
  });

  test("fails a config that turns normalization off, or names an unknown type, in one line naming the field", () => {
    expect(configErrorText([[["edge", "urlNormalization", "scope"], "none"]])).toBe(
      'config/production.yaml: edge.urlNormalization.scope: URL normalization cannot be turned off: encoded paths (/%61dmin) would slip past path rules; allowed: "incoming"|"both"; got "none"',
    );
    expect(configErrorText([[["edge", "urlNormalization", "type"], "strict"]])).toBe(
      'config/production.yaml: edge.urlNormalization.type: Invalid option: expected one of "cloudflare"|"rfc3986"; got "strict"',
    );
  });

  test("the synthesized resource passes the provider contract, which refuses a scope the provider does not know", () => {
    const contract = ContractFileSchema.parse(
      JSON.parse(readFileSync(join(REPO_ROOT, "__tests__", "fixtures", "cloudflare-contract.json"), "utf8")),
    );
    const spec = contract.resources[TYPE];
    if (!spec) throw new Error(`the contract has no ${TYPE}`);
    expect(spec.file).toBe("internal/services/url_normalization_settings/schema.go");
    const [body] = settingsOf(production);
    const problems = (b: Record<string, unknown>) => checkBlock(spec, TYPE, b).map((p) => `${p.attribute}: ${p.problem}`);
    expect(problems(body ?? {})).toEqual([]);
    expect(problems({ ...body, scope: "off" })).toEqual([
      expect.stringMatching(/^scope: "off" is not allowed; one of: "incoming", "both", "none"/),
    ]);
    expect(problems({ zone_id: ZONE, scope: "incoming" })).toEqual(["type: required attribute is missing"]);
  });
});

describe("GL-EDGE-010: URL normalization is pinned where rules match paths", () => {
  const rule = ruleById("GL-EDGE-010");
  const removed = (json: SynthJson) => delete json.resource[TYPE];

  test("passes on both examples", () => {
    expect(check(rule, [production]).kind).toBe("compliant");
    expect(check(rule, [staging]).kind).toBe("compliant");
  });

  test("fails when the stack no longer declares the setting, naming the path rules it protects", () => {
    expect(messages(check(rule, [edited(production, removed)]))).toEqual([
      'no cloudflare_url_normalization_settings is declared, so the zone keeps whatever normalization the dashboard says (scope "none" turns it off) while these match on the path: Access applications chat.example.com/admin, api.example.com/admin, app.example.com/admin and 3 more; http_request_firewall_custom rules admin_networks_only; http_ratelimit rules ratelimit_chat, ratelimit_tools',
    ]);
  });

  test("fails a setting whose scope is none, on that resource", () => {
    const off = edited(production, (json) => {
      for (const r of Object.values(json.resource[TYPE] ?? {})) r.scope = "NONE";
    });
    const out = check(rule, [off]);
    expect(messages(out)).toEqual([expect.stringMatching(/^scope is "NONE", must be "incoming" or "both": without normalization/)]);
    expect(out.kind === "non-compliant" && out.findings[0]?.location).toMatchObject({
      address: expect.stringMatching(/^cloudflare_url_normalization_settings\./),
    });
  });

  test("does not apply when no Access application, WAF or rate-limit rule reads the path (raw fields skip normalization)", () => {
    const hostOnly = edited(production, (json) => {
      removed(json);
      const apps = json.resource.cloudflare_zero_trust_access_application ?? {};
      for (const [name, app] of Object.entries(apps)) if (JSON.stringify(app.destinations).includes("/")) delete apps[name];
      for (const ruleset of Object.values(json.resource.cloudflare_ruleset ?? {}))
        if (ruleset.phase === "http_ratelimit" || ruleset.phase === "http_request_firewall_custom")
          ruleset.rules = [{ ref: "raw", action: "block", expression: 'raw.http.request.uri.path eq "/x"' }];
    });
    expect(check(rule, [hostOnly]).kind).toBe("not-applicable");
  });
});

describe("plan review: URL normalization turned off or removed is flagged", () => {
  const flags = (actions: ResourceChange["change"]["actions"], before: unknown, after: unknown) =>
    riskFlags(
      toChangeView(
        {
          address: `${TYPE}.UrlNormalization_7A7F61A2`,
          mode: "managed",
          type: TYPE,
          name: "UrlNormalization_7A7F61A2",
          change: { actions, before, after, before_sensitive: {}, after_sensitive: {}, after_unknown: {} },
        },
        undefined,
      ),
    ).map((f) => `${f.rule}: ${f.detail}`);
  const ON = { zone_id: "z", type: "cloudflare", scope: "incoming" };

  test("an update that sets scope none", () => {
    expect(flags(["update"], ON, { ...ON, scope: "none" })).toEqual([
      'url-normalization-off: URL normalization turned off: scope "incoming" -> "none"; /%61dmin is no longer /admin to path rules and Access',
    ]);
  });

  test("deleting the setting", () => {
    expect(flags(["delete"], ON, null)).toEqual([
      'url-normalization-off: URL normalization settings deleted from the config (scope "incoming"): no longer enforced, anyone can turn normalization off in the dashboard and path rules then miss encoded paths',
    ]);
  });

  test("an update from the cloudflare type to rfc3986, which no longer folds // and \\", () => {
    expect(flags(["update"], ON, { ...ON, type: "rfc3986" })).toEqual([
      'url-normalization-off: URL normalization type "cloudflare" -> "rfc3986": `//` and `\\` are no longer folded, so //admin is not /admin at the edge',
    ]);
  });

  test("is quiet when normalization stays on or is turned on", () => {
    expect(flags(["update"], ON, { ...ON, scope: "both" })).toEqual([]);
    expect(flags(["update"], { ...ON, scope: "none" }, ON)).toEqual([]);
    expect(flags(["create"], null, ON)).toEqual([]);
  });
});
