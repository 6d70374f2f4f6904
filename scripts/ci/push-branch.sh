#!/usr/bin/env bash
# rollback.yml's and release.yml's propose jobs: commits config/$ENVIRONMENT.yaml (the change the run
# left) on a new branch, pushes it with the job's token, and leaves the link that opens its pull request
# in the job summary. The workflow opens no pull request itself: one opened with the GITHUB_TOKEN starts
# no workflow run (docs.github.com/actions/concepts/security/github_token), so pr.yml would never review
# it and the deploy after its merge would refuse the unreviewed change; a person opens it from the link.
# Usage (a step of the job; nothing from an input is interpolated into the script):
#   bash scripts/ci/push-branch.sh KIND MESSAGE
#   KIND: rollback | release; the branch is golive-KIND-<env>-<run id>-<attempt>: a flat name (no `/`),
#   since git cannot create `a/b` in a repository with a branch named `a` (refs/heads/a would have to be a
#   file and a folder at once), so no branch anyone made (`release`, `golive-rollback`) blocks it; when the
#   push is refused anyway (a branch of that name, or one below it), once more with a random suffix
#   MESSAGE: the commit message (its first line becomes the pull request's title)
# Env: ENVIRONMENT; PUSH_TOKEN, the job's GITHUB_TOKEN (contents: write), for `git push` only (an
# http.<server>/.extraheader in GIT_CONFIG_* of that one command: never in .git/config or a command
# line, never printed); the runner's GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT,
# GITHUB_OUTPUT and GITHUB_STEP_SUMMARY.
# Output: commit=<the pushed commit>, empty when the config already held the change (nothing pushed).
# A push that fails (after the run already changed Cloudflare) prints one ::error:: line and puts the
# config change, as a unified diff, in the job summary with the commit's subject (which says whether
# Cloudflare already serves it: release.yml quotes the watch's claim; a rollback changes only config).
set -euo pipefail

kind=${1:?usage: push-branch.sh KIND MESSAGE}
message=${2:?usage: push-branch.sh KIND MESSAGE}
file="config/$ENVIRONMENT.yaml"
# No hook runs with the token around (git passes `-c` values on to hooks).
quiet=(-c core.hooksPath=/dev/null)

git "${quiet[@]}" add -- "$file"
if git diff --cached --quiet -- "$file"; then
  echo "commit=" >> "$GITHUB_OUTPUT"
  echo "$file already holds the $kind: no branch pushed, no pull request to open." | tee -a "$GITHUB_STEP_SUMMARY"
  exit 0
fi

if [ -z "${PUSH_TOKEN:-}" ]; then
  echo "::error::PUSH_TOKEN is empty: the $kind branch cannot be pushed (the step passes \${{ github.token }}; the job needs contents: write)"
  exit 1
fi
# A re-run of the whole workflow commits again (another commit date): a branch of its own, never a force push.
branch="golive-$kind-$ENVIRONMENT-$GITHUB_RUN_ID-${GITHUB_RUN_ATTEMPT:-1}"

git "${quiet[@]}" -c "user.name=github-actions[bot]" -c "user.email=41898282+github-actions[bot]@users.noreply.github.com" \
  commit --quiet -m "$message" -- "$file"
commit=$(git rev-parse HEAD)
auth=$(printf 'x-access-token:%s' "$PUSH_TOKEN" | base64 -w0)
echo "::add-mask::$auth"
# Through git's environment configuration, not `-c`: a `-c` value is in the push's command line, which
# any process on the runner can read while it runs.
push() {
  GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0="http.$GITHUB_SERVER_URL/.extraheader" GIT_CONFIG_VALUE_0="AUTHORIZATION: basic $auth" \
    git "${quiet[@]}" push --quiet origin "$commit:refs/heads/$1"
}
# Refused (someone's branch holds the name, or a branch below it): once more under a name nobody chose.
pushed=true
if ! push "$branch"; then
  tried=$branch branch="$branch-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
  echo "::warning::git push of $tried was refused; pushing $branch instead"
  push "$branch" || pushed=false
fi
if [ "$pushed" = false ]; then
  echo "::error title=the $kind branch was not pushed::git push of $tried and of $branch failed (see the lines above); the change the run wrote to $file is in the job summary as a diff: apply it in a pull request of your own before any deploy of $ENVIRONMENT"
  {
    echo "## The $kind branch of $ENVIRONMENT was NOT pushed"
    echo
    echo "\`git push\` of \`$tried\` and of \`$branch\` failed. This is the change the $kind run wrote to \`$file\`; the commit message below says whether Cloudflare already serves it (a deploy without it would then undo it). Apply it in a pull request (\`git apply\` the diff below) and merge it before any deploy of $ENVIRONMENT."
    echo
    echo "Commit message: $(git "${quiet[@]}" log -1 --format=%s "$commit")"
    echo
    echo '```diff'
    git "${quiet[@]}" diff "$commit^" "$commit" -- "$file"
    echo '```'
  } >> "$GITHUB_STEP_SUMMARY"
  exit 1
fi
echo "commit=$commit" >> "$GITHUB_OUTPUT"

link="$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/compare/main...$branch?expand=1"
echo "::notice title=open the $kind pull request::$link"
{
  echo "## Open the $kind pull request of $ENVIRONMENT"
  echo
  echo "Branch \`$branch\` (commit \`$commit\`) holds the change to \`$file\`: [open this pull request]($link)."
  echo
  echo "Open this pull request: a human-opened pull request gets the plan review (one opened by this workflow's token would start no workflow, so no review, and the deploy after its merge would refuse the change)."
} >> "$GITHUB_STEP_SUMMARY"
echo "$kind of $ENVIRONMENT: $commit pushed to $branch; open its pull request: $link"
