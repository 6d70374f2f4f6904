import { buildWorld } from "../../lib/engines/check/access/world";
import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, type SynthJson } from "../helpers/synth";
import { iamView, roleActor, type Verdict, verdict } from "./iam-world";
import { matrixChecks } from "./matrix-checks";

/**
 * Both plan roles plan with `--no-lock` (pull requests in pr.yml, main's drift plans in drift.yml), so
 * neither takes a state lock: whoever edits the workflow could otherwise plant `<key>.tflock` (every
 * deploy of that stack waits on it) or remove a deploy's lock mid-apply (an audit found both allowed
 * with the IAM simulator, for the pull-request role and then for plan-main on main). Two layers refuse
 * it, each on its own: the roles' policies grant no lock file, and the state bucket's policy denies the
 * plan roles every lock file (`PlansTakeNoStateLock`). The access matrix proves both together, and that
 * the roles that apply a stack still take its lock; here each layer is undone in turn, and undoing both
 * brings the audit's finding back.
 */

/** Each plan role, with the stacks it plans whose locks are asked about (pull requests plan no edge). */
const PLAN_ROLES: readonly [role: string, kinds: readonly string[]][] = [
  ["opsbot-production-plan", ["secrets", "traffic"]],
  ["opsbot-production-plan-main", ["secrets", "traffic", "edge"]],
];
const PLANNED: Readonly<Record<string, readonly string[]>> = {
  "opsbot-production-plan": ["access", "secrets", "email", "traffic"],
  "opsbot-production-plan-main": ["access", "secrets", "edge", "email", "monitoring", "traffic"],
};

const checksOf = (kinds: readonly string[]) => kinds.flatMap((kind) => [`take the ${kind} state lock`, `remove the ${kind} state lock`]);

/** A plan role's state policy as it was before the fixes: lock files of its stacks, the key for writing. */
function grantLockFiles(roleName: string) {
  return (kind: string, json: SynthJson): void => {
    if (kind !== "access") return;
    const role = resourcesOf(json, "aws_iam_role").find(([, r]) => r.name === roleName)?.[0];
    const policy = resourcesOf(json, "aws_iam_role_policy").find(
      ([, p]) => p.role === `\${aws_iam_role.${role}.id}` && p.name === "state-lock",
    );
    if (!policy) throw new Error(`no state-lock policy on ${roleName}`);
    const doc = JSON.parse(String(policy[1].policy)) as { Statement: Record<string, unknown>[] };
    const key = doc.Statement.find((s) => s.Sid === "StateKey");
    if (!key) throw new Error("no StateKey statement");
    key.Action = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"];
    doc.Statement.push({
      Sid: "StateLockFiles",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:DeleteObject"],
      Resource: (PLANNED[roleName] ?? []).map((k) => `arn:aws:s3:::opsbot-production-tfstate/opsbot/${k}-production.tfstate.tflock`),
    });
    policy[1].policy = JSON.stringify(doc);
  };
}

/** The state bucket's policy without its plan-role lock deny. */
function dropBucketDeny(kind: string, json: SynthJson): void {
  if (kind !== "bootstrap") return;
  const [policy] = resourcesOf(json, "aws_s3_bucket_policy");
  if (!policy) throw new Error("no bucket policy");
  const doc = JSON.parse(String(policy[1].policy)) as { Statement: { Sid?: string }[] };
  const kept = doc.Statement.filter((s) => s.Sid !== "PlansTakeNoStateLock");
  if (kept.length !== doc.Statement.length - 1) throw new Error("no PlansTakeNoStateLock statement");
  policy[1].policy = JSON.stringify({ ...doc, Statement: kept });
}

async function planLocks(
  roleName: string,
  kinds: readonly string[],
  ...edits: ((kind: string, json: SynthJson) => void)[]
): Promise<Record<string, Verdict>> {
  const cfg = exampleConfig();
  const world = buildWorld(cfg, iamView(cfg, (kind, json) => edits.forEach((edit) => edit(kind, json))).stacks);
  const checks = matrixChecks(world);
  const plan = [roleActor(world, roleName)];
  const out: Record<string, Verdict> = {};
  for (const check of checksOf(kinds)) out[check] = await verdict(plan, checks.get(check) ?? []);
  return out;
}

const all = (kinds: readonly string[], v: Verdict) => Object.fromEntries(checksOf(kinds).map((c) => [c, v]));

describe.each(PLAN_ROLES)("%s takes no state lock", (role, kinds) => {
  test("the bucket policy alone denies it, with the role's policy as it was before the fix", async () => {
    expect(await planLocks(role, kinds, grantLockFiles(role))).toEqual(all(kinds, "denied"));
  });

  test("the role's policies alone deny it, without the bucket policy's deny", async () => {
    expect(await planLocks(role, kinds, dropBucketDeny)).toEqual(all(kinds, "denied"));
  });

  test("without either layer the audit's finding is back: the test can fail", async () => {
    expect(await planLocks(role, kinds, grantLockFiles(role), dropBucketDeny)).toEqual(all(kinds, "allowed"));
  });
});
