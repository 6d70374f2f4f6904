import { type ConfigEdit, configErrorText, exampleConfig, exampleInput } from "../helpers/example-config";
import { accessCounts } from "../../lib/features/edge/access-limits";
import { resourcesOf, synthKind } from "../helpers/synth";

// Cloudflare's Access limits per account (developers.cloudflare.com/cloudflare-one/account-limits/,
// "Access": 5 domains per application, 500 applications, 50 service tokens; raised on Enterprise
// accounts): the provider checks none of them, so they are refused in config, not at apply.

/** Staging's hostnames plus `extra` protected ones (each becomes a destination of every application). */
function withHostnames(extra: number): ConfigEdit {
  const input = exampleInput("staging") as { edge: { hostnames: unknown[] } };
  const added = Array.from({ length: extra }, (_, i) => ({ name: `app${i}.example.net`, origin: `192.0.2.${40 + i}` }));
  return [
    ["edge", "hostnames"],
    [...input.edge.hostnames, ...added],
  ];
}

/** `tokens` service tokens with 50 paths each, all distinct: one Access application per path. */
function withTokens(tokens: number, pathsEach = 50): ConfigEdit {
  const serviceTokens = Array.from({ length: tokens }, (_, t) => ({
    name: `caller${t}`,
    paths: Array.from({ length: pathsEach }, (_, p) => `/hooks/c${t}/p${p}`),
  }));
  return [["edge", "access", "serviceTokens"], serviceTokens];
}

/** `count` roles of one email each, all allowed on `/` (replacing staging's roles and paths). */
function withRoles(count: number): ConfigEdit {
  const names = Array.from({ length: count }, (_, i) => `role${i}`);
  return [
    ["edge", "access"],
    {
      ...(exampleInput("staging") as { edge: { access: object } }).edge.access,
      roles: Object.fromEntries(names.map((n) => [n, { emails: [`${n}@example.net`] }])),
      paths: [{ path: "/", roles: names }],
    },
  ];
}

const lines = (edits: readonly ConfigEdit[], env = "staging") => configErrorText(edits, env).split("\n");

