import { FEATURE_STACKS, STACK_KINDS } from "../../features";
import type { StackApplier, StackDeclaration } from "../../platform/feature";
import type { ParsedArgs } from "../args";
import { shownValue } from "../../core/shown-value";
import { UsageError } from "../types";

/**
 * Which stacks `golive stacks` lists, by what each stack declares (lib/platform/feature.ts) rather than
 * by kind: a workflow that asks for "the stacks the deploy role applies" or "the stacks a pull request may
 * plan" names no kind, so a concern added later is planned and applied where its declaration says.
 */
export interface StackSelection {
  /** `--exclude KIND`, repeatable. */
  readonly excluded: readonly string[];
  /** `--applied-by ROLE`: only the stacks ROLE applies. */
  readonly appliedBy?: StackApplier;
  /** `--state-in-backend`: leave out the stack that creates the state backend (its own state is local). */
  readonly stateInBackend: boolean;
  /** `--state-without-secrets`: only the stacks whose state holds no secret value. */
  readonly stateWithoutSecrets: boolean;
}

/** The appliers the registry's stacks declare: the values `--applied-by` takes. */
export const APPLIERS: readonly StackApplier[] = [...new Set(FEATURE_STACKS.map((s) => s.appliedBy))];

/** The selector flags' help lines, for `golive stacks --help`. */
export const SELECTION_USAGE = [
  `  --exclude KIND           leave out a stack kind; repeatable (kinds: ${STACK_KINDS.join(", ")})`,
  "  --applied-by ROLE        only the stacks ROLE applies, as each declares (appliedBy); the deploy workflow",
  `                           applies --applied-by deploy (roles: ${APPLIERS.join(", ")})`,
  "  --state-in-backend       leave out the stack that creates the state backend (createsStateBackend): its own",
  "                           state is local, so no CI role plans it",
  "  --state-without-secrets  only the stacks whose state holds no secret value (stateHoldsSecrets): pull requests",
  "                           plan only these, and review the others' synthesized configuration",
];

function isApplier(value: string): value is StackApplier {
  return (APPLIERS as readonly string[]).includes(value);
}

/** The selection `args` ask for; a UsageError naming the flag on a kind or role the registry does not declare. */
export function stackSelection(parsed: ParsedArgs): StackSelection {
  const excluded = parsed.repeated.get("exclude") ?? [];
  const unknownKind = excluded.find((k) => !STACK_KINDS.includes(k));
  if (unknownKind !== undefined) throw new UsageError(`--exclude: got ${shownValue(unknownKind)}, allowed: ${STACK_KINDS.join(", ")}`);
  const appliedBy = parsed.values.get("applied-by");
  if (appliedBy !== undefined && !isApplier(appliedBy))
    throw new UsageError(`--applied-by: got ${shownValue(appliedBy)}, allowed: ${APPLIERS.join(", ")}`);
  return {
    excluded,
    ...(appliedBy !== undefined ? { appliedBy } : {}),
    stateInBackend: parsed.booleans.has("state-in-backend"),
    stateWithoutSecrets: parsed.booleans.has("state-without-secrets"),
  };
}

/** The declaration of a stack kind the registry holds. */
export function declarationOf(kind: string): StackDeclaration | undefined {
  return FEATURE_STACKS.find((s) => s.kind === kind);
}

/** Whether a stack of this declaration is selected. */
export function selects(selection: StackSelection, stack: StackDeclaration): boolean {
  return (
    !selection.excluded.includes(stack.kind) &&
    (selection.appliedBy === undefined || stack.appliedBy === selection.appliedBy) &&
    !(selection.stateInBackend && stack.createsStateBackend === true) &&
    !(selection.stateWithoutSecrets && stack.stateHoldsSecrets)
  );
}
