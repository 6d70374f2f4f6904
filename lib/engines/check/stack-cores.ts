import { stackName } from "../../core/names";
import type { EnvView } from "../../core/readiness/model";
import { FEATURES } from "../../features";
import type { EnvConfig, Finding } from "../../platform/readiness";

/**
 * Rule id -> the finding that fails it in the environment of `view`: every rule of each concern whose
 * config asks for its stack's core (FeatureStack.core: the zone, secrets.items, email) while that
 * stack is missing or declares none of the core resources. Such a stack was not written by golive
 * synth from this config, or was hollowed out after (`{"terraform":{}}`): its rules would otherwise say
 * n/a ("no Cloudflare zone in this environment") or pass over nothing. The staleness check refuses an
 * output whose golive.json shows it (lib/cli/stale-synth.ts); this holds without one, or when whoever
 * made the output also wrote its record (a pull request's synth output, which `golive check --dir`
 * reads with the default branch's code). None without a config.
 */
export function missingCores(view: EnvView, config: EnvConfig | undefined): Map<string, Finding> {
  const out = new Map<string, Finding>();
  if (config === undefined) return out;
  for (const feature of FEATURES) {
    const core = feature.stack?.core;
    const asked = core?.askedBy(config.app);
    if (feature.stack === undefined || core === undefined || asked === undefined) continue;
    const name = stackName(feature.stack.kind, view.env);
    const stack = view.stacks.find((s) => s.name === name);
    if (stack?.resources.some((r) => r.mode === "resource" && core.resourceTypes.includes(r.type))) continue;
    const types = core.resourceTypes.join(" or ");
    const asks = `${config.file} asks for ${asked.asks} (${asked.path})`;
    const finding: Finding = stack
      ? {
          message: `${name} declares no ${types}, though ${asks}: it is not the stack golive synth writes; run golive synth ${view.env}`,
          location: { kind: "stack", stack: name, file: stack.file },
        }
      : {
          message: `${name} is missing from the synth output, though ${asks}, which it declares (${types}); run golive synth ${view.env}`,
          location: { kind: "config", file: config.file, path: asked.path },
        };
    for (const rule of feature.rules) out.set(rule.id, finding);
  }
  return out;
}
