import type { AccessEvaluation, IndirectReader, ReadAccess } from "../../../core/access/report";
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
 * Who reads it only by taking over a golive role that can, on a line of its own: per principal, the
 * roles grouped by the way found, and NOT INTENDED (naming the roles when only some are) when config
 * does not mean it to take them over.
 */
function indirectLine(e: ReadAccess): string[] {
  if (e.indirect.length === 0) return [];
  const byReader = new Map<string, IndirectReader[]>();
  for (const r of e.indirect) byReader.set(r.reader, [...(byReader.get(r.reader) ?? []), r]);
  const readers = [...byReader].map(([reader, via]) => {
    const hows = [...new Set(via.map((v) => v.how))];
    const ways = hows.map(
      (how) =>
        `${via
          .filter((v) => v.how === how)
          .map((v) => v.role)
          .join(", ")} (${how})`,
    );
    const unintended = via.filter((v) => !v.intended).map((v) => v.role);
    const mark =
      unintended.length === 0 ? "" : unintended.length === via.length ? " (NOT INTENDED)" : ` (NOT INTENDED: ${unintended.join(", ")})`;
    return `${reader} via ${ways.join(" or ")}${mark}`;
  });
  return [`    and by taking over a role that reads it: ${readers.join("; ")}`];
}

/**
 * The human section of `golive check`: per environment, who can read each secret and state object
 * among the principals golive knows, then on its own line who can only by taking over a golive role
 * that can (GL-SEC-007 fails on any NOT INTENDED reader, direct or not, and on state that nobody who
 * applies its stack can write).
 */
export function accessSection(evaluations: readonly AccessEvaluation[]): string[] {
  if (evaluations.length === 0) return [];
  const lines = [`${ACCESS_SECTION_TITLE} (every synthesized policy evaluated with an IAM simulator):`];
  for (const a of evaluations) {
    lines.push("", `[${a.env}] principals asked: ${a.principals.join("; ")}`);
    if (a.error !== undefined) lines.push(`  could not evaluate: ${a.error}`);
    else lines.push(...a.entries.flatMap((e) => [entryLine(e), ...indirectLine(e)]));
  }
  return lines;
}
