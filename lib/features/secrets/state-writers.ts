import type { ReadAccess } from "../../core/access/report";

/**
 * Why nobody could deploy the stack whose state `entry` is (`golive check` evaluated who can write
 * it): none of those who apply it can write its state, or config names nobody who applies it (a
 * stack applied by hand without `secrets.administrators`). Undefined when one of them can, and for a secret.
 */
export function undeployableReason(entry: ReadAccess): string | undefined {
  const { appliers, writers = [] } = entry;
  if (entry.kind !== "state" || appliers === undefined) return undefined;
  if (appliers.length === 0) {
    const who =
      writers.length > 0 ? `only ${writers.join(", ")} can write its state, which no golive policy names` : "nobody can write its state";
    return `${entry.name} is applied by hand and secrets.administrators names nobody: ${who}; add the role you deploy ${entry.name} with to secrets.administrators`;
  }
  if (appliers.some((a) => writers.includes(a))) return undefined;
  return `${appliers.join(", ")}, who apply ${entry.name}, cannot write its state: nobody could deploy it`;
}
