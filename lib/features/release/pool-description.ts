import type { AppConfig } from "../../config/schema";
import type { Colour } from "./schema";

// A colour pool's description is the one field of the pool release commands use to leave a record in
// Cloudflare itself, next to the pool in the dashboard: the traffic stack writes the build
// (`... green origins (build v2)`), and every `rollback --now` adds when it took traffic from the pool
// (`... green origins (build v2, rolled back 2025-05-01T12:00:00Z)`). A deploy of the traffic stack writes
// it from the config again, which clears the mark. Build ids hold no comma, space or parenthesis
// (schema.ts BuildId), so the parts in parentheses split on ", ".

const ROLLED_BACK = "rolled back ";
const BUILD = "build ";

/** What the traffic stack declares: `golive <app> <env> <colour> origins (build <id>)`, without the parentheses when the build is unknown. */
export function poolDescription(cfg: AppConfig, colour: Colour, build: string | undefined): string {
  return describe(cfg, colour, buildParts(build));
}

/** The same, marked by a rollback through the API at `at` (UTC, to the second; a string is shown as given: a dry run's placeholder). */
export function rolledBackDescription(cfg: AppConfig, colour: Colour, build: string | undefined, at: Date | string): string {
  const when = typeof at === "string" ? at : at.toISOString().replace(/\.\d{3}Z$/, "Z");
  return describe(cfg, colour, [...buildParts(build), `${ROLLED_BACK}${when}`]);
}

const buildParts = (build: string | undefined): string[] => (build === undefined ? [] : [`${BUILD}${build}`]);

function describe(cfg: AppConfig, colour: Colour, parts: readonly string[]): string {
  return `golive ${cfg.app} ${cfg.environment} ${colour} origins${parts.length > 0 ? ` (${parts.join(", ")})` : ""}`;
}

/**
 * Who writes a rollback's mark, as far as the mark tells: both `rollback --now` and a watch's own
 * rollback write the same one (rollback-mark.ts markRolledBack), so it names neither alone.
 */
export const MARK_WRITERS = "a rollback (rollback --now or a watch's own)";

/** What a pool's description says, as the API lists it (written by the traffic stack, or marked by a rollback). */
export interface DescribedPool {
  readonly build?: string;
  /** When a `rollback --now` (or the watch's own rollback) took traffic from the pool, as it wrote it. */
  readonly rolledBackAt?: string;
}

export function readPoolDescription(description: string | undefined): DescribedPool {
  const inner = /\(([^()]*)\)$/.exec(description ?? "")?.[1];
  if (inner === undefined) return {};
  const parts = inner.split(", ");
  const build = parts.find((p) => p.startsWith(BUILD))?.slice(BUILD.length);
  const rolledBackAt = parts.find((p) => p.startsWith(ROLLED_BACK))?.slice(ROLLED_BACK.length);
  return { ...(build ? { build } : {}), ...(rolledBackAt ? { rolledBackAt } : {}) };
}
