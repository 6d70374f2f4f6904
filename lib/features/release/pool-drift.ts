import type { AppConfig } from "../../config/schema";
import type { Colour, ReleaseConfig } from "./schema";
import { desiredTraffic } from "./traffic";

/** What the API says of a colour pool: the two fields release commands change on pools. */
export interface PoolView {
  readonly enabled?: boolean;
  readonly description?: string;
}

const shown = (v: string | boolean | undefined): string => (v === undefined ? "(unset)" : JSON.stringify(v));

/**
 * What a deploy of the traffic stack would still change on the colour pools after the API path
 * (`--now`, `--watch`) set the steering: a pool's `description` (it names the build, so every `start`
 * changes it) and `enabled` (`release.drained`). The steering itself is what the API path just set.
 * One line per difference, empty when the pools match the config.
 */
export function poolChangesOnDeploy(cfg: AppConfig, release: ReleaseConfig, listed: (colour: Colour) => PoolView): string[] {
  return desiredTraffic(cfg, release).pools.flatMap((want) => {
    const have = listed(want.colour);
    const out: string[] = [];
    if (have.description !== want.description)
      out.push(`pool ${want.name}: description ${shown(have.description)} -> ${shown(want.description)}`);
    if (have.enabled !== want.enabled) out.push(`pool ${want.name}: enabled ${shown(have.enabled)} -> ${shown(want.enabled)}`);
    return out;
  });
}
