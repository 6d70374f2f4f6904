import { isRecord } from "../../lib/core/json";

/** A refusal of the matrix script: one line, exit 1. */
export class MatrixError extends Error {}

export interface MatrixEntry {
  /** The golive environment, which is also the GitHub environment's name. */
  readonly environment: string;
  /** The suffix of per-environment repository variables: upper case, `-` as `_` (`AWS_PLAN_ROLE_ARN_EU_WEST`). */
  readonly variable: string;
}

/** `eu-west` -> `EU_WEST`: GitHub variable names allow letters, digits and `_` only. */
export function variableSuffix(environment: string): string {
  return environment.toUpperCase().replace(/-/g, "_");
}

/**
 * The environments, each once, in promotion order: `order` (names separated by spaces or commas) when
 * given, which must name each environment exactly once and nothing else; otherwise as listed. With
 * `requireOrder`, more than one environment and no order is refused: guessing would deploy production first.
 */
export function environmentMatrix(listed: readonly string[], order: string, requireOrder: boolean): { include: MatrixEntry[] } {
  const environments = [...new Set(listed)];
  if (environments.length === 0) throw new MatrixError("no synthesized environment (is config/ empty, or did synth fail?)");
  const wanted = order.split(/[\s,]+/).filter((n) => n.length > 0);
  if (wanted.length === 0 && requireOrder && environments.length > 1)
    throw new MatrixError(
      `${environments.length} environments (${environments.join(", ")}) and no promotion order: set the repository variable GOLIVE_PROMOTION_ORDER to their names in the order to deploy them (the one that tries a change first, production last)`,
    );
  if (wanted.length > 0) {
    const twice = wanted.filter((n, i) => wanted.indexOf(n) !== i);
    const unknown = wanted.filter((n) => !environments.includes(n));
    const missing = environments.filter((n) => !wanted.includes(n));
    const problems = [
      ...(twice.length > 0 ? [`names ${[...new Set(twice)].join(", ")} twice`] : []),
      ...(unknown.length > 0 ? [`names ${unknown.join(", ")}, which has no config/<env>.yaml`] : []),
      ...(missing.length > 0 ? [`leaves out ${missing.join(", ")}`] : []),
    ];
    if (problems.length > 0)
      throw new MatrixError(
        `GOLIVE_PROMOTION_ORDER "${wanted.join(" ")}" ${problems.join("; ")} (environments: ${environments.join(", ")})`,
      );
  }
  const ordered = wanted.length > 0 ? wanted : environments;
  return { include: ordered.map((environment) => ({ environment, variable: variableSuffix(environment) })) };
}

/** What the script prints and its exit code. */
export interface ScriptResult {
  readonly code: 0 | 1;
  readonly stdout: string;
  readonly stderr: string;
}

function parseArgs(argv: readonly string[]): { order: string; requireOrder: boolean } {
  let order = "";
  let requireOrder = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--order") order = argv[++i] ?? "";
    else if (arg === "--require-order") requireOrder = true;
    else throw new MatrixError(`unknown argument ${JSON.stringify(arg)} (allowed: --order LIST, --require-order)`);
  }
  return { order, requireOrder };
}

/**
 * environment-matrix.ts without its process: the arguments, then `golive stacks --json` from
 * `readStdin` (read only once the arguments are valid). Anything but a refusal or unreadable JSON is
 * thrown (a bug, not an answer).
 */
export function runEnvironmentMatrix(argv: readonly string[], readStdin: () => string): ScriptResult {
  try {
    const { order, requireOrder } = parseArgs(argv);
    const listed: unknown = JSON.parse(readStdin());
    const environments = (Array.isArray(listed) ? listed : []).flatMap((s) =>
      isRecord(s) && typeof s.environment === "string" ? [s.environment] : [],
    );
    return { code: 0, stdout: `${JSON.stringify(environmentMatrix(environments, order, requireOrder))}\n`, stderr: "" };
  } catch (err) {
    if (!(err instanceof MatrixError) && !(err instanceof SyntaxError)) throw err;
    const why = err instanceof SyntaxError ? `stdin is not golive stacks --json output: ${err.message}` : err.message;
    return { code: 1, stdout: "", stderr: `environment-matrix: ${why}\n` };
  }
}
