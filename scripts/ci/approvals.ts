import { isRecord, str } from "../../lib/core/json";

/**
 * Who may accept a pull request's risk flags, from GitHub's own records (never from the pull request's
 * data, never from a label or a commit status, which anyone with push access can set): an APPROVED
 * review bound to the reviewed commit (`commit_id`), by a person with write, maintain or admin access
 * who is neither the pull request's author nor anyone who pushed to its branch, and whose latest
 * verdict on the pull request is still that approval (no change request or dismissal since); and none
 * when a push to the branch names no person (no actor, or an app's: a workflow's token).
 * Reviews: https://docs.github.com/en/rest/pulls/reviews#list-reviews-for-a-pull-request
 * Permission: https://docs.github.com/en/rest/collaborators/collaborators#get-repository-permissions-for-a-user
 * Pushes: https://docs.github.com/en/rest/repos/repos#list-repository-activities
 */

/** One submitted review (GET /repos/{o}/{r}/pulls/{n}/reviews), oldest first. */
export interface Review {
  /** `user.login`, lower case (GitHub logins are case-insensitive); "" for a deleted account. */
  readonly login: string;
  /** `user.type` is not "User" (an app, github-actions[bot] included). */
  readonly bot: boolean;
  /** APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED (PENDING reviews are left out). */
  readonly state: string;
  /** The commit the review was submitted on. */
  readonly commit: string;
}

/** A move of the pull request's head branch (GET /repos/{o}/{r}/activity?ref=refs/heads/<branch>). */
export interface Push {
  /** `actor.login`, lower case; "" when GitHub names none. */
  readonly actor: string;
  /** `actor.type` is not "User" or the login ends in `[bot]`: an app (a workflow's token), not a person. */
  readonly bot: boolean;
  /** The commit the branch pointed to after it. */
  readonly after: string;
}

/** What the workflows' "approvals" step records from the API, narrowed. */
export interface ApprovalData {
  readonly number: number;
  /** `user.login` of the pull request, lower case. */
  readonly author: string;
  /** `head.ref`: the branch the pull request merges from. */
  readonly branch: string;
  readonly reviews: readonly Review[];
  /** Repository permission of each approver (admin, write, read, none; maintain reads as write), by lower-case login. */
  readonly permissions: Readonly<Record<string, string>>;
  /** Every move of the head branch; undefined when not known (a fork's branch, or the log could not be read). */
  readonly pushes: readonly Push[] | undefined;
}

/** `accepted`: by whom. `refused`: why not, for the status description and the deploy's error line. */
export type Acceptance =
  | { readonly state: "accepted"; readonly by: readonly string[] }
  | { readonly state: "refused"; readonly reason: string };

/** The permissions that may accept (the API reports maintain as write). */
const MAY_ACCEPT = new Set(["admin", "write"]);
/** Review states that set a reviewer's verdict on the pull request; COMMENTED leaves it as it was. */
const VERDICTS = new Set(["APPROVED", "CHANGES_REQUESTED", "DISMISSED"]);
const COMMIT = /^[0-9a-f]{40}$/;

/** What a reviewer does to accept the flags of `commit` of pull request `number`: one sentence. */
export function howToAccept(number: number, commit: string): string {
  return `a reviewer with write access who is neither the author nor pushed to its branch reads the flags in #${number}'s golive comment and approves ${commit.slice(0, 12)} (Review changes > Approve, or \`gh pr review ${number} --approve\`, also after the merge)`;
}

const login = (user: unknown): string => (str(isRecord(user) ? user.login : undefined) ?? "").toLowerCase();
/** An app rather than a person: `type` is not "User" (Bot for github-actions[bot] and every app), or an app's login. */
const isApp = (user: unknown): boolean => (isRecord(user) ? str(user.type) : undefined) !== "User" || login(user).endsWith("[bot]");

function review(v: unknown): Review | undefined {
  if (!isRecord(v)) return undefined;
  const [state, commit] = [str(v.state), str(v.commit_id)];
  if (state === undefined || commit === undefined || state === "PENDING" || str(v.submitted_at) === undefined) return undefined;
  return { login: login(v.user), bot: isApp(v.user), state, commit };
}

function pushesOf(activity: unknown, branch: string): Push[] | undefined {
  if (!Array.isArray(activity)) return undefined;
  return activity
    .filter(isRecord)
    .filter((a) => a.ref === `refs/heads/${branch}` && a.activity_type !== "branch_deletion")
    .map((a) => ({ actor: login(a.actor), bot: isApp(a.actor), after: str(a.after) ?? "" }));
}

