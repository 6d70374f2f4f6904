import type { StackInput } from "../../lib/core/readiness/model";
import { exampleConfig } from "../helpers/example-config";
import { check, envConfig, ruleById } from "./support";

/**
 * GL-SEC-008: an environment the CI workflows deploy (secrets.github) with local state is one they
 * refuse (scripts/ci/matrix.ts, --require-remote-state); the scorecard says so before a push does.
 * A config rule: the stacks are not read.
 */
const rule = ruleById("GL-SEC-008");
const stacksOf = (env: string): StackInput[] => [
  { name: `edge-${env}`, file: `cdktf.out/stacks/edge-${env}/cdk.tf.json`, json: { terraform: {} } },
];
const run = (env: string, edits: Parameters<typeof exampleConfig>[0] = []) =>
  check(rule, stacksOf(env), { config: envConfig(exampleConfig(edits, env)) });

test("fails for staging's shape (secrets.github with state.backend local): one warning at the config field state.backend", () => {
  expect(rule.severity).toBe("warning");
  expect(run("staging")).toEqual({
    kind: "non-compliant",
    findings: [
      {
        message:
          "state.backend is local while secrets.github has CI deploy this environment: deploy.yml, drift.yml and pr.yml refuse it, because a runner has no state file, so a plan starts from empty state and an apply would create again what exists",
        location: { kind: "config", file: "config/staging.yaml", path: "state.backend" },
      },
    ],
  });
});

test("fails when there is no state section, which is local state too", () => {
  const out = run("staging", [[["state"], undefined]]);
  expect(out.kind === "non-compliant" && out.findings.map((f) => f.message)).toEqual([
    expect.stringMatching(/^state\.backend is local \(no state section\) while secrets\.github /),
  ]);
});

test("passes production's shape (state.backend s3) and HCP Terraform", () => {
  expect(run("production").kind).toBe("compliant");
  expect(run("staging", [[["state"], { backend: "cloud", organization: "example-org", workspacePrefix: "opsbot-" }]]).kind).toBe(
    "compliant",
  );
});

test("is not applicable without a config or without secrets.github (no CI workflow deploys the environment)", () => {
  expect(check(rule, stacksOf("staging")).kind).toBe("not-applicable");
  expect(run("staging", [[["secrets", "github"], undefined]]).kind).toBe("not-applicable");
});
