/**
 * A secret's rotation function (`aws_secretsmanager_secret_rotation.rotation_lambda_arn`) reads and
 * writes every version of the secret: one in another AWS account hands the secret to that account.
 * The secret's account is its ARN's (`secret_id`); a secret new in this plan has no ARN yet, so the
 * accounts of the plan's known ARNs stand for it. That needs the whole plan, so the rule is a plan check
 * (RiskRule.checkPlan), reading each rotation change and the plan's accounts at most once.
 */
import { at, isRecord, str } from "../../core/json";
import { type ChangeView, toChangeView } from "../../core/plan/changes";
import { configAddress } from "../../core/plan/provisioners";
import type { PlanJson } from "../../core/plan/schema";
import type { PlanFinding, RiskRule } from "../../platform/risks";

const ROTATION_TYPE = "aws_secretsmanager_secret_rotation";

/** The account of an ARN (`arn:<partition>:<service>:<region>:<account>:...`), if it names one. */
function accountOf(arn: unknown): string | undefined {
  return /^arn:aws[a-z-]*:[^:]*:[^:]*:(\d{12}):/.exec(str(arn) ?? "")?.[1];
}

/**
 * The accounts of the known top-level ARNs of a plan's changes (before and after); not of rotations:
 * their functions' accounts are what is judged.
 */
function planAccounts(plan: PlanJson): ReadonlySet<string> {
  const out = new Set<string>();
  for (const rc of plan.resource_changes ?? [])
    if (rc.type !== ROTATION_TYPE)
      for (const side of [rc.change.before, rc.change.after])
        if (isRecord(side))
          for (const value of Object.values(side)) {
            const account = accountOf(value);
            if (account) out.add(account);
          }
  return out;
}

/** The detail of a rotation whose function is in another account than its secret (create, update or replace). */
function otherAccountDetail(view: ChangeView, accounts: () => ReadonlySet<string>): string | undefined {
  if (view.kind !== "create" && view.kind !== "update" && view.kind !== "replace") return undefined;
  const lambda = at(view.after, "rotation_lambda_arn");
  // An update keeping its function was reviewed when the function was set.
  if (view.kind === "update" && lambda === at(view.before, "rotation_lambda_arn")) return undefined;
  const lambdaAccount = accountOf(lambda);
  if (lambdaAccount === undefined) return undefined;
  const secret = at(view.after, "secret_id");
  const secretAccount = accountOf(secret);
  const owners = secretAccount ? new Set([secretAccount]) : accounts();
  if (owners.size === 0 || owners.has(lambdaAccount)) return undefined;
  const whose = secretAccount
    ? `the secret ${str(secret)} is in account ${secretAccount}`
    : `this plan's ARNs are in account ${[...owners].sort().join(", ")}`;
  return `rotation function ${str(lambda)} is in account ${lambdaAccount}, but ${whose}: that account's function reads and writes every version of the secret`;
}

/** Each rotation change of the plan in another account than its secret's; the plan's accounts read on the first that needs them. */
function otherAccountRotations(plan: PlanJson): PlanFinding[] {
  let accounts: ReadonlySet<string> | undefined;
  const planned = () => {
    accounts ??= planAccounts(plan);
    return accounts;
  };
  return (plan.resource_changes ?? []).flatMap((rc) => {
    if (rc.mode !== "managed" || rc.type !== ROTATION_TYPE) return [];
    // Values masked as every rule reads them: a sensitive function ARN is never quoted.
    const detail = otherAccountDetail(toChangeView(rc, undefined, undefined, true), planned);
    return detail === undefined ? [] : [{ address: rc.address, configAddress: configAddress(rc), detail }];
  });
}

export const rotationLambdaOtherAccount: RiskRule = {
  id: "rotation-lambda-other-account",
  title: "Secret rotated by another account's function",
  explanation:
    "A rotation Lambda reads and writes every version of the secret it rotates: one in another AWS account than the secret's gives that account the secret.",
  // None: every rotation change is read by the plan check, which has the plan's accounts at hand.
  types: [],
  check: () => [],
  checkPlan: otherAccountRotations,
};
