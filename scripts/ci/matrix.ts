import { isRecord } from "../../lib/core/json";
import type { StackApplier } from "../../lib/platform/feature";
import { type DeployAfter, firstEnvironments, promotionBranches, promotionChain, promotionCycles } from "../../lib/config/promotion-order";

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

const FIELD = "secrets.github.deployAfter";
const fieldIn = (env: string) => `${FIELD} in config/${env}.yaml`;

/**
 * The promotion order from each environment's `deployAfter`: one chain, the one environment deployed
 * after no other first, then each one deployed after the one before. Anything else is refused naming
 * the field to change (a cycle or an unknown name config validation already refuses; refused here too,
 * as this script only sees what `golive stacks --json` says).
 */
export function promotionOrder(deployAfter: DeployAfter): string[] {
  const environments = [...deployAfter.keys()].sort();
  for (const [env, after] of deployAfter)
    if (after !== null && !deployAfter.has(after))
      throw new MatrixError(
        `${fieldIn(env)} names ${after}, which golive stacks does not list (environments: ${environments.join(", ")}); synthesize every environment (npm run synth), or name one of them`,
      );
  const cycle = promotionCycles(deployAfter)[0];
  if (cycle)
    throw new MatrixError(
      `${FIELD} makes a cycle (${[...cycle, cycle[0]].join(" after ")}, in ${cycle.map((e) => `config/${e}.yaml`).join(", ")}): none of them can be deployed first; remove it from the environment that tries a change first`,
    );
  const branch = promotionBranches(deployAfter)[0];
  if (branch)
    throw new MatrixError(
      `${branch.followers.join(" and ")} are ${branch.followers.length === 2 ? "both" : "all"} deployed after ${branch.after} (${branch.followers.map(fieldIn).join(", ")}): the deploy runs one environment at a time, so make it one chain: set ${fieldIn(branch.followers[1] ?? "")} to ${promotionChain(deployAfter, branch.followers[0] ?? "").at(-1)}, or the other way round`,
    );
  const firsts = firstEnvironments(deployAfter);
  if (firsts.length !== 1) {
    const chains = firsts.map((f) => promotionChain(deployAfter, f));
    const [a, b] = chains;
    const fix =
      chains.length === 2 && a && b
        ? `set ${fieldIn(a[0] ?? "")} to ${b.at(-1)}, or ${fieldIn(b[0] ?? "")} to ${a.at(-1)}`
        : `set ${FIELD} in config/<env>.yaml of all but one of ${firsts.join(", ")}, each to the last environment of the chain it follows`;
    throw new MatrixError(
      `${firsts.length} environments have no ${FIELD}, so each starts a promotion order of its own (${chains.map((c) => c.join(" -> ")).join("; ")}): which goes first? ${fix} (only the environment that tries a change first has none, and the one users reach comes last; ${FIELD} sits in a secrets.github section, which also needs secrets.github.repository)`,
    );
  }
  const order = promotionChain(deployAfter, firsts[0] ?? "");
  // Only a cycle or a branch leaves environments off the chain from the one first: both refused above.
  if (order.length !== deployAfter.size)
    throw new MatrixError(`${FIELD} does not make one chain of ${environments.join(", ")} (the chain is ${order.join(" -> ")})`);
  return order;
}

/**
 * The environments, each once. With `requireOrder` (the deploy) in promotion order (`promotionOrder`),
 * refused unless `deployAfter` makes one chain of them; one environment needs none. Without it (drift),
 * as listed.
 */
export function environmentMatrix(deployAfter: DeployAfter, requireOrder: boolean): { include: MatrixEntry[] } {
  if (deployAfter.size === 0) throw new MatrixError("no synthesized environment (is config/ empty, or did synth fail?)");
  const ordered = requireOrder && deployAfter.size > 1 ? promotionOrder(deployAfter) : [...deployAfter.keys()];
  return { include: ordered.map((environment) => ({ environment, variable: variableSuffix(environment) })) };
}

