import { exampleConfig } from "../helpers/example-config";
import { check, clone, envConfig, removeAll, ruleById, synthStacks } from "./support";
import type { AppConfig } from "../../lib/config/schema";
import type { Finding } from "../../lib/platform/readiness";

const rule = ruleById("GL-SEC-005");

/** The rule's findings on `cfg`'s own synthesized stacks, `edit`ed, checked with that config. */
function findings(cfg: AppConfig, edit: (stacks: ReturnType<typeof synthStacks>) => void = () => {}): readonly Finding[] {
  const stacks = clone(synthStacks(cfg));
  edit(stacks);
  const out = check(rule, stacks, { config: envConfig(cfg) });
  return out.kind === "non-compliant" ? out.findings : [];
}

describe("GL-SEC-005 without CI roles in config points at the config field to add, not at a stack", () => {
  test("fails without a secrets section, at config/<env>.yaml: secrets", () => {
    expect(findings(exampleConfig([[["secrets"], undefined]]))).toEqual([
      {
        message:
          "no CI deploy role: config/production.yaml has no secrets section (secrets.github.repository), so no stack declares the GitHub OIDC provider or a deploy role",
        location: { kind: "config", file: "config/production.yaml", path: "secrets" },
      },
    ]);
  });

  test("fails with secrets but no secrets.github, at config/<env>.yaml: secrets.github", () => {
    const [finding] = findings(exampleConfig([[["secrets", "github"], undefined]]));
    expect(finding?.location).toEqual({ kind: "config", file: "config/production.yaml", path: "secrets.github" });
    expect(finding?.message).toContain("config/production.yaml has no secrets.github (secrets.github.repository)");
  });

  test("fails at access-<env>, the stack that declares the provider, when config has secrets.github but the stacks lack it", () => {
    const [finding] = findings(exampleConfig(), (stacks) => removeAll(stacks, "aws_iam_openid_connect_provider"));
    expect(finding?.location).toMatchObject({ kind: "stack", stack: "access-production" });
  });

  test("the fix names the config fields and the init flags that write them, in golive's terms", () => {
    expect(rule.fix).toContain("Add the secrets section to config/<env>.yaml with secrets.github.repository");
    expect(rule.fix).toContain("golive init <env> --github-repository <org>/<repo> --secrets-writer-role <arn>");
    expect(rule.fix).not.toMatch(/aws_iam_|data "/);
  });
});
