// pr.yml's plan step: `golive plan` for every environment `golive stacks` lists, each with that
// environment's read-only plan role (repository variable <prefix><ENV>, e.g. AWS_PLAN_ROLE_ARN_STAGING),
// so the workflow names no environment. Usage:
//   node -r ./lib/runtime/register-ts.js scripts/ci/plan-environments.ts --role-variable PREFIX \
//     [--select SELECTOR]... [--failures FILE] -- <golive plan flags, {env} replaced by the environment>
// SELECTOR: a `golive stacks` selector flag without its dashes (state-in-backend, state-without-secrets).
// Environment: VARS (the workflow's `toJSON(vars)`), AWS_REGION, the job's OIDC request variables;
// AWS_ENDPOINT_URL_STS for another STS endpoint. Each plan gets the role's credentials in its own
// environment, without the OIDC request variables. A failed environment is written to FILE as
// "plan (<env>)" (what plan-report --failed-step takes) and the others are still planned.
// Exit 0 all planned, 1 any environment failed (or a usage error, one line).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { isRecord } from "../../lib/core/json";
import { planEnvironments } from "./environment-plans";
import { RoleError } from "./oidc-role";

const GOLIVE = join(__dirname, "..", "..", "bin", "golive.js");

/** Stack names by environment, in `golive stacks` order. */
function stacksByEnvironment(selectors: readonly string[]): Map<string, string[]> {
  const args = ["stacks", "--json", ...selectors.map((s) => `--${s}`)];
  const run = spawnSync(process.execPath, [GOLIVE, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (run.status !== 0) throw new RoleError(`golive stacks failed (exit ${run.status})`);
  const listed: unknown = JSON.parse(run.stdout);
  const out = new Map<string, string[]>();
  for (const s of Array.isArray(listed) ? listed : [])
    if (isRecord(s) && typeof s.environment === "string" && typeof s.name === "string")
      out.set(s.environment, [...(out.get(s.environment) ?? []), s.name]);
  return out;
}

planEnvironments(process.argv.slice(2), process.env, {
  stacksByEnvironment,
  plan: (stacks, args, env) => spawnSync(process.execPath, [GOLIVE, "plan", ...stacks, ...args], { stdio: "inherit", env }).status === 0,
  log: (line) => console.log(line),
  error: (line) => process.stderr.write(`${line}\n`),
}).then((code) => process.exit(code));
