import { Testing } from "cdktf";
import type { AppConfig } from "../../lib/config/schema";
import { buildEnvironmentStacks } from "../../stacks";
import { configErrorText, exampleConfig } from "../helpers/example-config";
import { synthStack, type SynthJson } from "../helpers/synth";

function allStacks(cfg: AppConfig): [string, SynthJson][] {
  const app = Testing.app();
  return buildEnvironmentStacks(app, cfg).map((s) => [s.node.id, synthStack(s)]);
}

function awsProviders(json: SynthJson): Record<string, unknown>[] {
  const aws = json.provider?.aws;
  return Array.isArray(aws) ? (aws as Record<string, unknown>[]) : [];
}

const CASES: [string, AppConfig, string][] = [
  ["production", exampleConfig(), "111111111111"],
  ["staging", exampleConfig([], "staging"), "222222222222"],
  // No secrets section: email and monitoring fall back to the state bucket's account.
  ["production without secrets", exampleConfig([[["secrets"], undefined]]), "111111111111"],
  // Their own setting wins over the shared account.
  [
    "production with own email and monitoring accounts",
    exampleConfig([
      [["email", "awsAccountId"], "333333333333"],
      [["monitoring", "awsAccountId"], "333333333333"],
    ]),
    "",
  ],
];

describe.each(CASES)("AWS providers of %s", (_label, cfg, account) => {
  const stacks = allStacks(cfg);

  test("every AWS provider of every stack is pinned to the configured account and tagged", () => {
    const withAws = stacks.filter(([, json]) => awsProviders(json).length > 0);
    expect(withAws.map(([name]) => name.replace(`-${cfg.environment}`, ""))).toEqual(expect.arrayContaining(["email", "monitoring"]));
    for (const [name, json] of withAws) {
      for (const provider of awsProviders(json)) {
        const kind = name.replace(`-${cfg.environment}`, "");
        const expected = account || (kind === "email" || kind === "monitoring" ? "333333333333" : "111111111111");
        expect({ name, accounts: provider.allowed_account_ids }).toEqual({ name, accounts: [expected] });
        expect({ name, tags: provider.default_tags }).toEqual({
          name,
          tags: [
            {
              tags: { app: cfg.app, environment: cfg.environment, "managed-by": "golive", "golive:scope": `${cfg.app}/${cfg.environment}` },
            },
          ],
        });
      }
    }
  });

  test("every zone lookup is filtered by the Cloudflare account", () => {
    const lookups = stacks.flatMap(([, json]) => Object.values(json.data?.cloudflare_zone ?? {}));
    expect(lookups.length).toBeGreaterThan(0);
    for (const lookup of lookups)
      expect(lookup.filter).toEqual({ name: cfg.cloudflare.zone.name, account: { id: cfg.cloudflare.accountId } });
  });
});

test("fails when email would create AWS resources in no known account", () => {
  const text = configErrorText([
    [["secrets"], undefined],
    [["state"], undefined],
    [["monitoring", "awsAccountId"], "111111111111"],
  ]);
  expect(text).toContain("email.awsAccountId: required when neither secrets.accountId nor state.accountId is set");
  expect(text).not.toContain("monitoring.awsAccountId");
});
