import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { parse } from "yaml";
import { at, str } from "../../lib/core/json";
import { FEATURE_STACKS } from "../../lib/features";
import type { FeatureStack } from "../../lib/platform/feature";
import { exampleConfig, REPO_ROOT } from "../helpers/example-config";
import { resourcesOf, synthStack } from "../helpers/synth";
import { goliveStacksFlags, kindsSelectedBy, planEnvironmentsFlags } from "../workflows/stack-selection";

/**
 * The workflows use each role for exactly the stacks the state and key policies let it touch: a
 * pull request plans no stack whose state holds secrets, the deploy job applies only the deploy
 * role's stacks, deploy-admin.yml only the admin-deploy role's.
 */
function workflowText(file: string): string {
  return readFileSync(join(REPO_ROOT, ".github", "workflows", file), "utf8");
}

/** Every stack a concern declares, in deploy order: what each says of who applies it and what its state holds. */
const STACKS: readonly FeatureStack[] = FEATURE_STACKS;
const kindsWhere = (holds: (s: FeatureStack) => boolean, stacks = STACKS) => stacks.filter(holds).map((s) => s.kind);

/** The stack of `kind`, built as stacks/index.ts builds it but handed `stacks` as the registry's declarations. */
function synthWith(kind: string, stacks: readonly FeatureStack[]) {
  const stack = STACKS.find((s) => s.kind === kind)?.build(Testing.app(), exampleConfig(), stacks);
  if (!stack) throw new Error(`no ${kind} stack`);
  return synthStack(stack);
}

/** The statements of the policies of one resource type, by Sid (the policy of `name` only, when given). */
function statementsOf(kind: string, stacks: readonly FeatureStack[], type: string, name?: string): Map<string, unknown> {
  const docs = resourcesOf(synthWith(kind, stacks), type)
    .filter(([, r]) => name === undefined || r.name === name)
    .map(([, r]) => JSON.parse(str(r.policy) ?? "{}") as unknown);
  const statements = docs.flatMap((doc) => {
    const list = at(doc, "Statement");
    return Array.isArray(list) ? list : [];
  });
  return new Map(statements.map((s) => [str(at(s, "Sid")) ?? "", s]));
}

/** The stack kinds whose state objects (`<prefix>/<kind>-<env>.tfstate`, lock files aside) a statement names. */
function stateKindsNamed(statement: unknown): string[] {
  const listed = at(statement, "NotResource") ?? at(statement, "Resource");
  const arns = (Array.isArray(listed) ? listed : [listed]).flatMap((a) => str(a) ?? []);
  return arns.flatMap((arn) => /\/([a-z-]+)-production\.tfstate$/.exec(arn)?.[1] ?? []);
}

/** The state policies' grants, by role: the bucket policy's own-state statements and the roles' inline policies. */
function stateGrants(stacks: readonly FeatureStack[]): Record<string, string[]> {
  const bucket = statementsOf("bootstrap", stacks, "aws_s3_bucket_policy");
  const role = (name: string) => statementsOf("access", stacks, "aws_iam_role_policy", name);
  return {
    "bucket: pull-request plan": stateKindsNamed(bucket.get("PullRequestPlansSecretFreeStateOnly")),
    "bucket: main plan": stateKindsNamed(bucket.get("MainPlansOwnEnvironmentOnly")),
    "bucket: deploy": stateKindsNamed(bucket.get("DeployOwnStacksOnly")),
    "bucket: admin-deploy": stateKindsNamed(bucket.get("AdminDeployOwnStacksOnly")),
    "plan role": stateKindsNamed(role("no-secret-values").get("NoObjectsButSecretFreeState")),
    "deploy role": stateKindsNamed(role("deploy-guard").get("NoS3WritesButOwnState")),
    "admin-deploy role": stateKindsNamed(role("admin-deploy").get("OwnState")),
  };
}

