import { STACK_KINDS } from "../../features";
import type { SynthesizedStack } from "../../core/synth-output";

export interface OrderedStack extends SynthesizedStack {
  readonly kind: string;
  readonly environment: string;
}

/** `<kind>-<env>` split on a registered kind; undefined for a stack golive did not declare. */
export function parseStackName(name: string): { kind: string; environment: string } | undefined {
  const kind = STACK_KINDS.find((k) => name.startsWith(`${k}-`) && name.length > k.length + 1);
  return kind ? { kind, environment: name.slice(kind.length + 1) } : undefined;
}

/**
 * Synthesized stacks in deploy order: environment by environment (sorted by name), and within one the
 * registry's order (bootstrap, access, secrets, edge, email, monitoring, traffic). Stacks golive did not
 * declare are left out.
 */
export function inDeployOrder(stacks: readonly SynthesizedStack[]): OrderedStack[] {
  const rank = new Map(STACK_KINDS.map((k, i) => [k, i]));
  return stacks
    .flatMap((s) => {
      const parsed = parseStackName(s.name);
      return parsed ? [{ ...s, ...parsed }] : [];
    })
    .sort((a, b) =>
      a.environment < b.environment ? -1 : a.environment > b.environment ? 1 : (rank.get(a.kind) ?? 0) - (rank.get(b.kind) ?? 0),
    );
}