describe("edge.access within the Cloudflare account's Access limits", () => {
  test("staging as written has 3 destinations on each application (2 hostnames and release.hostname)", () => {
    const apps = resourcesOf(synthKind(exampleConfig([], "staging"), "edge"), "cloudflare_zero_trust_access_application");
    expect(apps.map(([, r]) => (r.destinations as unknown[]).length)).toEqual(apps.map(() => 3));
  });

  test("fails when each application would get more than 5 destinations, counting release.hostname", () => {
    // 2 of staging's own + 2 added + release.hostname = 5: allowed.
    expect(configErrorText([withHostnames(2)], "staging")).toBe("");
    expect(lines([withHostnames(5)])).toContainEqual(
      expect.stringMatching(
        /^config\/staging\.yaml: edge\.hostnames: 8 destinations on each Access application \(every protected hostname of edge\.hostnames, and release\.hostname\) exceed the account's limit of 5 \(edge\.access\.accountLimits\.domainsPerApplication\)/,
      ),
    );
  });

  test("a public hostname is no destination, so it does not count", () => {
    const input = exampleInput("staging") as { edge: { hostnames: unknown[] } };
    const publicOnes = Array.from({ length: 5 }, (_, i) => ({
      name: `www${i}.example.net`,
      origin: `192.0.2.${60 + i}`,
      public: { reason: "Static marketing page; holds no data." },
    }));
    expect(
      lines([
        [
          ["edge", "hostnames"],
          [...input.edge.hostnames, ...publicOnes],
        ],
      ]).join("\n"),
    ).not.toMatch(/domainsPerApplication/);
  });

  test("an Enterprise account's raised domainsPerApplication admits as many as it says", () => {
    const raised: ConfigEdit = [["edge", "access", "accountLimits"], { domainsPerApplication: 8 }];
    const cfg = exampleConfig([withHostnames(5), raised], "staging");
    expect(cfg.edge.access.accountLimits).toEqual({
      domainsPerApplication: 8,
      applications: 500,
      serviceTokens: 50,
      ruleGroups: 300,
      reusablePolicies: 500,
      rulesPerRuleGroup: 1000,
    });
    const apps = resourcesOf(synthKind(cfg, "edge"), "cloudflare_zero_trust_access_application");
    expect(apps.map(([, r]) => (r.destinations as unknown[]).length)).toEqual(apps.map(() => 8));
  });

  test("fails when one environment declares more than 500 Access applications (one per distinct path)", () => {
    // 11 tokens x 50 paths + "/" + "/admin" = 552 applications.
    expect(lines([withTokens(11)])).toContainEqual(
      expect.stringMatching(
        /^config\/staging\.yaml: edge\.access: 552 Access applications \(one per distinct path of edge\.access\.paths and edge\.access\.serviceTokens\[\]\.paths\) exceed the account's limit of 500 \(edge\.access\.accountLimits\.applications\)/,
      ),
    );
    expect(configErrorText([withTokens(11), [["edge", "access", "accountLimits"], { applications: 600 }]], "staging")).toBe("");
  });

  test("an Enterprise account's raised serviceTokens admits more than 50 tokens in one environment; over it names the field", () => {
    const raised: ConfigEdit = [["edge", "access", "accountLimits"], { serviceTokens: 100 }];
    expect(configErrorText([withTokens(60, 1), raised], "staging")).toBe("");
    expect(exampleConfig([withTokens(60, 1), raised], "staging").edge.access.serviceTokens).toHaveLength(60);
    expect(lines([withTokens(60, 1)])).toEqual([
      expect.stringMatching(
        /^config\/staging\.yaml: edge\.access\.serviceTokens: 60 service tokens exceed the account's limit of 50 \(edge\.access\.accountLimits\.serviceTokens\)/,
      ),
    ]);
  });

  test("the counts checked are the Access groups, reusable policies, tokens and applications the edge stack synthesizes", () => {
    const cfg = exampleConfig([withRoles(4), withTokens(3, 2)], "staging");
    const stack = synthKind(cfg, "edge");
    const count = (type: string) => resourcesOf(stack, type).length;
    const policies = resourcesOf(stack, "cloudflare_zero_trust_access_policy");
    // Every policy golive declares is reusable: none is bound to one application.
    expect(policies.filter(([, r]) => r.application_id !== undefined)).toEqual([]);
    expect(accessCounts(cfg)).toMatchObject({
      ruleGroups: count("cloudflare_zero_trust_access_group"),
      reusablePolicies: policies.length,
      serviceTokens: count("cloudflare_zero_trust_access_service_token"),
      applications: count("cloudflare_zero_trust_access_application"),
    });
    expect(accessCounts(cfg)).toMatchObject({ ruleGroups: 4, reusablePolicies: 7 });
  });

  test("fails when one environment's roles and service tokens make more than 500 reusable Access policies", () => {
    // 100 roles + 410 tokens = 510 policies (the tokens within a raised serviceTokens).
    const raised: ConfigEdit = [["edge", "access", "accountLimits"], { serviceTokens: 1000 }];
    expect(lines([withRoles(100), withTokens(410, 1), raised])).toEqual([
      expect.stringMatching(
        /^config\/staging\.yaml: edge\.access: 510 reusable Access policies \(one per role of edge\.access\.roles and one per service token\) exceed the account's limit of 500 \(edge\.access\.accountLimits\.reusablePolicies\)/,
      ),
    ]);
    const more: ConfigEdit = [["edge", "access", "accountLimits"], { serviceTokens: 1000, reusablePolicies: 600 }];
    expect(configErrorText([withRoles(100), withTokens(410, 1), more], "staging")).toBe("");
  });

  test("fails when one role's emails and email domains make more than 1000 include rules in its group", () => {
    const emails = Array.from({ length: 1000 }, (_, i) => `u${i}@example.net`);
    const big = (domains: string[]): ConfigEdit => [["edge", "access", "roles", "users"], { emails, emailDomains: domains }];
    expect(configErrorText([big([])], "staging")).toBe("");
    const raised: ConfigEdit = [["edge", "access", "accountLimits"], { rulesPerRuleGroup: 2000 }];
    const cfg = exampleConfig([big(["example.org"]), raised], "staging");
    const group = resourcesOf(synthKind(cfg, "edge"), "cloudflare_zero_trust_access_group");
    expect(group.map(([, r]) => (r.include as unknown[]).length)).toContain(1001);
    expect(lines([big(["example.org"])])).toEqual([
      expect.stringMatching(
        /^config\/staging\.yaml: edge\.access\.roles: 1001 include rules in one role's Access group \(its emails, emailDomains and idpGroup\) exceed the account's limit of 1000 \(edge\.access\.accountLimits\.rulesPerRuleGroup\)/,
      ),
    ]);
  });
});
