import type { AppConfig } from "../../config/schema";
import { FEATURES } from "../../features";
import type { ProbeInputs, ProbeSet } from "../../platform/probes";

/**
 * Every concern's probe sets (Feature.probes), in registry order, the timed ones last: what `golive
 * verify` will send for one environment, derived from config and the synthesized records only.
 */
export function probeSets(cfg: AppConfig, inputs: ProbeInputs): ProbeSet[] {
  const sets = FEATURES.flatMap((f) => f.probes?.(cfg, inputs) ?? []);
  return [...sets.filter((s) => s.timed !== true), ...sets.filter((s) => s.timed === true)];
}
