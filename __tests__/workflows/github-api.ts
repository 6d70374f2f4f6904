import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/cli";
import { isRecord, runGithubScript, stepNamed } from "./support";

// GitHub's REST payloads as the workflows' github-script steps receive them (shapes from the API's
// reference: https://docs.github.com/en/rest/pulls/reviews, /rest/repos/repos#list-repository-activities,
// /rest/collaborators/collaborators#get-repository-permissions-for-a-user), and stand-ins for the API.

export const REPOSITORY = "example-org/opsbot";
export const BRANCH = "feature";
const [OWNER = "", NAME = ""] = REPOSITORY.split("/");

const idOf = (login: string) => [...login].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 99_999_989, 7);

/** A `simple-user` (reviews' `user`, activities' `actor`, pull requests' `user`). */
export function user(login: string) {
  const id = idOf(login);
  return {
    login,
    id,
    node_id: `U_kgDO${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    url: `https://api.github.com/users/${login}`,
    html_url: `https://github.com/${login}`,
    type: login.endsWith("[bot]") ? "Bot" : "User",
    site_admin: false,
  };
}

/** An item of GET /repos/{o}/{r}/pulls/{n}/reviews (chronological). */
export function review(id: number, login: string, state: string, commit: string, at: string) {
  return {
    id,
    node_id: `PRR_kwDOA${id}`,
    user: user(login),
    body: state === "APPROVED" ? "LGTM, flags read" : "",
    state,
    html_url: `https://github.com/${REPOSITORY}/pull/7#pullrequestreview-${id}`,
    pull_request_url: `https://api.github.com/repos/${REPOSITORY}/pulls/7`,
    author_association: "COLLABORATOR",
    _links: { html: { href: `https://github.com/${REPOSITORY}/pull/7#pullrequestreview-${id}` } },
    ...(state === "PENDING" ? {} : { submitted_at: at }),
    commit_id: commit,
  };
}

/** An item of GET /repos/{o}/{r}/activity (newest first, as GitHub lists them). */
export function activity(id: number, login: string, type: string, before: string, after: string, at: string, ref = `refs/heads/${BRANCH}`) {
  return { id, node_id: `RA_kwDOA${id}`, before, after, ref, timestamp: at, activity_type: type, actor: user(login) };
}

/** GET /repos/{o}/{r}/pulls/{n}: pull request #7 of alice, from `feature` of this repository (or a fork). */
export function pull(
  head: string,
  options: { readonly fork?: boolean; readonly merged?: string; readonly labels?: readonly string[] } = {},
) {
  const repo = options.fork ? "alice/opsbot" : REPOSITORY;
  return {
    url: `https://api.github.com/repos/${REPOSITORY}/pulls/7`,
    id: 1_829_374_650,
    number: 7,
    state: options.merged ? "closed" : "open",
    title: "Widen the deploy role",
    user: user("alice"),
    labels: (options.labels ?? []).map((name, i) => ({ id: i + 1, name, color: "d93f0b" })),
    merged_at: options.merged ? "2031-01-02T10:00:00Z" : null,
    merge_commit_sha: options.merged ?? null,
    head: {
      label: `${repo.split("/")[0]}:${BRANCH}`,
      ref: BRANCH,
      sha: head,
      user: user(repo.split("/")[0] ?? ""),
      repo: { full_name: repo },
    },
    base: { label: `${OWNER}:main`, ref: "main", sha: "c".repeat(40), repo: { full_name: REPOSITORY } },
  };
}

/** What the approvals step reads from the API. */
export interface ApprovalsScene {
  readonly pull: ReturnType<typeof pull>;
  readonly reviews: readonly unknown[];
  readonly activity: readonly ReturnType<typeof activity>[];
  /** Repository permission by login; anyone else is no collaborator (404). */
  readonly permissions: Readonly<Record<string, string>>;
  /** The call that fails (as a token without the permission would). */
  readonly failing?: "reviews" | "activity";
}

/** Stand-ins for the calls the approvals step makes, answering as GitHub does (activity filtered by `ref`). */
export function approvalsApi(scene: ApprovalsScene) {
  const asked: string[] = [];
  const github = {
    paginate: async (method: string, params: Record<string, unknown>) => {
      asked.push(method);
      if (method === scene.failing) throw new Error("Resource not accessible by integration");
      if (method === "reviews") return scene.reviews;
      if (method === "GET /repos/{owner}/{repo}/activity") {
        if (scene.failing === "activity") throw new Error("Resource not accessible by integration");
        const ref = String(params.ref);
        return scene.activity.filter((a) => a.ref === ref || a.ref === `refs/heads/${ref}`);
      }
      throw new Error(`unexpected call ${method}`);
    },
    rest: {
      pulls: { get: async () => ({ data: scene.pull }), listReviews: "reviews" },
      repos: {
        getCollaboratorPermissionLevel: async (a: { username: string }) => {
          asked.push(`permission ${a.username}`);
          const permission = scene.permissions[a.username];
          if (permission === undefined) throw Object.assign(new Error("Not Found"), { status: 404 });
          return { data: { permission, role_name: permission, user: user(a.username) } };
        },
      },
    },
  };
  return { github, asked };
}

/** The script of the approvals step of `file` (the first one: pr-review.yml's review job). */
export function approvalsScript(file: string): string {
  const step = stepNamed(file, "approvals of the pull request");
  return isRecord(step.with) ? String(step.with.script) : "";
}

/** Runs `file`'s approvals step on `scene`: the file it writes (undefined: none), its warnings, the calls it made. */
export async function runApprovalsStep(file: string, scene: ApprovalsScene) {
  const out = join(tempDir("golive-approvals-"), "review", "approvals.json");
  const warnings: string[] = [];
  const { github, asked } = approvalsApi(scene);
  await runGithubScript(approvalsScript(file), {
    github,
    context: { repo: { owner: OWNER, repo: NAME } },
    core: { warning: (m: string) => void warnings.push(m) },
    env: { PR_NUMBER: "7", APPROVALS_FILE: out },
  });
  return { text: existsSync(out) ? readFileSync(out, "utf8") : undefined, warnings, asked };
}

/** What a workflow step posted through the stand-in of postingApi: comments (new or updated), labels, commit statuses, the ids of comments deleted. */
export interface Posted {
  comments: string[];
  deleted: number[];
  added: string[];
  removed: string[];
  statuses: { sha: string; state: string; context: string; description: string }[];
}

/** The context of a pr-review.yml step for a run whose head repository is `head` (this one's; a fork's: another). */
export const reviewRunContext = (owner: string, repo: string, head = `${owner}/${repo}`) => ({
  repo: { owner, repo },
  payload: { workflow_run: { head_repository: { full_name: head } } },
});

/** The issues and statuses endpoints the review steps post through, recording every call in `posted`; `comments` are the pull request's. */
export function postingApi(comments: readonly unknown[] = []) {
  const posted: Posted = { comments: [], deleted: [], added: [], removed: [], statuses: [] };
  const github = {
    paginate: async () => comments,
    rest: {
      issues: {
        listComments: "listComments",
        createComment: async (a: { body: string }) => void posted.comments.push(a.body),
        updateComment: async (a: { body: string }) => void posted.comments.push(a.body),
        deleteComment: async (a: { comment_id: number }) => void posted.deleted.push(a.comment_id),
        addLabels: async (a: { labels: string[] }) => void posted.added.push(...a.labels),
        removeLabel: async (a: { name: string }) => void posted.removed.push(a.name),
      },
      repos: { createCommitStatus: async (s: Posted["statuses"][number]) => void posted.statuses.push(s) },
    },
  };
  return { github, posted };
}