/**
 * Environment -> deployAfter from `golive stacks --json` (one entry per stack), in the order listed. A
 * listing without the field (an older golive) reads as no order, which a deploy of several refuses.
 */
export function listedEnvironments(listed: unknown): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const s of Array.isArray(listed) ? listed : []) {
    if (!isRecord(s) || typeof s.environment !== "string") continue;
    const after = typeof s.deployAfter === "string" ? s.deployAfter : null;
    if (!out.has(s.environment) || after !== null) out.set(s.environment, after);
  }
  return out;
}

/** The roles CI plans and applies with (deploy-environment.yml, deploy-admin.yml); an administrator applies the others by hand. */
const CI_APPLIERS: readonly StackApplier[] = ["deploy", "admin-deploy"];

/**
 * The environments, each once in the order listed, of which a stack a CI role applies keeps its state
 * local: `backend` "local" in `golive stacks --json`, or none (Terraform's default is local state; a
 * listing without the field, from an older golive, proves no remote state either).
 */
export function localStateEnvironments(listed: unknown): string[] {
  const out = new Set<string>();
  for (const s of Array.isArray(listed) ? listed : []) {
    if (!isRecord(s) || typeof s.environment !== "string") continue;
    const byCi = CI_APPLIERS.some((role) => role === s.appliedBy);
    if (byCi && (typeof s.backend !== "string" || s.backend === "local")) out.add(s.environment);
  }
  return [...out];
}

/**
 * Refuses environments whose CI-applied stacks keep local state: a runner's checkout has no state file
 * (it is git-ignored), so every plan starts from empty state and an apply creates again what exists
 * (a zone fails, health checks are duplicated), and the runner's new state is thrown away.
 */
export function requireRemoteState(listed: unknown): void {
  const local = localStateEnvironments(listed);
  if (local.length === 0) return;
  const one = local.length === 1;
  const files = local.map((env) => `config/${env}.yaml`).join(", ");
  throw new MatrixError(
    `${local.join(", ")} ${one ? "keeps its" : "keep their"} Terraform state local (state.backend in ${files}: local, or no state section), and CI plans and applies ${one ? "its" : "their"} stacks: a runner has no state file, so a plan starts from empty state and an apply would create again what exists; set state.backend: s3 (with its bootstrap stack, docs/state.md) or cloud there before deploying from CI`,
  );
}

/** What the script prints and its exit code. */
export interface ScriptResult {
  readonly code: 0 | 1;
  readonly stdout: string;
  readonly stderr: string;
}

function parseArgs(argv: readonly string[]): { requireOrder: boolean; remoteState: boolean } {
  let requireOrder = false;
  let remoteState = false;
  for (const arg of argv) {
    if (arg === "--require-order") requireOrder = true;
    else if (arg === "--require-remote-state") remoteState = true;
    else throw new MatrixError(`unknown argument ${JSON.stringify(arg)} (allowed: --require-order, --require-remote-state)`);
  }
  return { requireOrder, remoteState };
}

/**
 * environment-matrix.ts without its process: the arguments, then `golive stacks --json` from
 * `readStdin` (read only once the arguments are valid). Anything but a refusal or unreadable JSON is
 * thrown (a bug, not an answer).
 */
export function runEnvironmentMatrix(argv: readonly string[], readStdin: () => string): ScriptResult {
  try {
    const { requireOrder, remoteState } = parseArgs(argv);
    const listed: unknown = JSON.parse(readStdin());
    const matrix = environmentMatrix(listedEnvironments(listed), requireOrder);
    if (remoteState) requireRemoteState(listed);
    return { code: 0, stdout: `${JSON.stringify(matrix)}\n`, stderr: "" };
  } catch (err) {
    if (!(err instanceof MatrixError) && !(err instanceof SyntaxError)) throw err;
    const why = err instanceof SyntaxError ? `stdin is not golive stacks --json output: ${err.message}` : err.message;
    return { code: 1, stdout: "", stderr: `environment-matrix: ${why}\n` };
  }
}
