import { isRecord, str } from "../../lib/core/json";

/**
 * Who added the label golive:risks-accepted, and when, as pr-review.yml's "find the pull request" step
 * records it from GitHub's API (review/acceptance.json): never from the pr run's data.
 */
export interface AcceptanceRecord {
  /** The pull request's author (`pull.user.login`). */
  readonly author: string;
  /** The commit reviewed (the pr run's `head_sha`). */
  readonly head: string;
  /** The label's `labeled`/`unlabeled` events (issue timeline API: `actor.login`, `created_at`). */
  readonly labelEvents: readonly LabelEvent[];
  /** The pr workflow's runs of this pull request's head branch: which head each ran on, created when. */
  readonly runs: readonly RunRecord[];
  /** Repository permission of each person who added the label (collaborators API: admin, write, read, none). */
  readonly permissions: Readonly<Record<string, string>>;
}

export interface LabelEvent {
  readonly event: "labeled" | "unlabeled";
  readonly actor: string;
  readonly at: string;
}

export interface RunRecord {
  readonly sha: string;
  readonly at: string;
}

/**
 * `accepted`: the label stands for the head reviewed. `refused`: the record shows it does not (added by
 * the author, by an app or someone without write access, or before the head was pushed): the review
 * removes it. `unknown`: the record is missing or incomplete: not accepted, the label is left.
 */
export type Acceptance =
  | { readonly state: "accepted"; readonly by: string }
  | { readonly state: "refused" | "unknown"; readonly reason: string };

/** The permissions that may accept (the API maps maintain to write). */
const MAY_ACCEPT = new Set(["admin", "write"]);

function labelEvent(v: unknown): LabelEvent | undefined {
  if (!isRecord(v)) return undefined;
  const [event, actor, at] = [str(v.event), str(v.actor), str(v.at)];
  return (event === "labeled" || event === "unlabeled") && actor !== undefined && at !== undefined ? { event, actor, at } : undefined;
}

function runRecord(v: unknown): RunRecord | undefined {
  if (!isRecord(v)) return undefined;
  const [sha, at] = [str(v.sha), str(v.at)];
  return sha !== undefined && at !== undefined ? { sha, at } : undefined;
}

/** review/acceptance.json, narrowed; undefined when absent or not a record of that shape. */
export function parseAcceptance(text: string | undefined): AcceptanceRecord | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text ?? "");
  } catch {
    return undefined;
  }
  if (!isRecord(data) || !Array.isArray(data.labelEvents) || !Array.isArray(data.runs) || !isRecord(data.permissions)) return undefined;
  const [author, head] = [str(data.author), str(data.head)];
  if (author === undefined || head === undefined) return undefined;
  const permissions = Object.fromEntries(Object.entries(data.permissions).filter((e): e is [string, string] => typeof e[1] === "string"));
  return {
    author,
    head,
    labelEvents: data.labelEvents.map(labelEvent).filter((e): e is LabelEvent => e !== undefined),
    runs: data.runs.map(runRecord).filter((r): r is RunRecord => r !== undefined),
    permissions,
  };
}

/**
 * When `head` became the pull request's head, as GitHub's own clock has it: the first pr run of `head`
 * after the last run of any other commit (a push starts a run within seconds; a commit's own dates are
 * the author's to write). NaN when no run of `head` follows.
 */
function headPushedAt(runs: readonly RunRecord[], head: string): number {
  const others = runs.filter((r) => r.sha !== head).map((r) => Date.parse(r.at));
  const since = others.length > 0 ? Math.max(...others) : Number.NEGATIVE_INFINITY;
  const ours = runs
    .filter((r) => r.sha === head)
    .map((r) => Date.parse(r.at))
    .filter((t) => t > since);
  return ours.length > 0 ? Math.min(...ours) : Number.NaN;
}

/**
 * Whether golive:risks-accepted (present on the pull request) accepts the flags of `commit`: the last
 * time it was added, it was added by a person with write access who is not the pull request's author,
 * after `commit` was pushed. A label from before the push accepted other flags, so a new head needs a
 * new acceptance.
 */
export function riskAcceptance(record: AcceptanceRecord | undefined, commit: string): Acceptance {
  if (record === undefined || record.head !== commit)
    return { state: "unknown", reason: "who added it, and when, is not on record (see the review run)" };
  const added = record.labelEvents
    .map((e, i) => ({ ...e, i, t: Date.parse(e.at) }))
    .filter((e) => e.event === "labeled")
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .at(-1);
  if (added === undefined) return { state: "unknown", reason: "no labeled event in the pull request's timeline" };
  const by = added.actor;
  if (by === record.author) return { state: "refused", reason: `added by the pull request's author ${by}` };
  if (by.endsWith("[bot]")) return { state: "refused", reason: `added by the app ${by}, not a person` };
  const permission = record.permissions[by] ?? "none";
  if (!MAY_ACCEPT.has(permission)) return { state: "refused", reason: `added by ${by}, who has ${permission} access, not write` };
  const pushed = headPushedAt(record.runs, commit);
  if (Number.isNaN(pushed)) return { state: "unknown", reason: `added by ${by}; no pr run says when this head was pushed` };
  // NaN (an unreadable time) compares false: not accepted.
  if (!(added.t > pushed)) return { state: "refused", reason: `added by ${by} before this head was pushed` };
  return { state: "accepted", by };
}
