import { CODEOWNERS_LOCATIONS, type Codeowners, type CodeownersLine, MatchLimitReached, parseCodeowners } from "../../../core/codeowners";
import { type Finding, notApplicable, outcome, type RepoFile, type RepoListing, type Rule } from "../../../platform/readiness";
import { ciDeploy } from "../ci-deployed";

/**
 * What deploy-environment.yml runs, or what decides what it does, with the deploy role's keys and the
 * production Cloudflare token in its environment: a pull request that changes one of them needs an
 * owner's approval only when CODEOWNERS owns it (docs/ci.md, "Settings the review relies on").
 */
export const DEPLOY_CRITICAL_PATHS: readonly { readonly path: string; readonly why: string }[] = [
  { path: ".npmrc", why: "npm's node-options reach every npx golive process" },
  { path: "stacks/index.ts", why: "the cdktf app the deploy synthesizes" },
  { path: "main.ts", why: "the cdktf app's entry point" },
  { path: "cdktf.json", why: "the command cdktf runs as the app" },
  { path: "package.json", why: "what npm ci installs" },
  { path: "package-lock.json", why: "what npm ci installs" },
  { path: "bin/golive.js", why: "every golive command the workflows run" },
  { path: "lib/cli/main.ts", why: "golive's own code" },
  { path: "scripts/secret-scan.sh", why: "the secret gate" },
  { path: "scripts/write-blobs.js", why: "the secret gate's history scan" },
  { path: ".secretlintrc.js", why: "the secret gate's rules" },
  { path: ".secretlintignore", why: "what the secret gate skips" },
  { path: ".github/workflows/deploy-environment.yml", why: "the deploy job itself" },
  { path: ".github/CODEOWNERS", why: "who must approve: it takes precedence over the other locations" },
  { path: ".golive/risk-rules.json", why: "your risk rules: the default branch's copy gates every later review and deploy" },
];

/**
 * Folders whose every file the deploy runs or reads to decide what it does: each file found in them
 * (RuleContext.repoFiles) must have an owner too, so a line owning nothing for a folder below one
 * (`/lib/features/` after `*`) is found, whichever file the pull request changes.
 */
export const DEPLOY_CRITICAL_FOLDERS: readonly { readonly path: string; readonly why: string }[] = [
  { path: "lib/", why: "golive's own code" },
  { path: "bin/", why: "the golive command" },
  { path: "stacks/", why: "the cdktf app the deploy synthesizes" },
  { path: "config/", why: "the environments the deploy applies, and their readiness exemptions" },
  { path: "scripts/", why: "the secret gate and the scripts the workflows run" },
  { path: ".github/", why: "the workflows, which hold the deploy credentials" },
  { path: ".golive/", why: "your risk rules" },
];

/**
 * The most matching steps one environment's judgement takes (about 3 s on a CI runner). Work grows with
 * CODEOWNERS lines × files judged: a few hundred lines over golive's ~600 files take a few million
 * steps, while a 3 MB file of 100,000 lines takes about 1.5 million per file, hours over a large
 * checkout. Past the bound the rule stops and says so instead of holding the check up.
 */
export const MAX_MATCH_STEPS = 50_000_000;

/** How many unowned files a folder's finding names; the count covers the rest. */
export const MAX_NAMED_FILES = 5;

const FIRST_LINE = "* @<org>/<owners>";

function quoted(line: CodeownersLine): string {
  return `line ${line.line} "${line.text}"`;
}

/** Why `path` has no owner: the line that decides it, and any line GitHub skips that was meant to own it. */
function unownedBecause(deciding: CodeownersLine | undefined, skipped: readonly CodeownersLine[]): string {
  const decided = deciding === undefined ? "no line matches it" : `the last line matching it, ${quoted(deciding)}, names no owner`;
  const later = skipped.filter((l) => deciding === undefined || l.line > deciding.line).pop();
  return later === undefined ? decided : `${decided}; ${quoted(later)} matches it, but GitHub skips that line: ${later.skipped}`;
}

interface Unowned {
  readonly path: string;
  readonly because: string;
}

/** Why `path` has no owner in `codeowners`, or undefined when the line deciding it names owners. */
function whyUnowned(codeowners: Codeowners, path: string): string | undefined {
  const deciding = codeowners.decidingLine(path);
  if (deciding !== undefined && deciding.owners.length > 0) return undefined;
  return unownedBecause(deciding, codeowners.skippedMatches(path));
}

/**
 * At most MAX_NAMED_FILES of `unowned`: first one per distinct reason (so each line that unowns files is
 * named), then the others in listing order.
 */
function named(unowned: readonly Unowned[]): Unowned[] {
  const byReason = new Map<string, Unowned>();
  for (const u of unowned) if (!byReason.has(u.because)) byReason.set(u.because, u);
  const first = new Set(byReason.values());
  return [...first, ...unowned.filter((u) => !first.has(u))].slice(0, MAX_NAMED_FILES);
}

/**
 * One finding per deploy-critical folder holding a file without owner (the paths DEPLOY_CRITICAL_PATHS
 * names are judged on their own), naming a few and counting them all; and one when the listing is not
 * the whole repository, since a file past it was not judged.
 */
