import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { exampleConfig, REPO_ROOT } from "../helpers/example-config";
import { Testing } from "cdktf";
import { buildEnvironmentStacks } from "../../stacks";
import { resourcesOf, synthKind, synthStack } from "../helpers/synth";
import { idByName, onlyOf, resourceWhere, statement } from "../secrets/policy-json";

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

  test("four roles by blast radius, each trusting the provider with exact aud and sub pins", () => {
    const providerRef = `\${aws_iam_openid_connect_provider.${resourcesOf(prod, "aws_iam_openid_connect_provider")[0]?.[0]}.arn}`;
    const repo = "repo:example-org/opsbot";
    const expected: Record<string, string[]> = {
      "opsbot-production-plan": [`${repo}:pull_request`],
      "opsbot-production-plan-main": [`${repo}:ref:refs/heads/main`],
      "opsbot-production-deploy": [`${repo}:environment:production`],
      "opsbot-production-admin-deploy": [`${repo}:environment:production-admin`],
    };
    for (const [name, subjects] of Object.entries(expected)) {
      const trust = trustOf(prod, name);
      expect(trust).toMatchObject({ Effect: "Allow", Principal: { Federated: providerRef }, Action: "sts:AssumeRoleWithWebIdentity" });
      expect([name, trust.Condition]).toEqual([
        name,
        { StringEquals: { [`${OIDC}:aud`]: "sts.amazonaws.com", [`${OIDC}:sub`]: subjects } },
      ]);
      expect(JSON.stringify(trust)).not.toContain("*");
    }
    // No token a pull request can get reaches a role that reads secret-holding state or deploys.
    for (const name of ["opsbot-production-plan-main", "opsbot-production-deploy", "opsbot-production-admin-deploy"])
      expect(JSON.stringify(trustOf(prod, name))).not.toContain("pull_request");
    const custom = synthKind(exampleConfig([[["secrets", "github", "adminEnvironment"], "prod-approvals"]]), "access");
    expect(trustOf(custom, "opsbot-production-admin-deploy").Condition?.StringEquals?.[`${OIDC}:sub`]).toEqual([
      `${repo}:environment:prod-approvals`,
    ]);
  });

  test("staging deploys from its environment and, with oidcProvider: existing, reads the account's provider and trusts its ARN", () => {
    expect(trustOf(staging, "opsbot-staging-deploy").Condition?.StringEquals?.[`${OIDC}:sub`]).toEqual([
      "repo:example-org/opsbot:environment:staging",
    ]);
    const existing = synthKind(exampleConfig([[["secrets", "github", "oidcProvider"], "existing"]], "staging"), "access");
    expect(resourcesOf(existing, "aws_iam_openid_connect_provider")).toEqual([]);
    const read = Object.entries(existing.data?.aws_iam_openid_connect_provider ?? {});
    expect(read.map(([, d]) => d.url)).toEqual([`https://${OIDC}`]);
    const dataRef = `\${data.aws_iam_openid_connect_provider.${read[0]?.[0]}.arn}`;
    const roles = resourcesOf(existing, "aws_iam_role").map(([, r]) => String(r.name));
    expect(roles).toHaveLength(4);
    for (const name of roles) {
      const trust = trustOf(existing, name);
      expect([name, trust.Principal]).toEqual([name, { Federated: dataRef }]);
      expect(Object.keys(trust.Condition?.StringEquals ?? {})).toEqual([`${OIDC}:aud`, `${OIDC}:sub`]);
    }
  });

  test("the plan roles carry no managed policy: they read the services of the stacks they plan, their state, and who they are", () => {
    const reads = (services: string[]) => [
      ...services.flatMap((s) => [`${s}:Get*`, `${s}:List*`, `${s}:Describe*`]),
      "sts:GetCallerIdentity",
    ];
    const state = (k: string) => `arn:aws:s3:::opsbot-production-tfstate/opsbot/${k}-production.tfstate`;
    // The pull request plans access, secrets, email, traffic; main every stack but bootstrap (monitoring: alarms, health checks).
    const expected = {
      "opsbot-production-plan": [["iam", "kms", "secretsmanager", "ses", "sns"], ["access", "secrets", "email", "traffic"].map(state)],
      "opsbot-production-plan-main": [
        ["cloudwatch", "iam", "kms", "route53", "secretsmanager", "ses", "sns"],
        ["access", "secrets", "edge", "email", "monitoring", "traffic"].flatMap((k) => [state(k), `${state(k)}.tflock`]),
      ],
    } as const;
    for (const [name, [services, objects]] of Object.entries(expected)) {
      expect([name, attachedTo(prod, name)]).toEqual([name, []]);
      const policy = inlinePolicy(prod, name, "planned-reads");
      expect(statement(policy, "ReadPlannedServices")).toEqual({
        Sid: "ReadPlannedServices",
        Effect: "Allow",
        Action: reads([...services]),
        Resource: "*",
      });
      expect(statement(policy, "StateBucketListing")).toMatchObject({
        Action: "s3:ListBucket",
        Resource: "arn:aws:s3:::opsbot-production-tfstate",
      });
      expect(statement(policy, "PlannedState")).toMatchObject({ Action: "s3:GetObject", Resource: objects });
    }
    // Local state: no bucket to list, no object to read.
    expect(() => statement(inlinePolicy(staging, "opsbot-staging-plan", "planned-reads"), "StateBucketListing")).toThrow("no statement");
  });

  test("the plan roles are explicitly denied secret values; the pull-request one reads only secret-free state", () => {
    for (const name of ["opsbot-production-plan", "opsbot-production-plan-main"]) {
      expect(statement(inlinePolicy(prod, name, "no-secret-values"), "NoSecretValues")).toMatchObject({
        Effect: "Deny",
        Action: ["secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue", "secretsmanager:PutSecretValue"],
        Resource: "*",
      });
    }
    const state = (k: string) => `arn:aws:s3:::opsbot-production-tfstate/opsbot/${k}-production.tfstate`;
    const secretFree = ["access", "secrets", "email", "traffic"];
    // Whatever another policy would grant, the pull-request role reads no object but these.
    expect(statement(inlinePolicy(prod, "opsbot-production-plan", "no-secret-values"), "NoObjectsButSecretFreeState")).toMatchObject({
      Effect: "Deny",
      Action: ["s3:GetObject", "s3:GetObjectVersion"],
      NotResource: secretFree.flatMap((k) => [state(k), `${state(k)}.tflock`]),
    });
    // Pull requests plan with --no-lock: their role reads state (decrypts) and takes no lock file.
    const lock = inlinePolicy(prod, "opsbot-production-plan", "state-lock");
    expect(() => statement(lock, "StateLockFiles")).toThrow("no statement StateLockFiles");
    expect(statement(lock, "StateKey").Action).toEqual(["kms:Decrypt"]);
    expect(statement(lock, "StateKey").Condition).toEqual({
      "ForAnyValue:StringEquals": { "kms:ResourceAliases": ["alias/opsbot-production-tfstate"] },
    });
    expect(statement(inlinePolicy(prod, "opsbot-production-plan-main", "state-lock"), "StateLockFiles").Resource).toHaveLength(6);
    expect(() => inlinePolicy(staging, "opsbot-staging-plan", "state-lock")).toThrow("no inline policy");
    expect(statement(inlinePolicy(staging, "opsbot-staging-plan", "no-secret-values"), "NoObjectsButSecretFreeState").Resource).toBe("*");
  });

  test("the deploy role changes no IAM, reads no secret but webhook URLs, and administers none of golive's keys", () => {
    expect(attachedTo(prod, "opsbot-production-deploy")).toEqual(["arn:aws:iam::aws:policy/PowerUserAccess"]);
    expect(() => inlinePolicy(prod, "opsbot-production-deploy", "own-iam")).toThrow("no inline policy");
    const guard = inlinePolicy(prod, "opsbot-production-deploy", "deploy-guard");
    expect(statement(guard, "NoIamChanges")).toMatchObject({ Effect: "Deny", Resource: "*" });
    expect(statement(guard, "NoIamChanges").Action).toEqual(
      expect.arrayContaining(["iam:Create*", "iam:Attach*", "iam:Put*", "iam:Update*", "iam:PassRole"]),
    );
    expect(statement(guard, "NoSecretsButWebhookUrls")).toMatchObject({
      Effect: "Deny",
      Action: "secretsmanager:*",
      NotResource: ["arn:aws:secretsmanager:*:111111111111:secret:opsbot/production/pagerduty-alerts-url-??????"],
    });
    expect(statement(guard, "WebhookUrlsReadOnly").NotAction).toEqual(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]);
    expect(statement(guard, "GoliveKeysUntouched").Condition).toEqual({
      "ForAnyValue:StringEquals": { "kms:ResourceAliases": ["alias/opsbot-production-secrets", "alias/opsbot-production-tfstate"] },
    });
    expect(statement(guard, "GoliveKeysUntouched").Action).toEqual(
      expect.arrayContaining(["kms:PutKeyPolicy", "kms:CreateGrant", "kms:ScheduleKeyDeletion"]),
    );
    const noHooks = synthKind(exampleConfig([[["monitoring", "alerts", "webhooks"], []]]), "access");
    expect(statement(inlinePolicy(noHooks, "opsbot-production-deploy", "deploy-guard"), "NoSecrets")).toMatchObject({ Resource: "*" });
  });

  test("the admin-deploy role manages runtime roles (never the CI roles), the secrets key and secrets, never their values", () => {
    expect(attachedTo(prod, "opsbot-production-admin-deploy")).toEqual(["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    const policy = inlinePolicy(prod, "opsbot-production-admin-deploy", "admin-deploy");
    expect(statement(policy, "ManageRuntimeRoles").Resource).toBe("arn:aws:iam::111111111111:role/opsbot-production-*");
    expect(statement(policy, "NotTheCiRoles")).toMatchObject({
      Effect: "Deny",
      Resource: ["plan", "plan-main", "deploy", "admin-deploy"].map((k) => `arn:aws:iam::111111111111:role/opsbot-production-${k}`),
    });
    expect(statement(policy, "ManageSecrets").Resource).toBe("arn:aws:secretsmanager:eu-west-1:111111111111:secret:opsbot/production/*");
    expect(statement(policy, "NoSecretValues").Effect).toBe("Deny");
    expect(statement(policy, "OwnState").Resource).toEqual([
      "arn:aws:s3:::opsbot-production-tfstate/opsbot/secrets-production.tfstate",
      "arn:aws:s3:::opsbot-production-tfstate/opsbot/secrets-production.tfstate.tflock",
    ]);
  });

  test("every role carries the permissions boundary the stack declares; nobody may change or drop it", () => {
    const [boundaryId, boundary] = onlyOf(prod, "aws_iam_policy");
    expect(boundary.name).toBe("opsbot-production-boundary");
    for (const [, r] of resourcesOf(prod, "aws_iam_role")) expect(r.permissions_boundary).toBe(`\${aws_iam_policy.${boundaryId}.arn}`);
    const doc = boundary.policy;
    expect(statement(doc, "NoRolesOutsidePrefix").NotResource).toBe("arn:aws:iam::111111111111:role/opsbot-production-*");
    expect(statement(doc, "RolesKeepThisBoundary").Condition).toEqual({
      StringNotEquals: { "iam:PermissionsBoundary": "arn:aws:iam::111111111111:policy/opsbot-production-boundary" },
    });
    expect(statement(doc, "NoBoundaryChanges").Action).toEqual(
      expect.arrayContaining([
        "iam:DeleteRolePermissionsBoundary",
        "iam:CreatePolicyVersion",
        "iam:SetDefaultPolicyVersion",
        "iam:AttachRolePolicy",
      ]),
    );
    expect(statement(doc, "NoUsersKeysOrFederation").Action).toEqual(
      expect.arrayContaining(["iam:CreateUser", "iam:CreateAccessKey", "sts:AssumeRole"]),
    );
    expect(statement(doc, "StateBucketStays").Resource).toEqual([
      "arn:aws:s3:::opsbot-production-tfstate",
      "arn:aws:s3:::opsbot-production-tfstate/*",
    ]);
    // IAM's limit for a managed policy is 6,144 characters without whitespace.
    expect(String(doc).replace(/\s/g, "").length).toBeLessThan(6144);
  });

  test("addresses of existing resources are stable (renaming one would replace the role or the provider)", () => {
    expect(
      resourcesOf(prod, "aws_iam_role")
        .map(([id]) => id)
        .sort(),
    ).toEqual(["Github_AdminDeploy_F7340894", "Github_Deploy_F814B5D9", "Github_PlanMain_82493525", "Github_Plan_C2EB7835"]);
    expect(resourcesOf(prod, "aws_iam_openid_connect_provider").map(([id]) => id)).toEqual(["Github_Provider_FA799421"]);
    expect(resourcesOf(prod, "aws_iam_role_policy").map(([id]) => id)).toEqual(
      expect.arrayContaining(["Github_Plan_Policy-no-secret-values_5F74B793", "Github_Plan_Policy-state-lock_60679632"]),
    );
  });

  test("without secrets.github the stack still declares the boundary the runtime roles carry, and no CI role", () => {
    const bare = synthKind(exampleConfig([[["secrets", "github"], undefined]]), "access");
    expect(resourcesOf(bare, "aws_iam_role")).toEqual([]);
    expect(onlyOf(bare, "aws_iam_policy")[1].name).toBe("opsbot-production-boundary");
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
