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
