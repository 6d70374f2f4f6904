import type { AccessEvaluation, ReadAccess } from "../../../core/access/report";
import { undeployableReason } from "../../../features/secrets/state-writers";

export const ACCESS_SECTION_TITLE = "Who can read secrets and state";

function entryLine(e: ReadAccess): string {
  const readers = e.readers.map((r) => (e.unexpected.includes(r) ? `${r} (NOT INTENDED)` : r));
  const locked = e.lockedOut.length > 0 ? `; intended but cannot: ${e.lockedOut.join(", ")}` : "";
  const undeployable = undeployableReason(e);
  const blocked = undeployable !== undefined ? `; CANNOT BE DEPLOYED: ${undeployable}` : "";
  return `  ${e.kind === "secret" ? "secret" : "state of"} ${e.name}: ${readers.length > 0 ? readers.join(", ") : "nobody"}${locked}${blocked}`;
}

/**
 * The human section of `golive check`: per environment, who can read each secret and state object
 * among the principals golive knows (GL-SEC-007 fails on any NOT INTENDED reader, and on state that
 * nobody who applies its stack can write).
 */
export function accessSection(evaluations: readonly AccessEvaluation[]): string[] {
  if (evaluations.length === 0) return [];
  const lines = [`${ACCESS_SECTION_TITLE} (every synthesized policy evaluated with an IAM simulator):`];
  for (const a of evaluations) {
    lines.push("", `[${a.env}] principals asked: ${a.principals.join("; ")}`);
    if (a.error !== undefined) lines.push(`  could not evaluate: ${a.error}`);
    else lines.push(...a.entries.map(entryLine));
  }
  return lines;
}