/** What the grants must be for `stacks`, from their declarations alone. */
function declaredGrants(stacks: readonly FeatureStack[]): Record<string, string[]> {
  const inBucket = (holds: (s: FeatureStack) => boolean) => kindsWhere((s) => !s.createsStateBackend && holds(s), stacks);
  const secretFree = inBucket((s) => !s.stateHoldsSecrets);
  const applied = (by: string) => inBucket((s) => s.appliedBy === by);
  return {
    "bucket: pull-request plan": secretFree,
    "bucket: main plan": inBucket(() => true),
    "bucket: deploy": applied("deploy"),
    "bucket: admin-deploy": applied("admin-deploy"),
    "plan role": secretFree,
    "deploy role": applied("deploy"),
    "admin-deploy role": applied("admin-deploy"),
  };
}

describe("roles in the workflows", () => {
  test("the state bucket's and the CI roles' policies give each role the state of exactly the stacks the concerns declare", () => {
    const grants = stateGrants(STACKS);
    expect(grants).toEqual(declaredGrants(STACKS));
    expect(grants["bucket: pull-request plan"]).toEqual(["access", "secrets", "email", "traffic"]);
    expect(grants["bucket: deploy"]).toEqual(["edge", "email", "monitoring", "traffic"]);
  });

  // Adding a concern is one folder and one registry line: its stack's declarations reach the state and
  // CI policies, which sit below the registry, through the stacks handed to each stack's build.
  test.each([
    ["secret-free", false],
    ["secret-holding", true],
  ])("a %s stack a new concern declares joins the state policies with no other edit", (_label, stateHoldsSecrets) => {
    const added: FeatureStack = { kind: "search", appliedBy: "deploy", stateHoldsSecrets, awsServices: [], build: () => undefined };
    const stacks = [...STACKS, added];
    const grants = stateGrants(stacks);
    expect(grants).toEqual(declaredGrants(stacks));
    expect(grants["bucket: deploy"]).toContain("search");
    expect(grants["plan role"]?.includes("search")).toBe(!stateHoldsSecrets);
  });

  // The workflows select stacks by declaration (`golive stacks --state-without-secrets`, ...), never by
  // kind: a stack a new concern declares is planned and applied where its declaration says.
  const added: FeatureStack = { kind: "search", appliedBy: "deploy", stateHoldsSecrets: false, awsServices: [], build: () => undefined };

  test("pr.yml plans, in every environment, only the stacks whose state holds no secret", () => {
    const commands = [...workflowText("pr.yml").matchAll(/scripts\/ci\/plan-environments\.ts([^\n]*\n[^\n]*)/g)].map((m) => m[1] ?? "");
    expect(commands).toHaveLength(1);
    const planned = (stacks: readonly FeatureStack[]) => kindsWhere((s) => !s.createsStateBackend && !s.stateHoldsSecrets, stacks);
    expect(planned(STACKS)).toEqual(["access", "secrets", "email", "traffic"]);
    for (const command of commands) {
      expect(kindsSelectedBy(planEnvironmentsFlags(command))).toEqual(planned(STACKS));
      expect(kindsSelectedBy(planEnvironmentsFlags(command), [...STACKS, added])).toEqual(planned([...STACKS, added]));
    }
  });

  test("deploy-environment.yml applies exactly the deploy role's stacks", () => {
    const flags = goliveStacksFlags(workflowText("deploy-environment.yml"));
    expect(kindsSelectedBy(flags)).toEqual(kindsWhere((s) => s.appliedBy === "deploy"));
    expect(kindsSelectedBy(flags, [...STACKS, added])).toContain("search");
  });

  test("deploy-admin.yml applies exactly the admin-deploy role's stacks, from the <env>-admin environment, with that role", () => {
    const text = workflowText("deploy-admin.yml");
    const doc = parse(text) as { jobs: Record<string, { environment?: string }> };
    expect(Object.values(doc.jobs).flatMap((j) => j.environment ?? [])).toEqual(["${{ inputs.environment }}-admin"]);
    expect(text).toContain("role-to-assume: ${{ vars.AWS_ADMIN_DEPLOY_ROLE_ARN }}");
    const applied = [...text.matchAll(/stack="(\w+)-\$ENVIRONMENT"/g)].map((m) => m[1]);
    expect(applied).toEqual(kindsWhere((s) => s.appliedBy === "admin-deploy"));
    expect(text).not.toMatch(/secrets\.CLOUDFLARE/);
  });
});
