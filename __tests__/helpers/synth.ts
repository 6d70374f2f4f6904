import { Testing, type TerraformStack } from "cdktf";
import type { AppConfig } from "../../lib/config/schema";
import { FEATURE_STACKS } from "../../lib/features";
import { adoptionOf } from "../../lib/features/edge/adoption";

/** A synthesized stack's JSON, parsed, with typed accessors for its resources. */
export interface SynthJson {
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly terraform: Record<string, unknown>;
  readonly output?: Record<string, Record<string, unknown>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly provider?: Record<string, unknown>;
}

/** Synthesizes one stack with validations on (Testing.synth(stack, true)). */
export function synthStack(stack: TerraformStack): SynthJson {
  return JSON.parse(Testing.synth(stack, true)) as SynthJson;
}

/**
 * Builds and synthesizes the stack named `<kind>-<env>`, as `buildEnvironmentStacks` would build it
 * (stacks share nothing), loading only that concern's constructs and providers.
 */
export function synthKind(cfg: AppConfig, kind: string): SynthJson {
  // Specs of one folder share a module registry (runSpecs), so the same stack of the same config is
  // synthesized once per folder; each caller gets its own parsed copy to change.
  const key = `${kind}\u0000${JSON.stringify(cfg)}\u0000${JSON.stringify(adoptionOf(cfg) ?? null)}`;
  let text = synthesized.get(key);
  if (text === undefined) {
    const stack = FEATURE_STACKS.find((s) => s.kind === kind)?.build(Testing.app(), cfg, FEATURE_STACKS);
    if (!stack) throw new Error(`no ${kind} stack for ${cfg.environment}`);
    text = Testing.synth(stack, true);
    synthesized.set(key, text);
  }
  return JSON.parse(text) as SynthJson;
}
const synthesized = new Map<string, string>();

/** All resources of a type, as a list of [logical id, attributes]. */
export function resourcesOf(json: SynthJson, type: string): [string, Record<string, unknown>][] {
  return Object.entries(json.resource[type] ?? {});
}

/** The construct path cdktf records for a resource (`edge-production/Zone/Resource`). */
export function constructPath(resource: Record<string, unknown>): string {
  const meta = resource["//"];
  if (typeof meta !== "object" || meta === null) return "";
  const m = (meta as { metadata?: { path?: unknown } }).metadata;
  return typeof m?.path === "string" ? m.path : "";
}
