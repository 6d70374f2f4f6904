/**
 * A secret's rotation function (`aws_secretsmanager_secret_rotation.rotation_lambda_arn`) reads and
 * writes every version of the secret: one in another AWS account hands the secret to that account.
 * The secret's account is its ARN's (`secret_id`); a secret new in this plan has no ARN yet, so the
 * accounts of the plan's known ARNs stand for it.
 */
import { at, str } from "../../core/json";
import type { ChangeView } from "../../core/plan/changes";
import type { PlanJson } from "../../core/plan/schema";
import { flagOf, type RiskFlag } from "./risks";

export const ROTATION_TYPE = "aws_secretsmanager_secret_rotation";

export const ROTATION_ACCOUNT_RULE = {
  id: "rotation-lambda-other-account",
  title: "Secret rotated by another account's function",
  explanation:
    "A rotation Lambda reads and writes every version of the secret it rotates: one in another AWS account than the secret's gives that account the secret.",
};

/** The account of an ARN (`arn:<partition>:<service>:<region>:<account>:...`), if it names one. */
function accountOf(arn: unknown): string | undefined {
  return /^arn:aws[a-z-]*:[^:]*:[^:]*:(\d{12}):/.exec(str(arn) ?? "")?.[1];
}

/**
 * The accounts of the known top-level ARNs of a plan's changes (before and after), read once per plan;
 * not of rotations: their functions' accounts are what is judged.
 */
export function planAccounts(plan: PlanJson): ReadonlySet<string> {
  const out = new Set<string>();
  for (const rc of plan.resource_changes ?? [])
    if (rc.type !== ROTATION_TYPE)
      for (const side of [rc.change.before, rc.change.after])
        if (side !== null && typeof side === "object" && !Array.isArray(side))
          for (const value of Object.values(side)) {
            const account = accountOf(value);
            if (account) out.add(account);
          }
  return out;
}

/** The flag of a rotation whose function is in another account than its secret (create, update or replace). */
export function rotationAccountFlags(view: ChangeView, accounts: () => ReadonlySet<string>): RiskFlag[] {
  if (view.mode !== "managed" || view.type !== ROTATION_TYPE) return [];
  if (view.kind !== "create" && view.kind !== "update" && view.kind !== "replace") return [];
  const lambda = at(view.after, "rotation_lambda_arn");
  // An update keeping its function was reviewed when the function was set.
  if (view.kind === "update" && lambda === at(view.before, "rotation_lambda_arn")) return [];
  const lambdaAccount = accountOf(lambda);
  if (lambdaAccount === undefined) return [];
  const secret = at(view.after, "secret_id");
  const secretAccount = accountOf(secret);
  const owners = secretAccount ? new Set([secretAccount]) : accounts();
  if (owners.size === 0 || owners.has(lambdaAccount)) return [];
  const whose = secretAccount
    ? `the secret ${str(secret)} is in account ${secretAccount}`
    : `this plan's ARNs are in account ${[...owners].sort().join(", ")}`;
  return [
    flagOf(
      ROTATION_ACCOUNT_RULE,
      view.address,
      `rotation function ${str(lambda)} is in account ${lambdaAccount}, but ${whose}: that account's function reads and writes every version of the secret`,
      view.constructPath,
    ),
  ];
}
