import { appendFileSync, writeFileSync } from "node:fs";
import { isRecord } from "../../lib/core/json";
import { variableSuffix } from "./matrix";
import { assumeRoleWithWebIdentity, githubOidcToken, type RoleCredentials, RoleError } from "./oidc-role";

type Env = Readonly<Record<string, string | undefined>>;

/** What plan-environments.ts does through processes: golive stacks, golive plan, its log. */
export interface PlanEnvironmentsIo {
  /** Stack names by environment, in `golive stacks --json` order, as `golive stacks --<selector>...` selects them. */
  readonly stacksByEnvironment: (selectors: readonly string[]) => Map<string, string[]>;
  /** `golive plan <stacks> <args>` with `env`; true when it exited 0. */
  readonly plan: (stacks: readonly string[], args: readonly string[], env: Env) => boolean;
  /** One line of the job's log (stdout). */
  readonly log: (line: string) => void;
  /** One line on stderr. */
  readonly error: (line: string) => void;
}

interface Options {
  readonly prefix: string;
  /** `golive stacks` selector flags, without their dashes (`state-without-secrets`). */
  readonly selectors: readonly string[];
  readonly failures: string | undefined;
  readonly planArgs: readonly string[];
}

function parse(argv: readonly string[]): Options {
  const split = argv.indexOf("--");
  const own = split === -1 ? argv : argv.slice(0, split);
  let prefix = "";
  let failures: string | undefined;
  const selectors: string[] = [];
  for (let i = 0; i < own.length; i++) {
    const [arg, value] = [own[i], own[i + 1]];
    if (value === undefined || !["--role-variable", "--select", "--failures"].includes(arg ?? ""))
      throw new RoleError(`usage: ${JSON.stringify(arg)}: expected --role-variable PREFIX, --select SELECTOR or --failures FILE`);
    if (arg === "--role-variable") prefix = value;
    else if (arg === "--select") selectors.push(value);
    else failures = value;
    i++;
  }
  if (!/^[A-Z][A-Z0-9_]*$/.test(prefix))
    throw new RoleError("usage: --role-variable PREFIX (upper case, e.g. AWS_PLAN_ROLE_ARN_) is required");
  return { prefix, selectors, failures, planArgs: split === -1 ? [] : argv.slice(split + 1) };
}

function repositoryVariables(env: Env): Record<string, unknown> {
  try {
    const vars: unknown = JSON.parse(env.VARS ?? "{}");
    return isRecord(vars) ? { ...vars } : {};
  } catch {
    throw new RoleError("VARS is not JSON: set it to ${{ toJSON(vars) }}");
  }
}

async function planEnvironment(
  environment: string,
  stacks: readonly string[],
  options: Options,
  roleArn: unknown,
  env: Env,
  io: PlanEnvironmentsIo,
): Promise<boolean> {
  const variable = `${options.prefix}${variableSuffix(environment)}`;
  if (typeof roleArn !== "string" || roleArn.length === 0) {
    io.log(`::error::${environment}: the repository variable ${variable} is not set (the access-${environment} stack's plan role ARN)`);
    return false;
  }
  const region = env.AWS_REGION ?? "";
  const credentials: RoleCredentials = await assumeRoleWithWebIdentity({
    roleArn,
    region,
    token: await githubOidcToken(env),
    sessionName: `golive-plan-${env.GITHUB_RUN_ID ?? "local"}`,
    ...(env.AWS_ENDPOINT_URL_STS ? { endpoint: env.AWS_ENDPOINT_URL_STS } : {}),
  });
  const { ACTIONS_ID_TOKEN_REQUEST_URL: _url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: _token, VARS: _vars, ...rest } = env;
  const planArgs = options.planArgs.map((a) => a.split("{env}").join(environment));
  io.log(`::group::golive plan (${environment}): ${stacks.join(" ")}`);
  const ok = io.plan(stacks, planArgs, { ...rest, ...credentials, AWS_REGION: region, AWS_DEFAULT_REGION: region });
  io.log("::endgroup::");
  return ok;
}

async function planAll(argv: readonly string[], env: Env, io: PlanEnvironmentsIo): Promise<0 | 1> {
  const options = parse(argv);
  if (options.failures) writeFileSync(options.failures, "");
  const vars = repositoryVariables(env);
  let failed = 0;
  for (const [environment, stacks] of io.stacksByEnvironment(options.selectors)) {
    let ok: boolean;
    try {
      ok = await planEnvironment(environment, stacks, options, vars[`${options.prefix}${variableSuffix(environment)}`], env, io);
    } catch (err) {
      if (!(err instanceof RoleError)) throw err;
      io.log(`::error::${environment}: ${err.message}`);
      ok = false;
    }
    if (ok) continue;
    failed++;
    if (options.failures) appendFileSync(options.failures, `plan (${environment})\n`);
  }
  return failed > 0 ? 1 : 0;
}

/**
 * plan-environments.ts without its process: plans every environment with its own role; a failed
 * environment is logged and written to --failures, the others still planned. Exit code 1 when any
 * failed, or on a usage error (one line on stderr).
 */
export async function planEnvironments(argv: readonly string[], env: Env, io: PlanEnvironmentsIo): Promise<0 | 1> {
  try {
    return await planAll(argv, env, io);
  } catch (err) {
    io.error(`plan-environments: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
