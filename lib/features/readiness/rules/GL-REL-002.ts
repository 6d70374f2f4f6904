import type { SynthResource } from "../../../core/readiness/model";
import { resourceFinding } from "../../../core/readiness/model";
import { notApplicable, outcome, type Rule } from "../../../platform/readiness";
import { at, bool, collectStrings } from "../../../core/readiness/values";

const CRITICAL_TYPES = ["cloudflare_zone", "cloudflare_zone_dnssec", "aws_secretsmanager_secret", "aws_kms_key"];

/** The Terraform state bucket: an S3 bucket in a state/bootstrap stack or named/tagged for state. */
function isStateBucket(r: SynthResource): boolean {
  if (r.type !== "aws_s3_bucket") return false;
  if (/(^|-)(state|bootstrap)(-|$)/.test(r.stack)) return true;
  const text = [r.path, ...collectStrings(r.attrs.bucket), ...collectStrings(r.attrs.bucket_prefix), ...collectStrings(r.attrs.tags)].join(
    " ",
  );
  return /tfstate|terraform-state|\bstate\b/i.test(text);
}

export const preventDestroy: Rule = {
  id: "GL-REL-002",
  title: "Critical resources have lifecycle.prevent_destroy",
  severity: "blocker",
  row: "rollback-handover",
  explanation:
    "Destroying the zone, DNSSEC, a KMS key, a secret or the state bucket cannot be rolled back: the zone loses its name servers, a KMS key takes its data with it, the state takes every stack's memory.",
  fix: "Wrap the resource in preventDestroy() (lib/core/constructs/lifecycle.ts); removing one then needs a deliberate code change.",
  check({ env }) {
    const critical = [...CRITICAL_TYPES.flatMap((t) => [...env.ofType(t)]), ...env.ofType("aws_s3_bucket").filter(isStateBucket)];
    if (critical.length === 0) return notApplicable("no zone, DNSSEC, secret, KMS key or state bucket in this environment");
    return outcome(
      critical
        .filter((r) => bool(at(r.attrs, "lifecycle", "prevent_destroy")) !== true)
        .map((r) => resourceFinding(r, `${r.type} has no lifecycle.prevent_destroy = true`)),
    );
  },
};
