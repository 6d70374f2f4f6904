import { RULES } from "../engines/check/rules";
import { OriginLockdown, PlanTier } from "../features/edge/schema";
import { specOf } from "./command-specs";
import { APPLIERS } from "./commands/stacks-selection";
import { STACK_KINDS } from "../features";

/**
 * The values completion offers after a flag that takes one of a fixed list, by command, then flag:
 * each list is the one the command's parser checks against. The CLI's own lists (`--format`) are in the
 * command specs; these come from where they are owned: init's --plan and --origin-lockdown are the
 * config's enums, check's --skip-rule the rule registry's ids, stacks' selectors the feature registry.
 * Loaded only by `golive completion` (the registries load every feature; no other command pays for it).
 */
const OWNED_ELSEWHERE: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  init: { plan: PlanTier.options, "origin-lockdown": OriginLockdown.options },
  check: { "skip-rule": RULES.map((r) => r.id) },
  stacks: { exclude: STACK_KINDS, "applied-by": APPLIERS },
};

/** Every enumerated flag of `command` with its values: the spec's own lists, then those owned elsewhere. */
export function flagChoices(command: string): Readonly<Record<string, readonly string[]>> {
  return { ...specOf(command)?.choices, ...OWNED_ELSEWHERE[command] };
}
