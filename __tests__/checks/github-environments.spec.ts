import type { StackInput } from "../../lib/core/readiness/model";
import { type ConfigEdit, exampleConfig, exampleInput } from "../helpers/example-config";
import { check, envConfig, isObj, messages, ruleById } from "./support";

/**
 * GL-SEC-010: the deploy and admin-deploy roles trust tokens naming the GitHub environments `<env>` and
 * `<env>-admin`; golive cannot read their protection rules, so a person attests them, where CI deploys.
 */
const rule = ruleById("GL-SEC-010");
const stacksOf = (env: string): StackInput[] => [
  { name: `access-${env}`, file: `cdktf.out/stacks/access-${env}/cdk.tf.json`, json: { terraform: {} } },
];

/** The example's attestations, less github-environments, or with its date set to `date`. */
function attestations(env: string, date?: string): unknown[] {
  const input = exampleInput(env);
  const readiness = isObj(input) && isObj(input.readiness) ? input.readiness : {};
  const list = Array.isArray(readiness.attestations) ? readiness.attestations : [];
  return list.flatMap((a: unknown) => {
    if (!isObj(a) || a.item !== "github-environments") return [a];
    return date === undefined ? [] : [{ ...a, date }];
  });
}

const run = (env: string, edits: readonly ConfigEdit[] = [], today?: string) =>
  check(rule, stacksOf(env), { config: envConfig(exampleConfig(edits, env)), ...(today === undefined ? {} : { today }) });

test("is a blocker on the secrets row, attested by the example configs", () => {
  expect(rule.severity).toBe("blocker");
  expect(rule.row).toBe("secrets");
  for (const env of ["production", "staging"]) {
    const out = run(env);
    expect(out.kind === "attested" && out.note).toMatch(
      /^attested by platform-team on 2026-11-\d\d: https:\/\/example\.com\/reviews\/opsbot\/github-environments$/,
    );
  }
});

test("fails when github-environments is not attested, naming both GitHub environments and the config field", () => {
  const out = run("production", [[["readiness", "attestations"], attestations("production")]]);
  expect(out).toEqual({
    kind: "non-compliant",
    findings: [
      {
        message:
          '"github-environments" is not attested (readiness.attestations has no item "github-environments", covering the GitHub environments production and production-admin)',
        location: { kind: "config", file: "config/production.yaml", path: "readiness.attestations" },
      },
    ],
  });
  expect(rule.fix).toContain("deployment branches limited to main");
});

test("fails naming secrets.github.adminEnvironment when it replaces <env>-admin", () => {
  const edits: ConfigEdit[] = [
    [["readiness", "attestations"], attestations("production")],
    [["secrets", "github", "adminEnvironment"], "prod-secrets-admin"],
  ];
  expect(messages(run("production", edits)).join()).toContain("the GitHub environments production and prod-secrets-admin)");
});

test("fails when attested for a future date; a stale one still counts, and GL-READY-003 warns", () => {
  const future = run("production", [[["readiness", "attestations"], attestations("production", "2027-01-01")]]);
  expect(messages(future).join()).toContain("a date in the future");
  const today = "2027-06-01";
  const stale = run("production", [], today);
  expect(stale.kind === "attested" && stale.note).toContain("(stale: 193 days old, see GL-READY-003)");
  const ready = check(ruleById("GL-READY-003"), stacksOf("production"), { config: envConfig(exampleConfig([], "production")), today });
  expect(messages(ready)).toContain('"github-environments" was attested on 2026-11-20, 193 days ago; stale after 90 days');
});

test("is not applicable without a config or without secrets.github (no CI workflow deploys the environment)", () => {
  expect(check(rule, stacksOf("production"))).toEqual({ kind: "not-applicable", note: "no config file for this environment" });
  const unattested: ConfigEdit = [["readiness", "attestations"], attestations("staging")];
  expect(run("staging", [unattested, [["secrets", "github"], undefined]])).toEqual({
    kind: "not-applicable",
    note: "no secrets.github: no CI workflow deploys this environment",
  });
});
