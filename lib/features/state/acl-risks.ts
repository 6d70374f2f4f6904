/**
 * A bucket ACL (aws_s3_bucket_acl) that shares the bucket: a canned ACL other than `private`
 * (public-read, authenticated-read, log-delivery-write... each grants a group), or a grant to everyone
 * (AllUsers), to any AWS account (AuthenticatedUsers) or to another account (a canonical user not the
 * owner, an email address). PutBucketAcl replaces the bucket's one ACL, so a create is read against
 * nothing and an update against the ACL before. BucketOwnerEnforced turns ACLs off, but this change may
 * come with ownership controls weakened (ownershipWeakened) or another stack's.
 */
import type { ChangeView } from "../../core/plan/changes";
import { afterOf, at, items, str } from "../../platform/risks";
import { nested } from "./lifecycle-risks";

export const ACL_TYPE = "aws_s3_bucket_acl";

const GROUPS: Readonly<Record<string, string>> = {
  "http://acs.amazonaws.com/groups/global/AllUsers": "everyone (AllUsers)",
  "http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "any AWS account (AuthenticatedUsers)",
};

/** Who each grant of an ACL shares the bucket with, when another than its owner: `everyone (AllUsers) READ`. */
function sharedWith(acl: unknown): string[] {
  const policy = nested(acl, "access_control_policy");
  const owner = str(at(nested(policy, "owner"), "id"));
  return items(at(policy, "grant")).flatMap((grant) => {
    const grantee = nested(grant, "grantee");
    const permission = str(at(grant, "permission")) ?? "(unknown permission)";
    const [type, uri, id, email] = ["type", "uri", "id", "email_address"].map((k) => str(at(grantee, k)));
    if (type === "Group" && uri !== undefined && Object.hasOwn(GROUPS, uri)) return [`${GROUPS[uri]} ${permission}`];
    if (type === "CanonicalUser" && id !== undefined && id !== owner) return [`canonical user ${id} ${permission}`];
    if (type === "AmazonCustomerByEmail" && email !== undefined) return [`${email} ${permission}`];
    return [];
  });
}

/** Flags of an ACL change that shares the bucket more than before (a create: than nothing). */
export function aclWidened(change: ChangeView, bucket: string): string[] {
  const after = afterOf(change);
  if (after === null) return [];
  const before = change.kind === "create" ? undefined : change.before;
  const [was, now] = [str(at(before, "acl")), str(at(after, "acl"))];
  const canned =
    now !== undefined && now !== "" && now !== "private" && now !== was
      ? [`bucket ${bucket}: ACL ${now}: it shares the bucket beyond its owner`]
      : [];
  const had = new Set(sharedWith(before));
  const grants = sharedWith(after).filter((g) => !had.has(g));
  return [...canned, ...grants.map((g) => `bucket ${bucket}: ACL grants ${g}`)];
}
