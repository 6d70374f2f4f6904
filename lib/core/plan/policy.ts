/**
 * What a policy change grants that it did not before, for the risk rules of every concern that owns a
 * policy (trusts, identity policies, key, secret, bucket and topic policies). A widening is anything
 * that lets a request through that was refused before: a new principal, account, OIDC subject or
 * wildcard; a condition an Allow no longer requires; a Deny removed or limited by a new condition.
 */
import type { ChangeKind } from "./changes";
import { conditionWidenings, matchOperator } from "./condition-widenings";
import { reachLost } from "./reach-losses";
import { counterparts, covers, readStatements, type Statement, statementLabel } from "./policy-statements";
import { everyResourcePattern, sensitiveAction } from "./sensitive-actions";
import { UNKNOWN } from "./values";

export { conditionWidenings } from "./condition-widenings";

/** What one policy document allows, as sets of readable strings. */
export interface PolicyGrants {
  /** `AWS:arn:aws:iam::111111111111:root`, `Service:ecs-tasks.amazonaws.com`, `*`. */
  readonly principals: ReadonlySet<string>;
  /** Values of any `...:sub` condition (GitHub OIDC: `repo:org/repo:environment:production`). */
  readonly subjects: ReadonlySet<string>;
  /** Actions allowed; `*` and `service:*` are the ones to watch. */
  readonly actions: ReadonlySet<string>;
  /** AWS account ids named by an allowed principal. */
  readonly accounts: ReadonlySet<string>;
}

function grantsOf(statements: readonly Statement[]): PolicyGrants {
  const principals = new Set<string>();
  const subjects = new Set<string>();
  const actions = new Set<string>();
  const accounts = new Set<string>();
  for (const st of statements) {
    if (st.effect !== "Allow") continue;
    if (!st.notAction) for (const a of st.actions) actions.add(a);
    if (st.notPrincipal) continue;
    for (const p of st.principals) {
      principals.add(p);
      const account = /^[A-Za-z]+:(?:arn:aws[\w-]*:iam::)?(\d{12})(?::|$)/.exec(p)?.[1];
      if (account) accounts.add(account);
    }
    for (const [opKey, values] of st.conditions) if (opKey.toLowerCase().endsWith(":sub")) for (const s of values) subjects.add(s);
  }
  return { principals, subjects, actions, accounts };
}

/** The grants of a policy document; undefined when it is not a readable document (unknown, sensitive, not JSON). */
export function policyGrants(value: unknown): PolicyGrants | undefined {
  const statements = readStatements(value);
  return statements ? grantsOf(statements) : undefined;
}

/** Members of `after` that `before` lacks; `caseless` for action names, which IAM reads ignoring case. */
export function added(before: ReadonlySet<string>, after: ReadonlySet<string>, caseless = false): string[] {
  const fold = (x: string) => (caseless ? x.toLowerCase() : x);
  const had = new Set([...before].map(fold));
  return [...after].filter((x) => !had.has(fold(x))).sort();
}

/** How policyWidenings reads a document. */
export interface WideningOptions {
  /**
   * An identity policy (a role's or user's own): `Resource: "*"` there means every resource in the
   * account. In a resource policy (key, secret, bucket, topic) `*` means the resource itself.
   */
  readonly identityPolicy?: boolean;
  /**
   * A resource policy this change creates (bucket, topic, queue policy): read against nothing, as the
   * resource it opens may exist already. Only what it grants to anyone (`*` with no condition
   * narrowing who: NARROWS_WHO), to an account or as a wildcard action is flagged; a named service
   * or role is read in the review.
   */
  readonly created?: boolean;
  /**
   * The provider computes this policy when the configuration sets none (a secret's, topic's, bucket's,
   * queue's or key's own `policy`): known only after apply, it is judged with the plan's configuration
   * (platform/risks.ts, computedPolicyCheck), not here.
   */
  readonly computed?: boolean;
}

const GITHUB_OIDC = "token.actions.githubusercontent.com";
/** What a GitHub OIDC trust without each condition key lets in (docs.github.com: configuring OIDC in AWS). */
const GITHUB_KEYS: readonly [string, string][] = [
  [`${GITHUB_OIDC}:sub`, "a workflow in any repository can assume it"],
  [`${GITHUB_OIDC}:aud`, "a token minted for any audience is accepted"],
];

/** True when a statement has a condition on `key` (any operator; IAM compares keys ignoring case). */
function hasKey(st: Statement, key: string): boolean {
  for (const opKey of st.conditions.keys()) if (opKey.toLowerCase().endsWith(` ${key}`)) return true;
  return false;
}

/** Condition keys that narrow who a `*` principal is: a source, an account, an organization, a network. */
const NARROWS_WHO = /^aws:(?:Source(?:Arn|Account|Owner|OrgID|OrgPaths|Vpc|Vpce|Ip)|Principal(?:Arn|Account|OrgID|OrgPaths)|userid)$/i;

