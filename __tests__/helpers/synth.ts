import { Testing, type TerraformStack } from "cdktf";
import type { AppConfig } from "../../lib/config/schema";
import { buildEnvironmentStacks } from "../../stacks";

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

/** Builds every stack of `cfg` and synthesizes the one named `<kind>-<env>`. */
export function synthKind(cfg: AppConfig, kind: string): SynthJson {
  const app = Testing.app();
  const stack = buildEnvironmentStacks(app, cfg).find((s) => s.node.id === `${kind}-${cfg.environment}`);
  if (!stack) throw new Error(`no ${kind} stack for ${cfg.environment}`);
  return synthStack(stack);
}

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
