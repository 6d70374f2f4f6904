import type { ChangeKind, ChangeView } from "../../core/plan/changes";
import type { PlanReport } from "./report";

/**
 * `--updates-only`: a plan that may be applied changes managed resources in place and nothing else. A
 * rollback moves load-balancer weights (and with --drain a pool's `enabled` flag); a replaced pool or a
 * destroyed record in the same apply is the worst thing to happen during an incident.
 *
 * Allowed: in-place updates, reads of data sources, no-ops, and `moved` renames (state only: nothing
 * real changes). Everything else is refused, also what only changes what Terraform manages: an import
 * adopts an object, a `removed` block (forget) lets one go; a rollback commit has no business doing either.
 */
export interface BeyondUpdate {
  readonly stack: string;
  readonly address: string;
  /** What the plan would do, for the message: "would be replaced". */
  readonly action: string;
}

/** How a refused change reads after "<address> would be". */
const REFUSED: Partial<Readonly<Record<ChangeKind, string>>> = {
  create: "created",
  delete: "destroyed",
  replace: "replaced",
  forget: "removed from state (forget)",
  import: "imported",
};

/** Terraform's action lists an in-place change may have: anything else is refused, known or not. */
const ALLOWED_ACTIONS: ReadonlySet<string> = new Set(["update", "no-op", "read"]);

/** The action of a change --updates-only refuses, or undefined when it is allowed. */
export function refusedAction(change: ChangeView): string | undefined {
  if (change.mode !== "managed") return undefined;
  // an import with an update (actions ["update"], importing set) is still an import
  if (change.importing) return REFUSED.import;
  const action = REFUSED[change.kind];
  if (action !== undefined)
    return change.kind === "replace" && change.replaceOrder === "create-then-forget" ? `${action} (the old object forgotten)` : action;
  // An allow-list, not only the kinds above: a combination a later Terraform adds is refused too.
  const [only, ...more] = change.actions;
  return more.length === 0 && only !== undefined && ALLOWED_ACTIONS.has(only) ? undefined : `changed by ${JSON.stringify(change.actions)}`;
}

/** Every change of every stack that is more than an in-place update, in the report's order. */
export function beyondUpdates(report: PlanReport): BeyondUpdate[] {
  return report.stacks.flatMap((s) =>
    s.changes.flatMap((c) => {
      const action = refusedAction(c);
      return action === undefined ? [] : [{ stack: s.stack, address: c.address, action: `would be ${action}` }];
    }),
  );
}