/** True when an Allow lets any principal (`*`) in with no condition (a matching, not a Not, operator) narrowing who. */
function openToAnyone(st: Statement): boolean {
  if (st.effect !== "Allow" || st.notPrincipal || !st.principals.includes("*")) return false;
  return ![...st.conditions.keys()].some(
    (opKey) => matchOperator(opKey)?.negated === false && NARROWS_WHO.test(opKey.slice(opKey.indexOf(" ") + 1)),
  );
}

/** The fewest widenings among the candidate pairings of a statement (none when one of them is no wider). */
function leastOf(candidates: readonly string[][]): string[] {
  return candidates.reduce<string[] | undefined>((best, c) => (best === undefined || c.length < best.length ? c : best), undefined) ?? [];
}

/** Pairs of previous versions weighed against each other at most, per statement. */
const MAX_WEIGHED = 4096;

/**
 * What a statement lost against each of its previous versions that stands: a loss against one counts
 * unless another previous version that reaches at least as far as that one (covers it) lost nothing,
 * since it let the same requests through already. An unrelated narrower statement (an unconditioned
 * `sts:TagSession` beside a GitHub trust's `AssumeRoleWithWebIdentity`) covers nothing that lost, so it
 * cancels nothing. Past MAX_WEIGHED pairs, every loss stands (flagged, never hidden).
 */
function standing<T>(pairs: readonly { readonly was: Statement; readonly lost: readonly T[] }[]): T[] {
  const free = pairs.filter((p) => p.lost.length === 0).map((p) => p.was);
  const lost = pairs.filter((p) => p.lost.length > 0);
  const weigh = free.length * lost.length <= MAX_WEIGHED;
  return lost.filter((p) => !weigh || !free.some((f) => covers(f, p.was))).flatMap((p) => p.lost);
}

/** GitHub OIDC condition keys an Allow of `now` lacks that its previous versions required (all of them when it is new). */
function githubKeysLost(now: Statement, was: readonly Statement[]): string[] {
  if (!now.principals.some((p) => p.includes(GITHUB_OIDC))) return [];
  const required = (key: string) => standing(was.map((w) => ({ was: w, lost: hasKey(w, key) ? [key] : [] }))).length > 0;
  return GITHUB_KEYS.map(([key]) => key).filter((key) => !hasKey(now, key) && (was.length === 0 || required(key)));
}

function allowWidenings(now: Statement, before: readonly Statement[], identityPolicy: boolean): string[] {
  const out: string[] = [];
  const label = statementLabel(now);
  const was = counterparts(now, before, "covers");
  const lostKeys = githubKeysLost(now, was);
  for (const key of lostKeys) out.push(`${label}: no ${key} condition: ${GITHUB_KEYS.find(([k]) => k === key)?.[1] ?? ""}`);
  // Not* lists reach almost everything: flagged unless a statement before reached as far.
  const reachedBefore = (st: Statement) => before.some((b) => covers(b, st));
  if (!reachedBefore(now)) {
    if (now.notAction) out.push(`${label} allows every action except ${now.actions.join(", ")}`);
    if (now.notResource) out.push(`${label} allows every resource except ${now.resources.join(", ")}`);
    if (now.notPrincipal) out.push(`${label} allows every principal except ${now.principals.join(", ")}`);
  }
  if (identityPolicy && !now.notAction && !now.notResource)
    for (const resource of now.resources.filter(everyResourcePattern))
      for (const action of now.actions.filter(sensitiveAction))
        if (!reachedBefore({ ...now, actions: [action], resources: [resource] }))
          out.push(`${label}: ${action} now on every resource (${resource})`);
  const skip = new Set(lostKeys);
  for (const d of standing(was.map((w) => ({ was: w, lost: conditionWidenings(w, now, skip) })))) out.push(d);
  return out;
}

/**
 * How a Deny of `before` lets more through after the change: nothing when a statement after reaches at
 * least as far and needs no condition more; else paired with the statement it became: the one of its
 * Sid (narrowed when that one no longer reaches as far), never a look-alike of another Sid on a tie;
 * without one, a changed statement covering it; else removed (nothing after covers it but statements
 * that were there already, alongside it).
 */
