import { buildWorld } from "../../lib/engines/check/access/world";
import { exampleConfig } from "../helpers/example-config";
import { resourcesOf, type SynthJson } from "../helpers/synth";
import { iamView, roleActor, type Verdict, verdict } from "./iam-world";
import { matrixChecks } from "./matrix-checks";

/**
 * Pull requests plan with `--no-lock` (pr.yml), so their role takes no state lock: a branch that
 * edits the workflow could otherwise plant `<key>.tflock` (every deploy of that stack waits on it) or
 * remove a deploy's lock mid-apply (an audit found both allowed with the IAM simulator). Two layers
 * refuse it, each on its own: the role's policies grant no lock file, and the state bucket's policy
 * denies the role every lock file (`PullRequestsTakeNoStateLock`). The access matrix proves both
 * together, and that the roles that apply a stack still take its lock; here each layer is undone in
 * turn, and undoing both brings the audit's finding back.
 */

const PLAN_ROLE = "opsbot-production-plan";
const CHECKS = ["secrets", "traffic"].flatMap((kind) => [`take the ${kind} state lock`, `remove the ${kind} state lock`]);

/** The pull-request role's state policy as it was before the fix: lock files of its stacks, the key for writing. */
function grantLockFiles(kind: string, json: SynthJson): void {
  if (kind !== "access") return;
  const role = resourcesOf(json, "aws_iam_role").find(([, r]) => r.name === PLAN_ROLE)?.[0];
  const policy = resourcesOf(json, "aws_iam_role_policy").find(
    ([, p]) => p.role === `\${aws_iam_role.${role}.id}` && p.name === "state-lock",
  );
  if (!policy) throw new Error(`no state-lock policy on ${PLAN_ROLE}`);
  const doc = JSON.parse(String(policy[1].policy)) as { Statement: Record<string, unknown>[] };
  const key = doc.Statement.find((s) => s.Sid === "StateKey");
  if (!key) throw new Error("no StateKey statement");
  key.Action = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"];
  doc.Statement.push({
    Sid: "StateLockFiles",
    Effect: "Allow",
    Action: ["s3:PutObject", "s3:DeleteObject"],
    Resource: ["access", "secrets", "email", "traffic"].map(
      (k) => `arn:aws:s3:::opsbot-production-tfstate/opsbot/${k}-production.tfstate.tflock`,
    ),
  });
  policy[1].policy = JSON.stringify(doc);
}

/** The state bucket's policy without its pull-request lock deny. */
function dropBucketDeny(kind: string, json: SynthJson): void {
  if (kind !== "bootstrap") return;
  const [policy] = resourcesOf(json, "aws_s3_bucket_policy");
  if (!policy) throw new Error("no bucket policy");
  const doc = JSON.parse(String(policy[1].policy)) as { Statement: { Sid?: string }[] };
  const kept = doc.Statement.filter((s) => s.Sid !== "PullRequestsTakeNoStateLock");
  if (kept.length !== doc.Statement.length - 1) throw new Error("no PullRequestsTakeNoStateLock statement");
  policy[1].policy = JSON.stringify({ ...doc, Statement: kept });
}

async function pullRequestLocks(...edits: ((kind: string, json: SynthJson) => void)[]): Promise<Record<string, Verdict>> {
  const cfg = exampleConfig();
  const world = buildWorld(cfg, iamView(cfg, (kind, json) => edits.forEach((edit) => edit(kind, json))).stacks);
  const checks = matrixChecks(world);
  const plan = [roleActor(world, PLAN_ROLE)];
  const out: Record<string, Verdict> = {};
  for (const check of CHECKS) out[check] = await verdict(plan, checks.get(check) ?? []);
  return out;
}

const all = (v: Verdict) => Object.fromEntries(CHECKS.map((c) => [c, v]));

describe("pull requests take no state lock", () => {
  test("the bucket policy alone denies it, with the role's policy as it was before the fix", async () => {
    expect(await pullRequestLocks(grantLockFiles)).toEqual(all("denied"));
  });

  test("the role's policies alone deny it, without the bucket policy's deny", async () => {
    expect(await pullRequestLocks(dropBucketDeny)).toEqual(all("denied"));
  });

  test("without either layer the audit's finding is back: the test can fail", async () => {
    expect(await pullRequestLocks(grantLockFiles, dropBucketDeny)).toEqual(all("allowed"));
  });
});
