/**
 * AWS keeps one versioning state, public access block, ownership rule, default encryption and policy per
 * bucket: a new resource of one of these types for a bucket that has the setting replaces it, and the
 * resource that held it plans "no change". Real plans of the AWS provider against moto
 * (__tests__/fixtures/plans/tf-setting-overwrites.sh): a state-like bucket applied, then five settings
 * created again for it below the baseline, a public-read ACL and a second deploy-guard inline policy.
 */
import { exampleConfig } from "../helpers/example-config";
import { configReviewFlags, details } from "../helpers/plan-reviews";
import { type SynthJson, synthKind } from "../helpers/synth";
import { flagsOf, type Json, plan, RULE, ruleFlags, STACK } from "./setting-plans";

const OVERWRITES = "tf-setting-overwrites.json";
const FIRST_DEPLOY = "tf-setting-first-deploy.json";
const B = "bucket ow-tfstate";

const changes = (p: Json) => p.resource_changes as Json[];

describe("real plans: a created bucket setting replaces the one another resource holds", () => {
  const found = ruleFlags(plan(OVERWRITES));

  test("fails when a create takes over a setting in prior_state: the holder named, the create read as its update", () => {
    const held = (setting: string, holder: string, weakened: string) =>
      `${B} ${setting} is already set by ${holder} (its own plan shows no change): AWS keeps one per bucket, so this create replaces it: ${weakened}`;
    expect(found).toEqual(
      expect.arrayContaining([
        `${RULE}aws_s3_bucket_versioning.v2[0]: ${held("versioning", "aws_s3_bucket_versioning.v", `${B}: versioning Enabled -> Suspended: overwritten state cannot be recovered`)}`,
        `${RULE}aws_s3_bucket_ownership_controls.own2[0]: ${held("ownership controls", "aws_s3_bucket_ownership_controls.own", `${B}: object_ownership BucketOwnerEnforced -> ObjectWriter: ACLs apply again, an object may be shared by ACL`)}`,
        `${RULE}aws_s3_bucket_server_side_encryption_configuration.sse2[0]: ${held("default encryption", "aws_s3_bucket_server_side_encryption_configuration.sse", `${B}: sse_algorithm aws:kms -> AES256: state is no longer encrypted with the state key, whose policy names who may decrypt it`)}`,
        `${RULE}aws_s3_bucket_public_access_block.pab2[0]: ${held("public access block", "aws_s3_bucket_public_access_block.pab", ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].map((k) => `${B}: ${k} true -> false`).join("; "))}`,
      ]),
    );
    const policy = found.find((f) =>
      f.startsWith(`${RULE}aws_s3_bucket_policy.p2[0]: ${B} policy is already set by aws_s3_bucket_policy.p`),
    );
    expect(policy).toContain(`statement "DenyInsecureTransport" (when Bool aws:SecureTransport false) removed`);
    expect(policy).toContain(`statement "ProtectStateBucket"`);
  });

  test("fails when a setting is created below the state bucket's baseline, whoever held it", () => {
    expect(details(found)).toEqual(
      expect.arrayContaining([
        `${B}: versioning created Suspended: it replaces the bucket's versioning state, and overwritten state cannot be recovered`,
        `${B}: public access block created with block_public_acls, block_public_policy, ignore_public_acls, restrict_public_buckets false: it replaces the bucket's block, so a public policy or ACL may open state`,
        `${B}: ownership controls created with ObjectWriter: ACLs apply, an object may be its writer's and shared by ACL`,
        `${B}: default encryption created with AES256: state is not encrypted with the state key, whose policy names who may decrypt it`,
        `${B} policy created without golive's Deny statements DenyInsecureTransport, ProtectStateBucket: it replaces the state bucket's policy, and what they deny (plain HTTP, anyone but the managers changing the bucket) is allowed again`,
      ]),
    );
  });

  test("fails on a created ACL public-read (aws_s3_bucket_acl)", () => {
    expect(found).toContain(`${RULE}aws_s3_bucket_acl.acl[0]: ${B}: ACL public-read: it shares the bucket beyond its owner`);
  });

  test("the holders are found among the plan's changes too: a plan without prior_state, its holders as no-ops", () => {
    const p = plan(OVERWRITES);
    const state = (p.prior_state as { values: { root_module: { resources: Json[] } } }).values.root_module.resources;
    delete p.prior_state;
    const noop = state
      .filter((r) => r.type === "aws_s3_bucket_versioning")
      .map(({ values, sensitive_values: _marks, ...r }) => ({
        ...r,
        change: { actions: ["no-op"], before: values, after: values, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
      }));
    expect(ruleFlags(p).some((f) => f.includes("is already set"))).toBe(false);
    p.resource_changes = [...changes(p), ...noop];
    expect(ruleFlags(p).filter((f) => f.includes("is already set"))).toEqual([
      expect.stringMatching(
        /^state-bucket-weakened aws_s3_bucket_versioning\.v2\[0\]: bucket ow-tfstate versioning is already set by aws_s3_bucket_versioning\.v /,
      ),
    ]);
  });

  test("two creates of one bucket's setting in one plan name each other; a holder destroyed in the plan is said to be", () => {
    const p = plan(OVERWRITES);
    delete p.prior_state;
    const v2 = changes(p).find((c) => c.address === "aws_s3_bucket_versioning.v2[0]") as Json;
    const v3 = { ...v2, address: "aws_s3_bucket_versioning.v3", name: "v3", index: undefined };
    const v1 = { ...v2, address: "aws_s3_bucket_versioning.v", name: "v", index: undefined };
    const change = v2.change as Json;
    const gone = {
      ...v1,
      change: {
        ...change,
        actions: ["delete"],
        before: { ...(change.after as Json), versioning_configuration: [{ status: "Enabled", mfa_delete: "" }] },
        after: null,
      },
    };
    p.resource_changes = [v2, v3, gone];
    const held = ruleFlags(p).filter((f) => f.includes("is already set"));
    expect(held).toEqual([
      `${RULE}aws_s3_bucket_versioning.v2[0]: ${B} versioning is already set by aws_s3_bucket_versioning.v3 (created in this plan too: whichever applies last wins), aws_s3_bucket_versioning.v (destroyed in this plan: its delete may run after this create and remove the setting): AWS keeps one per bucket, so this create replaces it: ${B}: versioning Enabled -> Suspended: overwritten state cannot be recovered`,
      `${RULE}aws_s3_bucket_versioning.v3: ${B} versioning is already set by aws_s3_bucket_versioning.v2[0] (created in this plan too: whichever applies last wins), aws_s3_bucket_versioning.v (destroyed in this plan: its delete may run after this create and remove the setting): AWS keeps one per bucket, so this create replaces it: ${B}: versioning Enabled -> Suspended: overwritten state cannot be recovered`,
    ]);
  });

  test("many creates of one setting name three others each and count the rest (one index per plan)", () => {
    const p = plan(OVERWRITES);
    const v2 = changes(p).find((c) => c.address === "aws_s3_bucket_versioning.v2[0]") as Json;
    p.resource_changes = Array.from({ length: 2000 }, (_, i) => ({ ...v2, address: `aws_s3_bucket_versioning.v2[${i}]`, index: i }));
    const started = performance.now();
    const held = ruleFlags(p).filter((f) => f.includes("is already set"));
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(held).toHaveLength(2000);
    expect(held[5]).toContain(" and 1997 more: AWS keeps one per bucket");
  });
});

describe("bucket ACLs (aws_s3_bucket_acl)", () => {
  const acl = (after: Json, before: Json | null = null) => {
    const p = plan(OVERWRITES);
    delete p.prior_state;
    const a = changes(p).find((c) => c.address === "aws_s3_bucket_acl.acl[0]") as Json;
    p.resource_changes = [
      {
        ...a,
        change: {
          ...(a.change as Json),
          actions: before ? ["update"] : ["create"],
          before,
          after: { bucket: "ow-tfstate", ...after },
          after_unknown: {},
        },
      },
    ];
    return details(ruleFlags(p));
  };
  const OWNER = "a".repeat(64);
  const grant = (grantee: Json, permission = "READ") => ({ grantee: [{ type: "CanonicalUser", ...grantee }], permission });
  const policy = (...grants: Json[]) => ({ acl: null, access_control_policy: [{ grant: grants, owner: [{ id: OWNER }] }] });

  test("fails on grants to everyone, to any AWS account, and to another account", () => {
    expect(
      acl(
        policy(
          grant({ type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" }),
          grant({ type: "Group", uri: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers" }, "WRITE"),
          grant({ id: "b".repeat(64) }, "FULL_CONTROL"),
          grant({ id: OWNER }, "FULL_CONTROL"),
        ),
      ),
    ).toEqual([
      `${B}: ACL grants everyone (AllUsers) READ`,
      `${B}: ACL grants any AWS account (AuthenticatedUsers) WRITE`,
      `${B}: ACL grants canonical user ${"b".repeat(64)} FULL_CONTROL`,
    ]);
  });

  test("private, the owner's own grant, and a grant the ACL already had raise nothing", () => {
    expect(acl({ acl: "private" })).toEqual([]);
    expect(acl(policy(grant({ id: OWNER }, "FULL_CONTROL")))).toEqual([]);
    const everyone = policy(grant({ type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" }));
    expect(acl(everyone, { bucket: "ow-tfstate", ...everyone })).toEqual([]);
  });
});

describe("golive's own first deploy of the state stack raises no new flag", () => {
  test("a real plan from empty state: the settings created at the baseline, on a bucket known only after apply", () => {
    expect(flagsOf(plan(FIRST_DEPLOY))).toEqual([
      "trust-widened aws_iam_role.deploy: role ow-deploy trust: new principal Service:ec2.amazonaws.com",
      `${RULE}aws_s3_bucket.state: ${B} policy: known only after apply (it names a value decided at apply: a replaced resource's ARN or id, another resource's output), so what it grants cannot be reviewed from the plan; review it by hand`,
      "secret-grant-widened aws_kms_key.state: KMS key Terraform state in s3://ow-tfstate policy: known only after apply (it names a value decided at apply: a replaced resource's ARN or id, another resource's output), so what it grants cannot be reviewed from the plan; review it by hand",
    ]);
  });

  test("golive's synthesized bootstrap stack, reviewed as a configuration diff from nothing", () => {
    const head = synthKind(exampleConfig(), "bootstrap");
    const base: SynthJson = { ...head, resource: {} };
    expect(configReviewFlags(base, head, STACK).filter((f) => f.startsWith(RULE))).toEqual([]);
    // The same review reads the created blocks: versioning created Suspended is flagged.
    const suspended = structuredClone(head);
    for (const block of Object.values(suspended.resource.aws_s3_bucket_versioning ?? {}))
      (block as Json).versioning_configuration = { status: "Suspended" };
    expect(details(configReviewFlags(base, suspended, STACK).filter((f) => f.startsWith(RULE)))).toEqual([
      expect.stringMatching(/: versioning created Suspended: it replaces the bucket's versioning state/),
    ]);
  });
});
