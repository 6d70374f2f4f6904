import { crossEnvironmentIssues } from "../../lib/engines/config/cross-env";
import { formatPath } from "../../lib/core/issues";
import { type ConfigEdit, exampleConfig } from "../helpers/example-config";

// Access applications and service tokens count against the Cloudflare account (account-limits.mdx,
// "Access": 500 applications, 50 service tokens), and the example environments share one accountId.

const tokens = (count: number, prefix: string, pathsEach = 1): ConfigEdit => [
  ["edge", "access", "serviceTokens"],
  Array.from({ length: count }, (_, t) => ({
    name: `${prefix}${t}`,
    paths: Array.from({ length: pathsEach }, (_, p) => `/hooks/${prefix}${t}/p${p}`),
  })),
];

function conflicts(staging: readonly ConfigEdit[], production: readonly ConfigEdit[]): string[] {
  return crossEnvironmentIssues([
    { file: "config/production.yaml", cfg: exampleConfig(production) },
    { file: "config/staging.yaml", cfg: exampleConfig(staging, "staging") },
  ]).map((c) => `${c.file}: ${formatPath(c.issue.path)}: ${c.issue.message}`);
}

describe("Access limits of a Cloudflare account shared by environments", () => {
  test("fails when two environments in one account declare 60 service tokens (limit 50), naming both files", () => {
    expect(exampleConfig([], "staging").cloudflare.accountId).toBe(exampleConfig().cloudflare.accountId);
    expect(conflicts([tokens(30, "s")], [tokens(30, "p")])).toEqual([
      expect.stringMatching(
        /^config\/staging\.yaml: edge\.access\.serviceTokens: 60 service tokens in Cloudflare account 0123456789abcdef0123456789abcdef \(cloudflare\.accountId of 30 in config\/production\.yaml, 30 in config\/staging\.yaml\) exceed the account's limit of 50 \(edge\.access\.accountLimits\.serviceTokens\)/,
      ),
    ]);
  });

  test("fails when two environments in one account declare more than 500 Access applications together", () => {
    // 6 x 50 paths + "/" + "/admin" = 302 each, 604 in the account.
    expect(conflicts([tokens(6, "s", 50)], [tokens(6, "p", 50)])).toEqual([
      expect.stringMatching(
        /^config\/staging\.yaml: edge\.access: 604 Access applications .* exceed the account's limit of 500 \(edge\.access\.accountLimits\.applications\)/,
      ),
    ]);
  });

  test("a raised limit declared by either environment, or separate accounts, admit the sum", () => {
    const raised: ConfigEdit = [["edge", "access", "accountLimits"], { serviceTokens: 100 }];
    expect(conflicts([tokens(30, "s")], [tokens(30, "p"), raised])).toEqual([]);
    const elsewhere: ConfigEdit = [["cloudflare", "accountId"], "fedcba9876543210fedcba9876543210"];
    expect(conflicts([tokens(30, "s"), elsewhere], [tokens(30, "p")])).toEqual([]);
  });

  test("fails when environments in one account declare more Access groups or reusable policies than it allows", () => {
    // One group and one allow policy per role, one non_identity policy per token: 2 roles + 1 token
    // (webhooks) in production's example and staging's, so 58 roles more each make 120 groups and 122 policies.
    const roles = (prefix: string): ConfigEdit => [
      ["edge", "access", "roles"],
      {
        ...exampleConfig().edge.access.roles,
        ...Object.fromEntries(Array.from({ length: 58 }, (_, i) => [`${prefix}${i}`, { emails: [`${prefix}${i}@example.net`] }])),
      },
    ];
    const limits: ConfigEdit = [["edge", "access", "accountLimits"], { ruleGroups: 100, reusablePolicies: 110 }];
    // Both declare it: the highest limit any environment in the account declares applies.
    expect(conflicts([roles("s"), limits], [roles("p"), limits])).toEqual([
      expect.stringMatching(
        /^config\/staging\.yaml: edge\.access\.roles: 120 Access groups \(rule groups: one per role of edge\.access\.roles\) in Cloudflare account \w+ \(cloudflare\.accountId of 60 in config\/production\.yaml, 60 in config\/staging\.yaml\) exceed the account's limit of 100 \(edge\.access\.accountLimits\.ruleGroups\)/,
      ),
      expect.stringMatching(
        /^config\/staging\.yaml: edge\.access: 122 reusable Access policies .* exceed the account's limit of 110 \(edge\.access\.accountLimits\.reusablePolicies\)/,
      ),
    ]);
    expect(conflicts([roles("s")], [roles("p")])).toEqual([]);
  });
});