function denyWidenings(was: Statement, after: readonly Statement[], unchanged: ReadonlySet<string>): string[] {
  const none = new Set<string>();
  if (after.some((a) => a.effect === was.effect && covers(a, was) && conditionWidenings(was, a, none).length === 0)) return [];
  const paired = counterparts(was, after, "covered");
  // The statement of its Sid is what it became; another covering it is a new or another statement.
  const own = paired.filter((a) => was.sid !== undefined && a.sid === was.sid);
  const when = [...was.conditions].map(([opKey, values]) => `${opKey} ${values.join("|")}`).join(", ");
  const named = `${statementLabel(was)}${when ? ` (when ${when})` : ""}`;
  // Every way its own Sid's statement loosened it: a dropped action beside a benign condition rewrite is still said.
  if (own.length > 0) return leastOf(own.map((now) => [...narrowed(named, was, now), ...conditionWidenings(was, now, none)]));
  // A statement of another Sid covering it is a new or another one: the one removed is named first, so the
  // flag differs from that statement's being added (its own condition alone would read as a new Deny's).
  const another = (now: Statement) => (f: string) => (now.sid === was.sid ? f : `${named} removed; covering it, ${f}`);
  const least = leastOf(paired.filter((a) => !unchanged.has(a.text)).map((now) => conditionWidenings(was, now, none).map(another(now))));
  return least.length > 0 ? least : [`${named} removed`];
}

/** A Deny's statement of the same Sid reaching less than it did, what it leaves out named (reachLost). */
function narrowed(named: string, was: Statement, now: Statement): string[] {
  if (covers(now, was)) return [];
  const lost = reachLost(was, now);
  return [`${named} narrowed: it no longer denies all it did${lost.length > 0 ? ` (left out: ${lost.join("; ")})` : ""}`];
}

/**
 * What a change to a resource's own policy grants (a bucket, topic or queue policy): read against the
 * policy before, or, for one this change creates, against nothing (WideningOptions.created); `computed`
 * for an inline policy the provider computes when unset (WideningOptions.computed).
 */
export function resourcePolicyWidenings(kind: ChangeKind, before: unknown, after: unknown, what: string, computed = false): string[] {
  return kind === "create"
    ? policyWidenings(undefined, after, what, { created: true, computed })
    : policyWidenings(before, after, what, { computed });
}

/** Statement pairs compared at most: a 20 KB policy holds a few hundred statements. */
const MAX_PAIRS = 250_000;

/** Why a policy known only after apply is flagged: nothing in the plan says what it grants. */
export const UNREVIEWABLE =
  "known only after apply (it names a value decided at apply: a replaced resource's ARN or id, another resource's output), so what it grants cannot be reviewed from the plan; review it by hand";

/** What a policy change grants that it did not before: new principals, accounts, OIDC subjects, wildcards and lifted conditions. */
export function policyWidenings(before: unknown, after: unknown, what: string, options: WideningOptions = {}): string[] {
  const now = readStatements(after);
  // A policy known only after apply hides whatever it grants, from the plan and the configuration diff
  // alike: said, as a policy data source read during apply is (reads.ts). A new one too: a created role
  // whose trust names a new OIDC provider would otherwise pass unread.
  if (!now) return after === UNKNOWN && options.computed !== true ? [`${what}: ${UNREVIEWABLE}`] : [];
  const was = readStatements(before) ?? [];
  const [b, a] = [grantsOf(was), grantsOf(now)];
  const out: string[] = [];
  // A created policy's named principals are all "new": read in the review, flagged only when it opens to anyone.
  const created = options.created === true;
  for (const p of added(b.principals, a.principals)) {
    if (p === "*") {
      if (!created || now.some(openToAnyone)) out.push("now allows any principal (*)");
    } else if (!created) out.push(`new principal ${p}`);
  }
  for (const acct of added(b.accounts, a.accounts)) out.push(`new AWS account ${acct} in a trust or grant`);
  for (const s of added(b.subjects, a.subjects)) {
    const wide = s.includes("*")
      ? " (wildcard)"
      : /:pull_request$|:ref:refs\/heads\//.test(s)
        ? " (a branch or pull request, not a protected environment)"
        : "";
    out.push(`new OIDC subject ${s}${wide}`);
  }
  // `IAM:*` where `iam:*` was allows nothing new.
  for (const act of added(b.actions, a.actions, true)) if (act === "*" || act.endsWith(":*")) out.push(`now allows ${act}`);
  // Statements are paired with each other: far beyond what IAM accepts (a few hundred), stop and say so.
  if (was.length * now.length > MAX_PAIRS)
    return [...out, `${now.length} statements, too many to compare one by one: read the whole policy`].map((d) => `${what}: ${d}`);
  // A statement that was there as it is adds nothing; the others are read against what they replace.
  const unchanged = new Set(was.map((s) => s.text));
  for (const st of now)
    if (st.effect === "Allow" && !unchanged.has(st.text))
      for (const d of allowWidenings(st, was, options.identityPolicy === true)) out.push(d);
  const kept = new Set(now.map((s) => s.text));
  for (const st of was) if (st.effect === "Deny" && !kept.has(st.text)) for (const d of denyWidenings(st, now, unchanged)) out.push(d);
  return [...new Set(out)].map((detail) => `${what}: ${detail}`);
}
