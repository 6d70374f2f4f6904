/**
 * Which managed policies a change attaches, and to whom, for the permissions-widened rule. Three shapes
 * hold them (AWS provider docs): an attachment names one policy and one holder
 * (`aws_iam_role_policy_attachment`) or many (`aws_iam_policy_attachment`: `roles`, `users`, `groups`);
 * a role's `managed_policy_arns` and the `aws_iam_*_policy_attachments_exclusive` resources name one
 * holder and the whole list of its managed policies.
 */
import type { ChangeView } from "../../core/plan/changes";
import { UNKNOWN } from "../../core/plan/values";
import { at, items, str } from "../../platform/risks";

/** AWS managed policies that hand over (nearly) the whole account. */
const ADMIN_POLICIES = /^arn:aws[\w-]*:iam::aws:policy\/(?:AdministratorAccess|IAMFullAccess|PowerUserAccess)$/;

/** True for an AWS managed policy that hands over (nearly) the whole account. */
export const isAdminPolicy = (arn: string): boolean => ADMIN_POLICIES.test(arn);

const KINDS = ["role", "user", "group"] as const;

/** One managed policy one identity holds: `role deploy` holds `arn:aws:iam::aws:policy/ReadOnlyAccess`. */
interface Held {
  readonly holder: string;
  /** The policy's ARN; UNKNOWN when it is known only after apply (a policy created in the same plan). */
  readonly arn: string | typeof UNKNOWN;
}

/** How a resource type holds managed policies: whom each value names, and whether it lists a holder's whole set. */
export interface Holding {
  held(value: unknown): Held[];
  /** The holder's whole list of managed policies: a new member is a new grant to an identity that exists. */
  readonly wholeList: boolean;
  /**
   * What a pair is compared by before and after: the policy alone where the resource has one holder (a
   * renamed role keeps its policies), holder and policy where it has many (a new role in `roles`).
   */
  readonly byHolder: boolean;
}

/** `role deploy`; a holder whose name is known only after apply (`name_prefix`) still holds what is attached. */
function named(kind: string, name: unknown): string {
  return `${kind} ${str(name) || (name === UNKNOWN ? "(name known after apply)" : "(unnamed)")}`;
}

/** The members of a list; a list known only after apply is one member known only after apply. */
const members = (value: unknown): readonly unknown[] => (value === UNKNOWN ? [UNKNOWN] : items(value));

/** The policies `arns` lists for `holder`; a list or member known only after apply is one UNKNOWN. */
function listed(holder: string, arns: unknown): Held[] {
  return members(arns).flatMap((arn): Held[] => (arn === UNKNOWN || typeof arn === "string" ? [{ holder, arn }] : []));
}

/** How `type` holds managed policies; undefined for a type that holds none. */
export function holdingOf(type: string): Holding | undefined {
  if (type === "aws_iam_role")
    return { held: (v) => listed(named("role", at(v, "name")), at(v, "managed_policy_arns")), wholeList: true, byHolder: false };
  if (type === "aws_iam_policy_attachment")
    return {
      held: (v) => KINDS.flatMap((kind) => members(at(v, `${kind}s`)).flatMap((who) => listed(named(kind, who), [at(v, "policy_arn")]))),
      wholeList: false,
      byHolder: true,
    };
  for (const kind of KINDS) {
    if (type === `aws_iam_${kind}_policy_attachment`)
      return { held: (v) => listed(named(kind, at(v, kind)), [at(v, "policy_arn")]), wholeList: false, byHolder: false };
    if (type === `aws_iam_${kind}_policy_attachments_exclusive`)
      return { held: (v) => listed(named(kind, at(v, `${kind}_name`)), at(v, "policy_arns")), wholeList: true, byHolder: false };
  }
  return undefined;
}

/** The resource types whose managed policies policiesAttached reads. */
export const POLICY_HOLDING_TYPES: readonly string[] = [
  "aws_iam_role",
  "aws_iam_policy_attachment",
  ...KINDS.flatMap((kind) => [`aws_iam_${kind}_policy_attachment`, `aws_iam_${kind}_policy_attachments_exclusive`]),
];

/**
 * The managed policies a change attaches that were not attached before. An administrator policy is
 * flagged always. On a resource that lists its holder's whole set, any policy newly listed in an
 * existing list is too (what it allows is not in this plan), and on an update one known only after
 * apply (a replacement knows no computed list, configured or not). A new attachment or list of other
 * policies is not: its values are shown in the review (SHOWN_WHEN_CREATED), and a new exclusive list
 * mostly adopts what is attached already.
 */
export function policiesAttached(change: ChangeView, after: unknown): string[] {
  const holding = holdingOf(change.type);
  if (holding === undefined) return [];
  const key = (h: Held) => (holding.byHolder ? `${h.holder}\n${String(h.arn)}` : String(h.arn));
  const was = new Set(change.kind === "create" ? [] : holding.held(change.before).map(key));
  const existing = change.kind !== "create" && holding.wholeList;
  const flags = holding.held(after).flatMap((h) => {
    if (h.arn === UNKNOWN)
      return change.kind === "update" && holding.wholeList
        ? [`${h.holder}: a managed policy known only after apply attached: read it then`]
        : [];
    if (was.has(key(h))) return [];
    if (isAdminPolicy(h.arn)) return [`${h.holder}: AWS managed policy ${h.arn.replace(/^.*\//, "")} attached`];
    return existing ? [`${h.holder}: managed policy ${h.arn} attached (what it allows is not in this plan)`] : [];
  });
  return [...new Set(flags)];
}
