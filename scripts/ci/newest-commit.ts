// Refuses to go on in a job that applies unless the run's commit is its branch's newest (a re-run keeps
// its run's commit: newest-commit-check.ts says why). The first step after `npm ci` of every job that
// deploys, before any credential:
//   node -r ./lib/runtime/register-ts.js scripts/ci/newest-commit.ts --branch main [--environment ENV]
// Environment: GITHUB_SHA, GITHUB_REPOSITORY and GITHUB_API_URL (the runner's), GITHUB_TOKEN (the step's
// `${{ github.token }}`, contents: read). ENV only names the break-glass command in the refusal.
// Exit 0 the newest commit; 1 an older one, or the newest could not be read (one ::error:: line); 2 usage.
import { newestCommitCheck } from "./newest-commit-check";

newestCommitCheck(process.argv.slice(2), process.env, { log: (line) => console.log(line) }).then((code) => {
  process.exitCode = code;
});