/**
 * The approvals step's file (`{repository, pull, reviews, activity, permissions}` as GitHub's API
 * returned them, or `{error}`), narrowed; undefined when the step could not read the API or the file is
 * not such a record.
 */
export function parseApprovals(text: string | undefined): ApprovalData | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text ?? "");
  } catch {
    return undefined;
  }
  if (!isRecord(data) || data.error !== undefined || !isRecord(data.pull) || !Array.isArray(data.reviews) || !isRecord(data.permissions))
    return undefined;
  const { pull } = data;
  const head = isRecord(pull.head) ? pull.head : {};
  const [branch, repository] = [str(head.ref), str(data.repository)];
  if (typeof pull.number !== "number" || branch === undefined || repository === undefined || login(pull.user) === "") return undefined;
  // A fork's branch moves in the fork: this repository's activity log does not show who pushed to it.
  const ownBranch = isRecord(head.repo) && head.repo.full_name === repository;
  return {
    number: pull.number,
    author: login(pull.user),
    branch,
    reviews: data.reviews.map(review).filter((r): r is Review => r !== undefined),
    permissions: Object.fromEntries(
      Object.entries(data.permissions).flatMap(([k, v]) => (typeof v === "string" ? [[k.toLowerCase(), v]] : [])),
    ),
    pushes: ownBranch ? pushesOf(data.activity, branch) : undefined,
  };
}

/** Why `who`'s approval of the commit does not accept its flags, or undefined when it does. */
function refusal(data: ApprovalData, who: Review, pushers: ReadonlySet<string>, latest: ReadonlyMap<string, string>): string | undefined {
  const name = who.login || "a deleted account";
  if (who.bot || who.login === "" || who.login.endsWith("[bot]")) return `${name}: an app, not a person`;
  if (who.login === data.author) return `${name}: the author`;
  if (pushers.has(who.login)) return `${name}: pushed to ${data.branch}`;
  const permission = data.permissions[who.login] ?? "none";
  if (!MAY_ACCEPT.has(permission)) return `${name}: ${permission} access, not write`;
  const now = latest.get(who.login);
  if (now !== "APPROVED") return `${name}: ${now === "DISMISSED" ? "approval dismissed" : "changes requested"} since`;
  return undefined;
}

/**
 * Whether the risk flags of `commit` are accepted: by every approval of that commit that counts (see
 * the top of this file). Refused, with the reason, when none does; when the approvals or the branch's
 * pushes are not known, nothing is accepted.
 */
export function riskAcceptance(data: ApprovalData | undefined, commit: string): Acceptance {
  const sha = commit.slice(0, 12);
  if (data === undefined || !COMMIT.test(commit))
    return { state: "refused", reason: "the approvals could not be read (see the run's log)" };
  if (data.pushes === undefined)
    return {
      state: "refused",
      reason: `who pushed to ${data.branch} is not known (a fork's branch, or GitHub's activity log was not readable)`,
    };
  if (!data.pushes.some((p) => p.after === commit))
    return { state: "refused", reason: `GitHub's activity log shows no push of ${sha} to ${data.branch}` };
  const pushers = new Set(data.pushes.map((p) => p.actor));
  if (pushers.has("")) return { state: "refused", reason: `a push to ${data.branch} names no one` };
  // A workflow's token (github-actions[bot]) or an app pushes for whoever started it, and the log does not
  // say who: that person could approve, so what it brought (and every later head, built on it) is accepted
  // by no approval. A person pushing the same commit to a branch of their own vouches for it instead.
  const app = data.pushes.find((p) => p.bot);
  if (app !== undefined)
    return {
      state: "refused",
      reason: `${app.actor} pushed ${app.after.slice(0, 12)} to ${data.branch}: an app's push names no person, so no approval accepts what it brought`,
    };
  const latest = new Map<string, string>();
  for (const r of data.reviews) if (VERDICTS.has(r.state)) latest.set(r.login, r.state);
  const approvals = data.reviews.filter((r) => r.state === "APPROVED" && r.commit === commit);
  const seen = new Map<string, string | undefined>();
  for (const a of approvals) if (!seen.has(a.login)) seen.set(a.login, refusal(data, a, pushers, latest));
  const by = [...seen].filter(([, why]) => why === undefined).map(([who]) => who);
  if (by.length > 0) return { state: "accepted", by };
  if (seen.size > 0) return { state: "refused", reason: [...seen.values()].join("; ") };
  const elsewhere = data.reviews.some((r) => r.state === "APPROVED" && r.commit !== commit);
  return { state: "refused", reason: `no approval of ${sha}${elsewhere ? " (approvals of other commits do not carry over)" : ""}` };
}
