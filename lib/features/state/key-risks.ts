/**
 * What the state key's policy promises (docs/state.md, bucket-policy.ts stateKeyPolicy): only the state
 * users encrypt and decrypt state, only through S3 (`StateThroughS3`: `kms:ViaService`
 * `s3.<region>.amazonaws.com`, `aws:PrincipalArn` the state users), so the account may look at the key
 * but never decrypt or grant by being an administrator; only the managers administer it
 * (`KeyAdministrators`: `aws:PrincipalArn`). A change is flagged when its policy breaks a promise the
 * policy before kept, whichever statement breaks it: a new statement giving the account `kms:Decrypt`
 * breaks it as much as a condition dropped from `StateThroughS3`. (The secrets rule reads the same key
 * for what its policy widens; a new statement of an existing principal is not a widening it sees.)
 */
import type { ChangeView } from "../../core/plan/changes";
import { readStatements, type Statement, statementLabel } from "../../core/plan/policy-statements";
import { patternsMeet } from "../../core/plan/sensitive-actions";
import { afterOf, at, str } from "../../platform/risks";
import { STATE_KEY_DESCRIPTION } from "./bucket-policy";

/** Using the key on state: decrypting, encrypting, and a grant (its grantee may do either). */
const USE_ACTIONS = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:CreateGrant"];
/** Administering it: its policy (and with it every grant of the key), its deletion, disabling it. */
const ADMIN_ACTIONS = ["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:DisableKey"];

/** The actions of `candidates` an Allow statement grants (IAM wildcards, any letter case; NotAction: all it does not name). */
function granted(st: Statement, candidates: readonly string[]): string[] {
  if (st.effect !== "Allow") return [];
  return candidates.filter((action) => st.actions.some((a) => patternsMeet(a, action)) !== st.notAction);
}

/**
 * The values a statement requires of condition `key`, under an operator every request must satisfy
 * (String or Arn, Equals or Like; not a Not operator, not IfExists, which a request without the key
 * passes); undefined when it requires none.
 */
function required(st: Statement, key: string): readonly string[] | undefined {
  for (const [opKey, values] of st.conditions) {
    const space = opKey.indexOf(" ");
    const [op, k] = [opKey.slice(0, space), opKey.slice(space + 1)];
    if (k.toLowerCase() === key.toLowerCase() && /^(?:ForAnyValue:)?(?:String|Arn)(?:Equals|Like)(?:IgnoreCase)?$/.test(op)) return values;
  }
  return undefined;
}

/** Only S3 in a region: every kms:ViaService value is `s3.<region>.amazonaws.com`, written out. */
const throughS3 = (st: Statement) => required(st, "kms:ViaService")?.every((v) => /^s3\.[a-z0-9-]+\.amazonaws\.com$/.test(v)) === true;
/** Named principals only: an aws:PrincipalArn condition without a wildcard. */
const namedOnly = (st: Statement) => {
  const arns = required(st, "aws:PrincipalArn");
  return arns !== undefined && arns.length > 0 && arns.every((v) => !v.includes("*"));
};

interface KeyPromise {
  readonly actions: readonly string[];
  readonly kept: (st: Statement) => boolean;
  readonly without: string;
  readonly broken: string;
}

const PROMISES: readonly KeyPromise[] = [
  {
    actions: USE_ACTIONS,
    kept: throughS3,
    without: "kms:ViaService naming S3",
    broken: "state can be decrypted outside S3",
  },
  {
    actions: USE_ACTIONS,
    kept: namedOnly,
    without: "aws:PrincipalArn naming the state users",
    broken: "whoever the account's IAM allows reads and writes state",
  },
  {
    actions: ADMIN_ACTIONS,
    kept: namedOnly,
    without: "aws:PrincipalArn naming the managers",
    broken: "whoever the account's IAM allows may rewrite the key's policy",
  },
];

/** The statements of a policy that break `promise`. */
const breaking = (statements: readonly Statement[], promise: KeyPromise) =>
  statements.filter((st) => granted(st, promise.actions).length > 0 && !promise.kept(st));

const who = (st: Statement) =>
  st.notPrincipal ? `every principal but ${st.principals.join(", ")}` : st.principals.join(", ") || "(no principal)";

/** Flags of a change of the state key (its description names the bucket); other keys are not read. */
export function stateKeyWeakened(change: ChangeView): string[] {
  const description = str(at(change.before, "description")) ?? "";
  if (!description.startsWith(STATE_KEY_DESCRIPTION) || (change.kind !== "update" && change.kind !== "replace")) return [];
  const [was, now] = [readStatements(at(change.before, "policy")), readStatements(at(afterOf(change), "policy"))];
  // A policy known only after apply, or not readable, is not judged.
  if (!was || !now) return [];
  return PROMISES.filter((promise) => breaking(was, promise).length === 0).flatMap((promise) =>
    breaking(now, promise).map(
      (st) =>
        `KMS key ${description} policy: ${statementLabel(st)} lets ${who(st)} ${granted(st, promise.actions).join(", ")} without ${promise.without}: ${promise.broken}`,
    ),
  );
}
