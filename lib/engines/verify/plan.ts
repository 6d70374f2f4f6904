import type { AppConfig } from "../../config/schema";
import { FEATURES } from "../../features";
import type { CheckedProbeInputs, ProbeInputs, ProbeSet, RefusedProbeInput } from "../../platform/probes";

/**
 * Every concern's probe sets (Feature.probes), in registry order, the timed ones last: what `golive
 * verify` will send for one environment, derived from config and the synthesized records only.
 */
export function probeSets(cfg: AppConfig, inputs: ProbeInputs): ProbeSet[] {
  const sets = FEATURES.flatMap((f) => f.probes?.(cfg, inputs) ?? []);
  return [...sets.filter((s) => s.timed !== true), ...sets.filter((s) => s.timed === true)];
}

/** Every concern's refusals of verify's inputs (Feature.refusedProbeInputs), in registry order: usage errors, found before any probe is planned. */
export function refusedProbeInputs(cfg: AppConfig, inputs: CheckedProbeInputs): RefusedProbeInput[] {
  return FEATURES.flatMap((f) => f.refusedProbeInputs?.(cfg, inputs) ?? []);
}
