/**
 * A permissions boundary caps what a role's or user's own policies can grant: "an entity can perform
 * only the actions that are allowed by both its identity-based policies and its permissions boundaries"
 * (IAM User Guide, Permissions boundaries for IAM entities). Removed, or swapped for an administrator
 * policy, it caps nothing: every policy the identity holds applies in full, AdministratorAccess too.
 */
import type { ChangeView } from "../../core/plan/changes";
import { at, str } from "../../platform/risks";
import { isAdminPolicy } from "./managed-policies";

/** The resource types with a `permissions_boundary` argument. */
export const BOUNDED_TYPES: readonly string[] = ["aws_iam_role", "aws_iam_user"];

/** The boundary an existing role or user loses (set to null or ""), or trades for an administrator policy. */
export function boundaryLifted(change: ChangeView, after: unknown): string[] {
  if (change.kind === "create" || !BOUNDED_TYPES.includes(change.type)) return [];
  const was = str(at(change.before, "permissions_boundary"));
  if (!was) return [];
  const now = at(after, "permissions_boundary");
  const who = `${change.type === "aws_iam_user" ? "user" : "role"} ${str(at(after, "name")) ?? change.address}`;
  // A boundary known only after apply (a policy replaced in the same plan) is still a boundary.
  if (now === null || now === undefined || now === "") return [`${who}: permissions boundary ${was} removed: its policies apply in full`];
  const arn = str(now);
  return arn !== undefined && arn !== was && isAdminPolicy(arn)
    ? [`${who}: permissions boundary ${was} -> ${arn}: a boundary that allows (nearly) everything`]
    : [];
}
