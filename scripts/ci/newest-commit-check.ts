import { at, field, str } from "../../lib/core/json";

// Why a job that applies checks its run's commit against the branch's newest: a re-run of a workflow run
// keeps the run's commit (GITHUB_SHA), for up to 30 days, and that commit's signed review and approvals
// stay valid; applying it would undo, reviewed as it was, whatever was merged after it. The head is read
// as GET /repos/{owner}/{repo}/git/ref/heads/{branch} (https://docs.github.com/en/rest/git/refs#get-a-reference):
// the branch by its full ref, which a tag of the same name cannot stand in for (it can for /commits/{ref}).

type Env = Readonly<Record<string, string | undefined>>;

/** What the check prints: one line of the job's log (stdout, where the runner reads `::error::`). */
export interface NewestCommitIo {
  readonly log: (line: string) => void;
}

const SHA = /^[0-9a-f]{40}$/;
const REPOSITORY = /^[\w.-]+\/[\w.-]+$/;
/** A branch name as git allows it, less what would change the request's path (`..`, `?`, `#`, spaces). */
const BRANCH = /^(?!.*\.\.)[\w.-]+(?:\/[\w.-]+)*$/;
/** A request that hangs fails the job rather than holding the environment's apply lock. */
const TIMEOUT_MS = 30_000;

class UsageError extends Error {}

interface Options {
  readonly branch: string;
  /** For the break-glass command in the refusal; `<env>` when not given. */
  readonly environment: string;
}

function parse(argv: readonly string[]): Options {
  let branch = "";
  let environment = "<env>";
  for (let i = 0; i < argv.length; i += 2) {
    const [arg, value] = [argv[i], argv[i + 1]];
    if (value === undefined || (arg !== "--branch" && arg !== "--environment"))
      throw new UsageError(`usage: ${JSON.stringify(arg)}: expected --branch NAME [--environment NAME]`);
    if (arg === "--branch") branch = value;
    else environment = value;
  }
  if (!BRANCH.test(branch)) throw new UsageError(`usage: --branch: got ${JSON.stringify(branch)}, expected a branch name (main)`);
  return { branch, environment };
}

/** The runner's variables the check needs; a missing one names the step's env to set. */
function runner(env: Env): { readonly sha: string; readonly repository: string; readonly token: string; readonly api: string } {
  const sha = env.GITHUB_SHA ?? "";
  const repository = env.GITHUB_REPOSITORY ?? "";
  const token = env.GITHUB_TOKEN ?? "";
  if (!SHA.test(sha))
    throw new UsageError(`GITHUB_SHA: got ${JSON.stringify(sha)}, expected the run's 40-character commit (set by the runner)`);
  if (!REPOSITORY.test(repository))
    throw new UsageError(`GITHUB_REPOSITORY: got ${JSON.stringify(repository)}, expected owner/name (set by the runner)`);
  if (token === "")
    throw new UsageError("GITHUB_TOKEN is empty: give the step `GITHUB_TOKEN: ${{ github.token }}` (the job needs contents: read)");
  return { sha, repository, token, api: (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "") };
}

class HeadUnknown extends Error {}

/** The newest commit of `branch`, as GitHub answers now; HeadUnknown when it gives none. */
async function branchHead(api: string, repository: string, branch: string, token: string): Promise<string> {
  const url = `${api}/repos/${repository}/git/ref/heads/${branch.split("/").map(encodeURIComponent).join("/")}`;
  let res: Response;
  try {
    res = await fetch(url, {
      headers: {
        Accept: "application/vnd.github+json",
        Authorization: `Bearer ${token}`,
        "X-GitHub-Api-Version": "2022-11-28",
        "User-Agent": "golive-newest-commit",
      },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new HeadUnknown(`no answer: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const message = str(field(body, "message"));
    throw new HeadUnknown(`HTTP ${res.status}${message === undefined ? "" : `: ${message}`}`);
  }
  const sha = at(body, "object", "sha");
  // Get a reference answers for the exact ref only; anything else is no answer about this branch.
  if (field(body, "ref") !== `refs/heads/${branch}` || typeof sha !== "string" || !SHA.test(sha))
    throw new HeadUnknown(`HTTP ${res.status}, but not the reference refs/heads/${branch} with a commit`);
  return sha;
}

/**
 * Exit 0 when the run's commit (GITHUB_SHA) is the newest of `--branch`; 1 when it is not, or when the
 * newest cannot be read (never applied on a doubt); 2 a usage error. One line either way.
 */
export async function newestCommitCheck(argv: readonly string[], env: Env, io: NewestCommitIo): Promise<number> {
  let options: Options;
  let run: ReturnType<typeof runner>;
  try {
    options = parse(argv);
    run = runner(env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.log(`::error::newest-commit: ${error.message}; nothing is applied`);
    return 2;
  }
  const { branch, environment } = options;
  let head: string;
  try {
    head = await branchHead(run.api, run.repository, branch, run.token);
  } catch (error) {
    if (!(error instanceof HeadUnknown)) throw error;
    io.log(
      `::error::the newest commit of ${branch} could not be read from GitHub (${error.message}): nothing is applied while it is unknown; re-run this job (its token needs contents: read)`,
    );
    return 1;
  }
  if (head === run.sha) {
    io.log(`${run.sha} is the newest commit of ${branch}: going on`);
    return 0;
  }
  io.log(
    `::error::this run is of ${run.sha}, but the newest commit of ${branch} is ${head}: nothing is applied from an older commit (a re-run keeps its run's commit, and applying it would undo what was merged after it). Act on ${branch} as it is: the deploy of ${head.slice(0, 12)} (deploy.yml: it follows this run, or re-run it), or start this workflow again; undo a change with a revert pull request; in an emergency, \`golive release rollback ${environment} --now\` from an operator's machine (runbooks/rollback.md)`,
  );
  return 1;
}
