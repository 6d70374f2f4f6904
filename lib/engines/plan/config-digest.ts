/**
 * The digest of a synthesized stack's configuration: what the review of a stack reviewed as a
 * configuration diff (config-diff.ts) binds the deploy to. The deploy plans such a stack against its
 * live state and may apply it only when the merged code synthesizes exactly the configuration the
 * signed review was of; the plan's own digest cannot be compared, since no pull request could plan it.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "../../core/plan/json-attributes";
import { sameCommit } from "./compare";
import { withoutCdktfComments } from "../../core/terraform-comments";
import type { ReviewRecord } from "./review-record";

/**
 * sha256 of the stack's `cdk.tf.json` as canonical JSON (object keys sorted, no whitespace), without
 * the `//` comments of its top level and of its top-level blocks' bodies, where cdktf writes construct
 * paths, unique ids, its own version and the list of overrides and Terraform ignores them
 * (lib/core/terraform-comments.ts). Everything Terraform reads (resources, data sources, outputs, variables,
 * providers, the backend, `lifecycle`, `moved`, a `//` key inside an attribute's value) counts.
 */
export function configDigest(stack: unknown): string {
  return createHash("sha256")
    .update(canonicalJson(withoutCdktfComments(stack)))
    .digest("hex");
}

export type ConfigVerdict =
  /** The synthesized configuration is the one the review was of. */
  | { readonly stack: string; readonly status: "same"; readonly digest: string }
  /** Another configuration than the one reviewed. */
  | { readonly stack: string; readonly status: "differs"; readonly digest: string; readonly reviewed: string }
  /** No review covers it: no record, a record of another commit, or a review without this stack's configuration. */
  | { readonly stack: string; readonly status: "not-reviewed"; readonly digest: string; readonly why: string };

/**
 * The verdict for one stack's synthesized configuration (`digest`, from configDigest) against the review
 * record. `mergedCommit`: the commit the review must be of (the merged pull request's last commit).
 */
export function compareConfig(record: ReviewRecord | undefined, stack: string, digest: string, mergedCommit?: string): ConfigVerdict {
  if (record === undefined) return { stack, status: "not-reviewed", digest, why: "no plan digest in the review" };
  if (mergedCommit !== undefined && (record.commit === undefined || !sameCommit(record.commit, mergedCommit)))
    return {
      stack,
      status: "not-reviewed",
      digest,
      why: `the review is of commit ${record.commit ?? "(unknown)"}, the merged pull request's last commit is ${mergedCommit}: re-run the review`,
    };
  const reviewed = record.config?.[stack];
  if (reviewed === undefined) return { stack, status: "not-reviewed", digest, why: "the review has no configuration digest of this stack" };
  return reviewed === digest ? { stack, status: "same", digest } : { stack, status: "differs", digest, reviewed };
}
