// pr.yml's plan step: `golive plan` for every environment `golive stacks` lists, each with that
// environment's read-only plan role (repository variable <prefix><ENV>, e.g. AWS_PLAN_ROLE_ARN_STAGING),
// so the workflow names no environment. Usage:
//   node -r ./lib/runtime/register-ts.js scripts/ci/plan-environments.ts --role-variable PREFIX \
//     [--exclude KIND]... [--failures FILE] -- <golive plan flags, {env} replaced by the environment>
// Environment: VARS (the workflow's `toJSON(vars)`), AWS_REGION, the job's OIDC request variables;
// AWS_ENDPOINT_URL_STS for another STS endpoint. Each plan gets the role's credentials in its own
// environment, without the OIDC request variables. A failed environment is written to FILE as
// "plan (<env>)" (what plan-report --failed-step takes) and the others are still planned.
// Exit 0 all planned, 1 any environment failed (or a usage error, one line).
import { spawnSync } from "node:child_process";
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isRecord } from "../../lib/core/json";
import { variableSuffix } from "./matrix";
import { assumeRoleWithWebIdentity, githubOidcToken, RoleError } from "./oidc-role";

const GOLIVE = join(__dirname, "..", "..", "bin", "golive.js");

interface Options {
  readonly prefix: string;
  readonly excluded: readonly string[];
  readonly failures: string | undefined;
  readonly planArgs: readonly string[];
}

function parse(argv: readonly string[]): Options {
  const split = argv.indexOf("--");
  const own = split === -1 ? argv : argv.slice(0, split);
  let prefix = "";
  let failures: string | undefined;
  const excluded: string[] = [];
  for (let i = 0; i < own.length; i++) {
    const [arg, value] = [own[i], own[i + 1]];
    if (value === undefined || !["--role-variable", "--exclude", "--failures"].includes(arg ?? ""))
      throw new RoleError(`usage: ${JSON.stringify(arg)}: expected --role-variable PREFIX, --exclude KIND or --failures FILE`);
    if (arg === "--role-variable") prefix = value;
    else if (arg === "--exclude") excluded.push(value);
    else failures = value;
    i++;
  }
  if (!/^[A-Z][A-Z0-9_]*$/.test(prefix))
    throw new RoleError("usage: --role-variable PREFIX (upper case, e.g. AWS_PLAN_ROLE_ARN_) is required");
  return { prefix, excluded, failures, planArgs: split === -1 ? [] : argv.slice(split + 1) };
}

/** Stack names by environment, in `golive stacks` order. */
function stacksByEnvironment(excluded: readonly string[]): Map<string, string[]> {
  const args = ["stacks", "--json", ...excluded.flatMap((k) => ["--exclude", k])];
  const run = spawnSync(process.execPath, [GOLIVE, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (run.status !== 0) throw new RoleError(`golive stacks failed (exit ${run.status})`);
  const listed: unknown = JSON.parse(run.stdout);
  const out = new Map<string, string[]>();
  for (const s of Array.isArray(listed) ? listed : [])
    if (isRecord(s) && typeof s.environment === "string" && typeof s.name === "string")
      out.set(s.environment, [...(out.get(s.environment) ?? []), s.name]);
  return out;
}

function repositoryVariables(env: NodeJS.ProcessEnv): Record<string, unknown> {
  try {
    const vars: unknown = JSON.parse(env.VARS ?? "{}");
    return isRecord(vars) ? { ...vars } : {};
  } catch {
    throw new RoleError("VARS is not JSON: set it to ${{ toJSON(vars) }}");
  }
}

async function planEnvironment(environment: string, stacks: readonly string[], options: Options, roleArn: unknown): Promise<boolean> {
  const variable = `${options.prefix}${variableSuffix(environment)}`;
  if (typeof roleArn !== "string" || roleArn.length === 0) {
    console.log(
      `::error::${environment}: the repository variable ${variable} is not set (the access-${environment} stack's plan role ARN)`,
    );
    return false;
  }
  const region = process.env.AWS_REGION ?? "";
  const credentials = await assumeRoleWithWebIdentity({
    roleArn,
    region,
    token: await githubOidcToken(process.env),
    sessionName: `golive-plan-${process.env.GITHUB_RUN_ID ?? "local"}`,
    ...(process.env.AWS_ENDPOINT_URL_STS ? { endpoint: process.env.AWS_ENDPOINT_URL_STS } : {}),
  });
  const { ACTIONS_ID_TOKEN_REQUEST_URL: _url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: _token, VARS: _vars, ...rest } = process.env;
  const planArgs = options.planArgs.map((a) => a.split("{env}").join(environment));
  console.log(`::group::golive plan (${environment}): ${stacks.join(" ")}`);
  const run = spawnSync(process.execPath, [GOLIVE, "plan", ...stacks, ...planArgs], {
    stdio: "inherit",
    env: { ...rest, ...credentials, AWS_REGION: region, AWS_DEFAULT_REGION: region },
  });
  console.log("::endgroup::");
  return run.status === 0;
}

async function main(): Promise<number> {
  const options = parse(process.argv.slice(2));
  if (options.failures) writeFileSync(options.failures, "");
  const vars = repositoryVariables(process.env);
  let failed = 0;
  for (const [environment, stacks] of stacksByEnvironment(options.excluded)) {
    let ok: boolean;
    try {
      ok = await planEnvironment(environment, stacks, options, vars[`${options.prefix}${variableSuffix(environment)}`]);
    } catch (err) {
      if (!(err instanceof RoleError)) throw err;
      console.log(`::error::${environment}: ${err.message}`);
      ok = false;
    }
    if (ok) continue;
    failed++;
    if (options.failures) appendFileSync(options.failures, `plan (${environment})\n`);
  }
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`plan-environments: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
