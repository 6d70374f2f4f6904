import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { FEATURES } from "../../lib/features";
import { SECRET_FREE_STATE_KINDS, STACK_APPLIERS } from "../../lib/platform/backend-model";
import type { FeatureStack } from "../../lib/platform/feature";
import { REPO_ROOT } from "../helpers/example-config";

/**
 * The workflows use each role for exactly the stacks the state and key policies let it touch: a
 * pull request plans no stack whose state holds secrets, the deploy job applies only the deploy
 * role's stacks, deploy-admin.yml only the admin-deploy role's.
 */
function workflowText(file: string): string {
  return readFileSync(join(REPO_ROOT, ".github", "workflows", file), "utf8");
}

/** Every stack a concern declares, in deploy order: what each says of who applies it and what its state holds. */
const STACKS: readonly FeatureStack[] = FEATURES.flatMap((f) => (f.stack ? [f.stack] : []));
const kindsWhere = (holds: (s: FeatureStack) => boolean) => STACKS.filter(holds).map((s) => s.kind);

function excluded(command: string): string[] {
  return [...command.matchAll(/--exclude (\w+)/g)].map((m) => m[1] ?? "").sort();
}

describe("roles in the workflows", () => {
  test("the state policies' writers and secret-free kinds (backend-model.ts) are what the concerns declare", () => {
    expect(STACK_APPLIERS).toEqual(Object.fromEntries(STACKS.map((s) => [s.kind, s.appliedBy])));
    expect([...SECRET_FREE_STATE_KINDS].sort()).toEqual(kindsWhere((s) => !s.stateHoldsSecrets && !s.createsStateBackend).sort());
  });

  test("pr.yml plans, in every environment, only the stacks whose state holds no secret", () => {
    const commands = [...workflowText("pr.yml").matchAll(/scripts\/ci\/plan-environments\.ts([^\n]*\n[^\n]*)/g)].map((m) => m[1] ?? "");
    expect(commands).toHaveLength(1);
    const secretOrLocal = kindsWhere((s) => s.createsStateBackend === true || s.stateHoldsSecrets).sort();
    expect(secretOrLocal).toEqual(["bootstrap", "edge", "monitoring"]);
    for (const command of commands) expect(excluded(command)).toEqual(secretOrLocal);
  });

  test("deploy-environment.yml applies exactly the deploy role's stacks", () => {
    const loop = /stacks=\$\(npx golive stacks "\$ENVIRONMENT"([^)]*)\)/.exec(workflowText("deploy-environment.yml"))?.[1] ?? "";
    expect(excluded(loop)).toEqual(kindsWhere((s) => s.appliedBy !== "deploy").sort());
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
