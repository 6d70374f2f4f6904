import { CODEOWNERS_LOCATIONS, type CodeownersLine, parseCodeowners } from "../../../core/codeowners";
import { type Finding, notApplicable, outcome, type RepoFile, type Rule } from "../../../platform/readiness";

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
  { path: ".github/workflows/deploy-environment.yml", why: "the deploy job itself" },
  { path: ".github/CODEOWNERS", why: "who must approve: it takes precedence over the other locations" },
  { path: ".golive/risk-rules.json", why: "your risk rules: the default branch's copy gates every later review and deploy" },
];

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

function unownedFindings(file: RepoFile): Finding[] {
  const codeowners = parseCodeowners(file.text);
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
    const deciding = codeowners.decidingLine(path);
    if (deciding !== undefined && deciding.owners.length > 0) return [];
    return [
      {
        message: `${path} (${why}) has no code owner in ${file.path}: ${unownedBecause(deciding, codeowners.skippedMatches(path))}`,
        location: { kind: "repo" as const, file: file.path },
      },
    ];
  });
  return [...unread, ...unowned];
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
  check({ config, codeowners }) {
    if (!config) return notApplicable("no config file for this environment");
    if (!config.app.secrets?.github) return notApplicable("no secrets.github: no CI workflow deploys this environment");
    if (codeowners === undefined)
      return outcome([
        {
          message: `no CODEOWNERS file (GitHub reads the first of ${CODEOWNERS_LOCATIONS.join(", ")}; the repository checked has none), so no pull request needs an owner's approval, not even one changing .npmrc or stacks/, which run with the deploy credentials; write .github/CODEOWNERS with the first line "${FIRST_LINE}"`,
          location: { kind: "repo", file: CODEOWNERS_LOCATIONS[0] },
        },
      ]);
    return outcome(unownedFindings(codeowners));
  },
};
