import type { AppConfig } from "../lib/config/schema";
import { FEATURES } from "../lib/features";
import type { StackNeed } from "../lib/platform/feature";

/**
 * What each stack kind reads or relies on that another stack of the same environment creates, as each
 * concern declares it (`Feature.stack.needs`), so `cdktf deploy` (parallel by default) never runs them
 * side by side. Golive passes no values between stacks (zone ids are looked up, role ARNs computed), so
 * these are the only links between them. Every stack also needs the stack that creates its state
 * backend (`createsStateBackend`: bootstrap-<env>) when this environment builds one (environmentNeeds).
 */
export const STACK_NEEDS: Readonly<Record<string, readonly StackNeed[]>> = Object.fromEntries(
  FEATURES.flatMap((f) => (f.stack ? [[f.stack.kind, f.stack.needs ?? []]] : [])),
);

/** The kinds whose stack creates the state backend the environment's other stacks use. */
const BACKEND_KINDS: readonly string[] = FEATURES.flatMap((f) => (f.stack?.createsStateBackend ? [f.stack.kind] : []));

/**
 * Kind -> the kinds it depends on, among the kinds this environment builds. A need whose stack is not
 * built (no monitoring section) is dropped: nothing of it exists to wait for.
 */
export function environmentNeeds(cfg: AppConfig, built: readonly string[]): Map<string, string[]> {
  const has = new Set(built);
  return new Map(
    built.map((kind) => {
      const own = (STACK_NEEDS[kind] ?? []).filter((n) => has.has(n.kind) && (n.when?.(cfg) ?? true)).map((n) => n.kind);
      const backend = BACKEND_KINDS.includes(kind) ? [] : BACKEND_KINDS.filter((k) => has.has(k));
      return [kind, [...backend, ...own]];
    }),
  );
}