function unownedFolderFindings(codeowners: Codeowners, file: RepoFile, listing: RepoListing, judged: ReadonlySet<string>): Finding[] {
  const location = { kind: "repo" as const, file: file.path };
  const findings = DEPLOY_CRITICAL_FOLDERS.flatMap(({ path: folder, why }) => {
    const files = listing.paths.filter((p) => p.startsWith(folder) && !judged.has(p));
    const unowned = files.flatMap((path): Unowned[] => {
      const because = whyUnowned(codeowners, path);
      return because === undefined ? [] : [{ path, because }];
    });
    if (unowned.length === 0) return [];
    const shown = named(unowned);
    const more = unowned.length > shown.length ? `; and ${unowned.length - shown.length} more` : "";
    return [
      {
        message: `${folder} (${why}): ${unowned.length} of its ${files.length} file(s) have no code owner in ${file.path}: ${shown.map((u) => `${u.path}: ${u.because}`).join("; ")}${more}`,
        location,
      },
    ];
  });
  if (listing.incomplete === undefined) return findings;
  const folders = DEPLOY_CRITICAL_FOLDERS.map((f) => f.path).join(", ");
  return [
    ...findings,
    {
      message: `the repository's files were not all listed (${listing.incomplete}), so a file of ${folders} past them was not checked against ${file.path}`,
      location,
    },
  ];
}

/** GL-SEC-009's findings for one CODEOWNERS file; `limit` bounds the matching work (tests pass a small one). */
export function unownedFindings(file: RepoFile, listing: RepoListing | undefined, limit = MAX_MATCH_STEPS): Finding[] {
  try {
    return unownedWithin(parseCodeowners(file.text, { steps: 0, limit }), file, listing);
  } catch (err) {
    if (!(err instanceof MatchLimitReached)) throw err;
    const lines = file.text.split("\n").length;
    const files = listing === undefined ? DEPLOY_CRITICAL_PATHS.length : listing.paths.length;
    return [
      {
        message: `${file.path} (${lines} lines) against the repository's ${files} file(s) took more than golive's bound of ${err.limit} matching steps, so which paths it owns was not judged; shorten it (a few broad lines, such as "${FIRST_LINE}", own as much)`,
        location: { kind: "repo", file: file.path },
      },
    ];
  }
}

function unownedWithin(codeowners: Codeowners, file: RepoFile, listing: RepoListing | undefined): Finding[] {
  const paths = DEPLOY_CRITICAL_PATHS.some((p) => p.path === file.path)
    ? DEPLOY_CRITICAL_PATHS
    : [...DEPLOY_CRITICAL_PATHS, { path: file.path, why: "the CODEOWNERS file GitHub reads" }];
  // A line golive does not read owns nothing here, so the paths it may own can show as unowned; and a
  // line that may unown them is not seen either: each is a finding of its own, whatever the paths.
  const unread = codeowners.lines.flatMap((l) =>
    l.unread === undefined
      ? []
      : [
          {
            message: `line ${l.line} of ${file.path} is not read (${l.unread}), so golive cannot tell which paths it owns and counts it as owning none; shorten its pattern`,
            location: { kind: "repo" as const, file: file.path },
          },
        ],
  );
  const unowned = paths.flatMap(({ path, why }) => {
    const because = whyUnowned(codeowners, path);
    if (because === undefined) return [];
    return [
      { message: `${path} (${why}) has no code owner in ${file.path}: ${because}`, location: { kind: "repo" as const, file: file.path } },
    ];
  });
  const folders = listing === undefined ? [] : unownedFolderFindings(codeowners, file, listing, new Set(paths.map((p) => p.path)));
  return [...unread, ...unowned, ...folders];
}

/**
 * A repository file read once per run (the repository check reads, --repo-dir: lib/engines/check/load.ts), but an
 * environment rule: whether it applies depends on each environment's config (secrets.github), so one
 * environment's n/a must not stand for another's.
 */
export const codeownersOwnEverything: Rule = {
  id: "GL-SEC-009",
  title: "CODEOWNERS owns every path the deploy runs, so a pull request changing one needs an owner's approval",
  severity: "warning",
  row: "secrets",
  explanation:
    "The deploy job runs the repository's code (golive, the cdktf app in stacks/, main.ts and cdktf.json, .npmrc's node-options, scripts/) with the deploy role's keys and the production Cloudflare token in its environment, and the default branch's .golive/ risk rules decide every later review's flags. \"Require review from Code Owners\" asks an owner only for the paths CODEOWNERS owns: a pull request touching nothing but an unowned path (a one-line .npmrc, stacks/index.ts) merges with anyone's approval, and its code runs with those credentials at the next deploy.",
  fix: `Put "${FIRST_LINE}" first in .github/CODEOWNERS (a team with write access), then, if you like, /config/ for the teams that change environments; no later line may leave these paths without owners (docs/ci.md#settings-the-review-relies-on).`,
  check({ config, codeowners, repoFiles }) {
    const ci = ciDeploy(config);
    if (!ci.deployed) return notApplicable(ci.why);
    if (codeowners === undefined)
      return outcome([
        {
          message: `no CODEOWNERS file (GitHub reads the first of ${CODEOWNERS_LOCATIONS.join(", ")}; the repository checked has none), so no pull request needs an owner's approval, not even one changing .npmrc or stacks/, which run with the deploy credentials; write .github/CODEOWNERS with the first line "${FIRST_LINE}"`,
          location: { kind: "repo", file: CODEOWNERS_LOCATIONS[0] },
        },
      ]);
    return outcome(unownedFindings(codeowners, repoFiles));
  },
};
