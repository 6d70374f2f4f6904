import type { AppConfig } from "../../config/schema";
import type { PlannedProbe, ProbeInputs } from "../../platform/probes";
import { probeSets } from "./plan";

/** Every probe of every concern, in the order verify sends them, without sending any. */
export function plannedProbes(cfg: AppConfig, inputs: ProbeInputs): PlannedProbe[] {
  return probeSets(cfg, inputs).flatMap((s) => s.planned);
}
