import { buildWorld as worldOf } from "../../lib/engines/check/access/world";
import { exampleConfig } from "../helpers/example-config";
import type { SynthJson } from "../helpers/synth";
import { buildWorld, iamView, roleActor, type Step, verdict } from "./iam-world";

/**
 * The CI roles' deny lists are customer-managed policies of `access-<env>`: those that name nothing of an environment
 * (`<app>-<env>-no-other-secrets`, `<app>-<env>-no-code-as-other-roles`), and each deploying role's reach
 * (`<app>-<env>-deploy-reach`, `<app>-<env>-admin-deploy-reach`), attached to the CI roles by
 * reference (`policy_arn = ${aws_iam_policy.<id>.arn}`): golive check's world, and so the simulator
 * these tests and `golive check` ask, reads them among each role's identity policies.
 */

const cfg = exampleConfig();
const ACCOUNT = "111111111111";
const denyPolicy = (name: string) => `arn:aws:iam::${ACCOUNT}:policy/opsbot-production-${name}`;
const readParameter: Step[] = [
  { action: "ssm:GetParameter", resource: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/shared/db-password`, resourceAccount: ACCOUNT },
];

/** The environment's world with the access stack's JSON changed by `edit` first. */
function worldWith(edit: (json: SynthJson) => void) {
  return worldOf(
    cfg,
    iamView(cfg, (kind, json) => {
      if (kind === "access") edit(json);
    }).stacks,
  );
}

/** Every attachment of the access stack whose policy_arn is a reference to the deny policy `name`. */
function attachmentsOf(json: SynthJson, name: string): string[] {
  const [id] = Object.entries(json.resource.aws_iam_policy ?? {}).find(([, p]) => p.name === `opsbot-production-${name}`) ?? [];
  return Object.entries(json.resource.aws_iam_role_policy_attachment ?? {})
    .filter(([, a]) => a.policy_arn === `\${aws_iam_policy.${id}.arn}`)
    .map(([attachment]) => attachment);
}

describe("customer-managed deny policies, attached by reference", () => {
  const world = buildWorld(cfg);

  test("each CI role's identity policies are its inline policies, its AWS managed policy and its deny policies, each the stack's own document", () => {
    const identity = (kind: string) => (world.roles.get(`opsbot-production-${kind}`)?.identity.map((i) => i.name) ?? []).sort();
    expect(identity("deploy")).toEqual(
      [
        "deploy-guard",
        "arn:aws:iam::aws:policy/PowerUserAccess",
        denyPolicy("no-other-secrets"),
        denyPolicy("no-code-as-other-roles"),
        denyPolicy("deploy-reach"),
      ].sort(),
    );
    expect(identity("admin-deploy")).toEqual(
      ["admin-deploy", "arn:aws:iam::aws:policy/ReadOnlyAccess", denyPolicy("no-other-secrets"), denyPolicy("admin-deploy-reach")].sort(),
    );
    expect(identity("plan")).toEqual(["planned-reads", "no-secret-values", "state-lock", denyPolicy("no-other-secrets")].sort());
    const deploy = world.roles.get("opsbot-production-deploy")?.identity ?? [];
    expect(deploy.find((i) => i.name === denyPolicy("no-other-secrets"))?.policy).toBe(world.policies.get(denyPolicy("no-other-secrets")));
  });

  test("the simulator answers with the deny policies: without both attachments the deploy role (PowerUserAccess) reads SSM parameters", async () => {
    expect(await verdict([roleActor(world, "opsbot-production-deploy")], readParameter)).toBe("denied");
    const detached = (names: readonly string[]) =>
      worldWith((json) => {
        for (const id of names.flatMap((name) => attachmentsOf(json, name))) delete json.resource.aws_iam_role_policy_attachment?.[id];
      });
    // Either one denies it (SSM is no service of the deploy role's stacks).
    expect(await verdict([roleActor(detached(["no-other-secrets"]), "opsbot-production-deploy")], readParameter)).toBe("denied");
    expect(await verdict([roleActor(detached(["deploy-reach"]), "opsbot-production-deploy")], readParameter)).toBe("denied");
    expect(await verdict([roleActor(detached(["no-other-secrets", "deploy-reach"]), "opsbot-production-deploy")], readParameter)).toBe(
      "allowed",
    );
  });

  test("fails on an attachment of a customer-managed policy no stack of the environment declares", () => {
    expect(() =>
      worldWith((json) => {
        const [id] = attachmentsOf(json, "no-code-as-other-roles");
        const attachment = id ? json.resource.aws_iam_role_policy_attachment?.[id] : undefined;
        if (attachment) attachment.policy_arn = `arn:aws:iam::${ACCOUNT}:policy/declared-elsewhere`;
      }),
    ).toThrow("arn:aws:iam::111111111111:policy/declared-elsewhere is not pinned in lib/engines/check/access/managed-policies");
  });
});
