/**
 * Whether a key policy lets the one AWS service that publishes to an encrypted topic use the key: the
 * one reading of GL-MON-001 (readiness) and plan review (a key created). KMS allows a call when some
 * Allow applies and no Deny does (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html),
 * Not forms included: a Deny with NotAction refuses every action it does not list, one with
 * NotPrincipal everyone it does not name.
 */
import { globMatches, type Statement, statementLabel } from "../../core/plan/policy-statements";

/** What the topic's one publisher must be allowed: its service principal and the actions it calls. */
export interface PublisherGrant {
  readonly service: string;
  readonly actions: readonly string[];
  /**
   * The source golive's Allow limits the service to (fromOwnSource): its account and `aws:SourceArn`.
   * @default only an Allow whose source account and source ARNs name one account counts
   */
  readonly source?: { readonly account: string; readonly arn: string };
}

/** Why the policy does not let the publisher make its calls, each completing "<policy> ...": empty when it does. */
export function grantProblems(statements: readonly Statement[], grant: PublisherGrant): string[] {
  const applies = (s: Statement, action: string) => coversAction(s, action) && namesService(s, grant.service);
  const missing: string[] = [];
  const refused = new Map<string, string[]>();
  const unsure = new Map<string, string[]>();
  const limited = new Map<string, string[]>();
  const add = (into: Map<string, string[]>, st: Statement, action: string) =>
    into.set(statementLabel(st), [...(into.get(statementLabel(st)) ?? []), action]);
  for (const action of grant.actions) {
    const denies = statements.filter((s) => s.effect === "Deny" && applies(s, action));
    const unconditional = denies.find((s) => s.conditions.size === 0);
    if (unconditional !== undefined) add(refused, unconditional, action);
    // A Deny under a condition may or may not match CloudWatch's requests: not a grant golive can vouch for.
    // golive's own key Denies (NoKeyAdministrationByGoliveRoles) name only administration calls, never these.
    else if (denies[0] !== undefined) add(unsure, denies[0], action);
    else {
      const allows = statements.filter((s) => s.effect === "Allow" && applies(s, action));
      const [conditioned] = allows;
      if (allows.some((s) => s.conditions.size === 0 || ownSourceOnly(s, grant))) continue;
      if (conditioned === undefined) missing.push(action);
      else add(limited, conditioned, action);
    }
  }
  return [
    ...(missing.length > 0 ? [`does not Allow ${grant.service} ${missing.join(" and ")}`] : []),
    ...[...refused].map(([label, actions]) => `Denies ${grant.service} ${actions.join(" and ")} (${label}, without a condition)`),
    ...[...limited].map(
      ([label, actions]) =>
        `Allows ${grant.service} ${actions.join(" and ")} only under a condition golive does not write (${label}: cannot tell whether it matches)`,
    ),
    ...[...unsure].map(
      ([label, actions]) =>
        `may Deny ${grant.service} ${actions.join(" and ")} (${label} has a condition golive cannot judge: cannot tell)`,
    ),
  ];
}

/** The statement's Action (or NotAction) reaches the call: IAM's wildcards, letters in any case. */
function coversAction(s: Statement, action: string): boolean {
  return s.actions.some((pattern) => globMatches(pattern, action, true)) !== s.notAction;
}

/** The statement's Principal (or NotPrincipal) reaches the service: `*`, or a Service list naming it. */
function namesService(s: Statement, service: string): boolean {
  const named = s.principals.some((p) => p === "*" || p === `Service:${service}`);
  // NotPrincipal names whom it spares: everyone else, the service included, unless named (or `*`).
  return s.notPrincipal ? !named : named;
}

const SOURCE_ACCOUNT = "StringEquals aws:sourceaccount";
const SOURCE_ARN = "ArnLike aws:sourcearn";

/**
 * True when an Allow's conditions are golive's own (fromOwnSource): `aws:SourceAccount` equal to the key's
 * account and `aws:SourceArn` like a pattern reaching all of that account's sources, nothing else. Any
 * other condition (another account, another key, a narrower ARN) may not match the service's requests.
 */
function ownSourceOnly(s: Statement, grant: PublisherGrant): boolean {
  const byKey = new Map([...s.conditions].map(([key, values]) => [key.replace(/ .*/, (k) => k.toLowerCase()), values]));
  if (![...byKey.keys()].every((key) => key === SOURCE_ACCOUNT || key === SOURCE_ARN)) return false;
  const accounts = byKey.get(SOURCE_ACCOUNT) ?? [];
  const arns = byKey.get(SOURCE_ARN) ?? [];
  if (accounts.length > 1) return false;
  if (grant.source !== undefined) {
    const { account, arn } = grant.source;
    return accounts.every((a) => a === account) && (!byKey.has(SOURCE_ARN) || arns.some((p) => globMatches(p, arn, false)));
  }
  // No account known (a plan): the ARNs must name the account SourceAccount does, and one account only.
  const named = new Set([...accounts, ...arns.map((a) => a.split(":")[4] ?? "")]);
  return named.size === 1 && ![...named].some((a) => a === "" || a.includes("*") || a.includes("?"));
}
