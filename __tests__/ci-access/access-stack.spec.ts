import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { exampleConfig, REPO_ROOT } from "../helpers/example-config";
import { Testing } from "cdktf";
import { buildEnvironmentStacks } from "../../stacks";
import { resourcesOf, synthKind, synthStack } from "../helpers/synth";
import { idByName, onlyOf, resourceWhere, statement, statements } from "../secrets/policy-json";

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

/** `${aws_iam_policy.<id>.arn}` of the customer-managed policy named `name`. */
function policyRef(json: typeof prod, name: string): string {
  return `\${aws_iam_policy.${idByName(json, "aws_iam_policy", name)}.arn}`;
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

  test("the plan roles carry no AWS managed policy (only golive's deny policy): they read the services of the stacks they plan, their state, and who they are", () => {
    // SES and CloudWatch only what refreshing golive's resources reads: their other reads reach mail and logs.
    const narrow: Readonly<Record<string, readonly string[]>> = {
      ses: ["GetConfigurationSet", "GetConfigurationSetEventDestinations", "GetEmailIdentity", "ListTagsForResource"],
      cloudwatch: ["DescribeAlarms", "ListTagsForResource"],
    };
    const reads = (services: string[]) => [
      ...services.flatMap((s) => (narrow[s] ?? ["Get*", "List*", "Describe*"]).map((verb) => `${s}:${verb}`)),
      "sts:GetCallerIdentity",
    ];
    const state = (k: string) => `arn:aws:s3:::opsbot-production-tfstate/opsbot/${k}-production.tfstate`;
    // The pull request plans access, secrets, email, traffic; main every stack but bootstrap (monitoring: alarms, health checks).
    const expected = {
      "opsbot-production-plan": [["iam", "kms", "secretsmanager", "ses", "sns"], ["access", "secrets", "email", "traffic"].map(state)],
      "opsbot-production-plan-main": [
        ["cloudwatch", "iam", "kms", "route53", "secretsmanager", "ses", "sns"],
        ["access", "secrets", "edge", "email", "monitoring", "traffic"].map(state),
      ],
    } as const;
    for (const [name, [services, objects]] of Object.entries(expected)) {
      expect([name, attachedTo(prod, name)]).toEqual([name, [policyRef(prod, "opsbot-production-no-other-secrets")]]);
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
    // Both plan roles plan with --no-lock (pr.yml, drift.yml): they read state (decrypt) and take no lock file.
    for (const name of ["opsbot-production-plan", "opsbot-production-plan-main"]) {
      const lock = inlinePolicy(prod, name, "state-lock");
      expect(() => statement(lock, "StateLockFiles")).toThrow("no statement StateLockFiles");
      expect(statement(lock, "StateKey").Action).toEqual(["kms:Decrypt"]);
      expect(statement(lock, "StateKey").Condition).toEqual({
        "ForAnyValue:StringEquals": { "kms:ResourceAliases": ["alias/opsbot-production-tfstate"] },
      });
    }
    expect(() => inlinePolicy(staging, "opsbot-staging-plan", "state-lock")).toThrow("no inline policy");
    expect(statement(inlinePolicy(staging, "opsbot-staging-plan", "no-secret-values"), "NoObjectsButSecretFreeState").Resource).toBe("*");
  });

  test("the deploy role changes no IAM, reads no secret but webhook URLs, and administers none of golive's keys", () => {
    expect(attachedTo(prod, "opsbot-production-deploy").sort()).toEqual(
      [
        "arn:aws:iam::aws:policy/PowerUserAccess",
        policyRef(prod, "opsbot-production-no-other-secrets"),
        policyRef(prod, "opsbot-production-no-code-as-other-roles"),
        policyRef(prod, "opsbot-production-deploy-reach"),
      ].sort(),
    );
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
    expect(attachedTo(prod, "opsbot-production-admin-deploy").sort()).toEqual(
      [
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
        policyRef(prod, "opsbot-production-no-other-secrets"),
        policyRef(prod, "opsbot-production-admin-deploy-reach"),
      ].sort(),
    );
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
    const boundaryId = idByName(prod, "aws_iam_policy", "opsbot-production-boundary");
    const boundary = resourceWhere(prod, "aws_iam_policy", "name", "opsbot-production-boundary");
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
    const ids = (type: string) =>
      resourcesOf(prod, type)
        .map(([id]) => id)
        .sort();
    expect(ids("aws_iam_role")).toEqual([
      "Github_AdminDeploy_F7340894",
      "Github_Deploy_F814B5D9",
      "Github_PlanMain_82493525",
      "Github_Plan_C2EB7835",
    ]);
    expect(ids("aws_iam_openid_connect_provider")).toEqual(["Github_Provider_FA799421"]);
    // The inline policies the deny lists moved out of stay where they were (updated in place, never replaced).
    expect(ids("aws_iam_role_policy")).toEqual([
      "Github_AdminDeploy_Policy-admin-deploy_E0132F8A",
      "Github_Deploy_Policy-deploy-guard_A060D555",
      "Github_PlanMain_Policy-no-secret-values_48513776",
      "Github_PlanMain_Policy-planned-reads_ABCD3EF4",
      "Github_PlanMain_Policy-state-lock_522BF099",
      "Github_Plan_Policy-no-secret-values_5F74B793",
      "Github_Plan_Policy-planned-reads_8B068726",
      "Github_Plan_Policy-state-lock_60679632",
    ]);
    expect(ids("aws_iam_policy")).toEqual([
      "Boundary_EA298153",
      "Github_Deny-admin-deploy-reach_71E26EF3",
      "Github_Deny-deploy-reach_FA541101",
      "Github_Deny-no-code-as-other-roles_15689DA2",
      "Github_Deny-no-other-secrets_76516BF6",
    ]);
    expect(ids("aws_iam_role_policy_attachment")).toEqual([
      "Github_AdminDeploy_Deny-admin-deploy-reach_A77C9B35",
      "Github_AdminDeploy_Deny-no-other-secrets_158A1F1E",
      "Github_AdminDeploy_Managed-policy-readonlyaccess_EDDF8371",
      "Github_Deploy_Deny-deploy-reach_2C457531",
      "Github_Deploy_Deny-no-code-as-other-roles_A9586063",
      "Github_Deploy_Deny-no-other-secrets_CE4CC120",
      "Github_Deploy_Managed-policy-poweruseraccess_0F976BA8",
      "Github_PlanMain_Deny-no-other-secrets_218055FE",
      "Github_Plan_Deny-no-other-secrets_C705B8DC",
    ]);
    // Each role's policy names and the boundary's stay: a changed name would replace them.
    const named = (type: string) => resourcesOf(prod, type).map(([id, r]) => `${id}: ${String(r.name)}`);
    expect(named("aws_iam_role_policy")).toEqual(
      expect.arrayContaining([
        "Github_Deploy_Policy-deploy-guard_A060D555: deploy-guard",
        "Github_AdminDeploy_Policy-admin-deploy_E0132F8A: admin-deploy",
      ]),
    );
    expect(named("aws_iam_policy")).toContain("Boundary_EA298153: opsbot-production-boundary");
  });

  test("the deny lists are customer-managed policies, one each, shared by the roles that need them", () => {
    const denyPolicies = Object.fromEntries(
      resourcesOf(prod, "aws_iam_policy")
        .filter(([, p]) => p.name !== "opsbot-production-boundary")
        .map(([, p]) => [String(p.name), statements(p.policy).map((st) => st.Sid)]),
    );
    expect(denyPolicies).toEqual({
      "opsbot-production-no-other-secrets": ["NoSecretsOfOtherServices", "NoApiKeyValues"],
      "opsbot-production-no-code-as-other-roles": ["NoCodeAsOtherRoles"],
      "opsbot-production-deploy-reach": [
        "OnlyAppliedServices",
        "NoBucketButState",
        "NoKeyPolicyLockout",
        "GoliveKeysKeepRotating",
        "NoKeysButGolives",
        "NoRoute53ButHealthChecks",
        "NoAlarmsButOwn",
        "NoMailButOwn",
      ],
      "opsbot-production-admin-deploy-reach": ["OnlyAppliedServices", "NoBucketButState", "NoKeyPolicyLockout", "GoliveKeysKeepRotating"],
    });
    const holders = (policy: string) =>
      resourcesOf(prod, "aws_iam_role_policy_attachment")
        .filter(([, a]) => a.policy_arn === policyRef(prod, policy))
        .map(([, a]) => String(a.role).replace(/^\$\{aws_iam_role\.Github_(\w+)_[0-9A-F]+\.name\}$/, "$1"))
        .sort();
    expect(holders("opsbot-production-no-other-secrets")).toEqual(["AdminDeploy", "Deploy", "Plan", "PlanMain"]);
    expect(holders("opsbot-production-no-code-as-other-roles")).toEqual(["Deploy"]);
    expect(holders("opsbot-production-deploy-reach")).toEqual(["Deploy"]);
    expect(holders("opsbot-production-admin-deploy-reach")).toEqual(["AdminDeploy"]);
    // No inline policy repeats them.
    const inlineSids = resourcesOf(prod, "aws_iam_role_policy").flatMap(([, p]) => statements(p.policy).map((st) => st.Sid));
    expect(inlineSids.filter((sid) => ["NoSecretsOfOtherServices", "NoApiKeyValues", "NoCodeAsOtherRoles"].includes(sid))).toEqual([]);
    // A role's inline policies are updated only once its deny policies are attached: never a moment without the denies.
    const deployGuard = resourceWhere(prod, "aws_iam_role_policy", "name", "deploy-guard");
    expect([...(deployGuard.depends_on as string[])].sort()).toEqual([
      "aws_iam_role_policy_attachment.Github_Deploy_Deny-deploy-reach_2C457531",
      "aws_iam_role_policy_attachment.Github_Deploy_Deny-no-code-as-other-roles_A9586063",
      "aws_iam_role_policy_attachment.Github_Deploy_Deny-no-other-secrets_CE4CC120",
    ]);
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
