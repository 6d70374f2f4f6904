/**
 * A new bucket setting replaces the bucket's one (issue 14, D1: PutBucketVersioning, PutPublicAccessBlock,
 * PutBucketOwnershipControls, PutBucketEncryption, PutBucketAcl), so its values are shown when created
 * (lib/core/plan/changes.ts SHOWN_WHEN_CREATED), as a new bucket policy's are. The real plan of
 * __tests__/fixtures/plans/tf-setting-overwrites.sh.
 */
import { fixtureInput } from "./fixtures";
import { renderPlanReport } from "../../lib/engines/plan";

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
