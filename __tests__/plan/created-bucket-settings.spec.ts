/**
 * A new bucket setting replaces the bucket's one (issue 14, D1: PutBucketVersioning, PutPublicAccessBlock,
 * PutBucketOwnershipControls, PutBucketEncryption, PutBucketAcl), so its values are shown when created
 * (lib/core/plan/changes.ts CREATED_ATTRIBUTES): the setting, not the bucket (the address and any flag
 * name it), so alike creates on many buckets share one line. The real plan of
 * __tests__/fixtures/plans/tf-setting-overwrites.sh.
 */
import { fixtureInput, fixtureText } from "./fixtures";
import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";

const lines = renderPlanReport([fixtureInput("tf-setting-overwrites.json", "bootstrap-production")], "`r.md`").fullMarkdown.split("\n");

/** The attribute lines shown under the created resource `address`. */
function shown(address: string): string[] {
  const at = lines.indexOf(`+ ${address}`);
  expect(at).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > at && !l.startsWith("    "));
  return lines.slice(at + 1, end);
}

test("a created versioning, public access block, ownership rule, encryption and ACL show their values", () => {
  expect(shown("aws_s3_bucket_versioning.v2[0]").join("\n")).toContain('"status":"Suspended"');
  expect(shown("aws_s3_bucket_public_access_block.pab2[0]")).toEqual(
    expect.arrayContaining(["    block_public_acls: null -> false", "    restrict_public_buckets: null -> false"]),
  );
  expect(shown("aws_s3_bucket_ownership_controls.own2[0]").join("\n")).toContain('"object_ownership":"ObjectWriter"');
  expect(shown("aws_s3_bucket_server_side_encryption_configuration.sse2[0]").join("\n")).toContain('"AES256"');
  expect(shown("aws_s3_bucket_acl.acl[0]")).toContain('    acl: null -> "public-read"');
});

test("creates of one setting at one value, a bucket each, share one line: a plan of a hundred renders a few", () => {
  const plan = JSON.parse(fixtureText("tf-setting-overwrites.json"));
  const settings = (plan.resource_changes as { type: string; change: { after: Record<string, unknown> } }[]).filter((rc) =>
    ["versioning", "public_access_block", "ownership_controls", "server_side_encryption_configuration", "acl"].some(
      (s) => rc.type === `aws_s3_bucket_${s}`,
    ),
  );
  expect(settings).toHaveLength(5);
  const n = 20; // 100 creates: a line each would be far over the 40 below
  delete plan.prior_state;
  plan.resource_changes = settings.flatMap((rc) =>
    Array.from({ length: n }, (_, i) => ({
      ...rc,
      address: `${rc.type}.b${i}`,
      name: `b${i}`,
      index: undefined,
      change: {
        ...rc.change,
        after: { ...rc.change.after, bucket: `logs-${i}`, ...(rc.type === "aws_s3_bucket_acl" ? { acl: "private" } : {}) },
      },
    })),
  );
  const full = renderPlanReport(
    [{ stack: "storage-production", file: "p.json", plan: parsePlanJson("p.json", JSON.stringify(plan)) }],
    "`r.md`",
  ).fullMarkdown;
  for (const rc of settings) expect(full).toContain(`+ ${n} × ${rc.type} (the same change;`);
  expect(full.split("\n").filter((l) => l.startsWith("    ")).length).toBeLessThan(40);
});
