import { parseArgs } from "../../lib/cli/args";
import { COMMAND_SPECS } from "../../lib/cli/command-specs";
import { selects, stackSelection } from "../../lib/cli/commands/stacks-selection";
import { FEATURE_STACKS } from "../../lib/features";
import type { StackDeclaration } from "../../lib/platform/feature";

/**
 * The stack kinds `golive stacks <args>` lists, by the selection the command itself applies to each
 * stack's declaration (lib/cli/commands/stacks-selection.ts): what a workflow's command line selects,
 * to compare with what the declarations say it must.
 */
export function kindsSelectedBy(args: readonly string[], stacks: readonly StackDeclaration[] = FEATURE_STACKS): string[] {
  const selection = stackSelection(parseArgs(args, COMMAND_SPECS.stacks.flags));
  return stacks.filter((s) => selects(selection, s)).map((s) => s.kind);
}

/** The `golive stacks` flags of a workflow's `npx golive stacks "$ENVIRONMENT" <flags>` command. */
export function goliveStacksFlags(script: string): string[] {
  const flags = /npx golive stacks "\$ENVIRONMENT"([^)\n]*)\)/.exec(script)?.[1];
  if (flags === undefined) throw new Error('no `npx golive stacks "$ENVIRONMENT" ...` command substitution');
  return flags.trim().split(/\s+/).filter(Boolean);
}

/** The `golive stacks` flags a `scripts/ci/plan-environments.ts ... --select S` command line passes on. */
export function planEnvironmentsFlags(command: string): string[] {
  return [...command.matchAll(/--select ([\w-]+)/g)].map((m) => `--${m[1]}`);
}
