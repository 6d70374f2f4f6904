import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { exampleConfig, REPO_ROOT } from "../helpers/example-config";
import { Testing } from "cdktf";
import { buildEnvironmentStacks } from "../../stacks";
import { resourcesOf, synthKind, synthStack } from "../helpers/synth";
import { idByName, resourceWhere, statement } from "./policy-json";

const prod = synthKind(exampleConfig(), "access");
const staging = synthKind(exampleConfig([], "staging"), "access");
const OIDC = "token.actions.githubusercontent.com";

function role(json: typeof prod, name: string): Record<string, unknown> {
  return resourceWhere(json, "aws_iam_role", "name", name);
}

function trustOf(json: typeof prod, name: string) {
  return statement(role(json, name).assume_role_policy, "GithubActionsOidc");
}

function inlinePolicy(json: typeof prod, roleName: string, policyName: string): unknown {
  const id = idByName(json, "aws_iam_role", roleName);
  const found = resourcesOf(json, "aws_iam_role_policy").find(([, p]) => p.role === `\${aws_iam_role.${id}.id}` && p.name === policyName);
  if (!found) throw new Error(`no inline policy ${policyName} on ${roleName}`);
  return found[1].policy;
}

function attachedTo(json: typeof prod, roleName: string): unknown[] {
  const id = idByName(json, "aws_iam_role", roleName);
  return resourcesOf(json, "aws_iam_role_policy_attachment")
    .filter(([, a]) => a.role === `\${aws_iam_role.${id}.name}`)
    .map(([, a]) => a.policy_arn);
}

describe("access-<env> stack (GitHub Actions OIDC)", () => {
  test("the OIDC provider is GitHub's issuer with audience sts.amazonaws.com, protected from destroy", () => {
    const providers = resourcesOf(prod, "aws_iam_openid_connect_provider");
    expect(providers).toHaveLength(1);
    expect(providers[0]?.[1]).toMatchObject({
      url: `https://${OIDC}`,
      client_id_list: ["sts.amazonaws.com"],
      lifecycle: { prevent_destroy: true },
    });
  });

  test("plan and deploy are separate roles trusting the provider with exact aud and sub pins", () => {
    const providerRef = `\${aws_iam_openid_connect_provider.${resourcesOf(prod, "aws_iam_openid_connect_provider")[0]?.[0]}.arn}`;
    const plan = trustOf(prod, "opsbot-production-plan");
    expect(plan).toMatchObject({ Effect: "Allow", Principal: { Federated: providerRef }, Action: "sts:AssumeRoleWithWebIdentity" });
    expect(plan.Condition).toEqual({
      StringEquals: {
        [`${OIDC}:aud`]: "sts.amazonaws.com",
        [`${OIDC}:sub`]: ["repo:example-org/opsbot:pull_request", "repo:example-org/opsbot:ref:refs/heads/main"],
      },
    });
    const deploy = trustOf(prod, "opsbot-production-deploy");
    expect(deploy.Condition).toEqual({
      StringEquals: { [`${OIDC}:aud`]: "sts.amazonaws.com", [`${OIDC}:sub`]: ["repo:example-org/opsbot:environment:production"] },
    });
    expect(JSON.stringify(deploy)).not.toContain("pull_request");
    expect(JSON.stringify([plan, deploy])).not.toContain("*");
  });

  test("staging deploys from main and references the account's existing provider when told so", () => {
    expect(trustOf(staging, "opsbot-staging-deploy").Condition?.StringEquals?.[`${OIDC}:sub`]).toEqual([
      "repo:example-org/opsbot:ref:refs/heads/main",
    ]);
    const existing = synthKind(exampleConfig([[["secrets", "github", "oidcProvider"], "existing"]], "staging"), "access");
    expect(resourcesOf(existing, "aws_iam_openid_connect_provider")).toEqual([]);
    expect(trustOf(existing, "opsbot-staging-plan").Principal).toEqual({ Federated: `arn:aws:iam::222222222222:oidc-provider/${OIDC}` });
  });

  test("the plan role is read-only and explicitly denied secret values; S3 state adds only lock files and the state key", () => {
    expect(attachedTo(prod, "opsbot-production-plan")).toEqual(["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    expect(statement(inlinePolicy(prod, "opsbot-production-plan", "no-secret-values"), "NoSecretValues")).toMatchObject({
      Effect: "Deny",
      Action: ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"],
    });
    const lock = inlinePolicy(prod, "opsbot-production-plan", "state-lock");
    expect(statement(lock, "StateLockFiles").Resource).toBe("arn:aws:s3:::opsbot-production-tfstate/opsbot/*.tflock");
    expect(statement(lock, "StateKey").Condition).toEqual({
      "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/opsbot-production-tfstate" },
    });
    expect(() => inlinePolicy(staging, "opsbot-staging-plan", "state-lock")).toThrow("no inline policy");
  });

  test("the deploy role manages only this app's roles and cannot change the CI credentials", () => {
    expect(attachedTo(prod, "opsbot-production-deploy")).toEqual(["arn:aws:iam::aws:policy/PowerUserAccess"]);
    const iam = inlinePolicy(prod, "opsbot-production-deploy", "own-iam");
    expect(statement(iam, "ManageOwnRoles").Resource).toBe("arn:aws:iam::111111111111:role/opsbot-production-*");
    expect(statement(iam, "ProtectCiCredentials")).toMatchObject({
      Effect: "Deny",
      Resource: [
        "arn:aws:iam::111111111111:role/opsbot-production-plan",
        "arn:aws:iam::111111111111:role/opsbot-production-deploy",
        `arn:aws:iam::111111111111:oidc-provider/${OIDC}`,
      ],
    });
  });

  test("roles have one-hour sessions", () => {
    for (const [, r] of resourcesOf(prod, "aws_iam_role")) expect(r.max_session_duration).toBe(3600);
  });

  test("no aws_iam_access_key or aws_iam_user in any stack of any environment, nor in the source", () => {
    for (const env of ["production", "staging"]) {
      for (const stack of buildEnvironmentStacks(Testing.app(), exampleConfig([], env))) {
        const json = synthStack(stack);
        expect([stack.node.id, resourcesOf(json, "aws_iam_access_key")]).toEqual([stack.node.id, []]);
        expect([stack.node.id, resourcesOf(json, "aws_iam_user")]).toEqual([stack.node.id, []]);
      }
    }
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
    const sources = ["lib", "stacks"].flatMap((dir) => walk(join(REPO_ROOT, dir)));
    for (const file of sources) expect(readFileSync(file, "utf8")).not.toMatch(/provider-aws\/lib\/iam-(access-key|user)\b/);
  });
});
