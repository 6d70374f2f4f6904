/**
 * The provisioners a plan's configuration declares. A provisioner is no attribute: no resource change
 * holds it, only `configuration` does, per resource of the root module and of every module call
 * (`module_calls.<name>.module.resources[]`), as `{"type": "local-exec", "expressions": {"command":
 * {"constant_value": "…"}}}`; an argument Terraform cannot evaluate while planning is written as the
 * references it reads (`{"references": ["var.cmd"]}`). Terraform writes neither `when` nor `on_failure`
 * nor a connection block (jsonconfig's provisioner has only `type` and `expressions`): `when` is read when
 * present (a configuration diff writes it, config-diff.ts), else unknown.
 */
import { isRecord } from "../json";
import type { PlanJson, ResourceChange } from "./schema";

/** The type of a provisioner whose shape is not Terraform's: still flagged, never skipped. */
const UNREADABLE_PROVISIONER = "(unreadable provisioner)";

export interface ConfiguredProvisioner {
  /** `local-exec`, `remote-exec`, `file`; UNREADABLE_PROVISIONER when the plan wrote something else. */
  readonly type: string;
  /** When the configuration says (`destroy`, `create`); undefined in Terraform's own plan JSON. */
  readonly when?: "create" | "destroy";
  /** `continue` or `fail`, when the configuration says. */
  readonly onFailure?: string;
  /** Each argument and its expression as written, what runs first (command, inline, script, source) first. */
  readonly expressions: readonly (readonly [string, unknown])[];
}

export interface ProvisionedResource {
  /** The configuration address: modules without instance keys (`module.jobs.terraform_data.inner`). */
  readonly address: string;
  readonly type: string;
  readonly provisioners: readonly ConfiguredProvisioner[];
  /** The `provisioners` value as the plan wrote it: what a review digest covers. */
  readonly declared: unknown;
}

/** Arguments that say what a provisioner runs or copies, shown before the rest. */
const FIRST = ["command", "inline", "script", "scripts", "source", "content", "destination", "interpreter", "environment"];

function ordered(expressions: Record<string, unknown>): [string, unknown][] {
  const rank = (k: string): number => (FIRST.includes(k) ? FIRST.indexOf(k) : FIRST.length);
  return Object.entries(expressions).sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function provisionerOf(p: unknown): ConfiguredProvisioner {
  if (!isRecord(p) || typeof p.type !== "string" || p.type === "") return { type: UNREADABLE_PROVISIONER, expressions: [] };
  const when = p.when === "destroy" || p.when === "create" ? p.when : undefined;
  return {
    type: p.type,
    ...(when ? { when } : {}),
    ...(typeof p.on_failure === "string" ? { onFailure: p.on_failure } : {}),
    expressions: isRecord(p.expressions) ? ordered(p.expressions) : [],
  };
}

/** The provisioners of a configured resource: none when it declares none; unreadable ones when the shape is not Terraform's. */
function provisionersOf(declared: unknown): ConfiguredProvisioner[] {
  if (declared === undefined || declared === null) return [];
  if (!Array.isArray(declared)) return [provisionerOf(undefined)];
  return declared.map(provisionerOf);
}

/**
 * Every configured resource declaring a provisioner, root module first, then module calls by name.
 * Iterative: a plan's module calls have no depth limit.
 */
export function provisionedResources(plan: PlanJson): ProvisionedResource[] {
  const out: ProvisionedResource[] = [];
  const todo: { module: unknown; prefix: string }[] = [{ module: plan.configuration?.root_module, prefix: "" }];
  // The list grows while it is walked: each module once, in order.
  for (let i = 0; i < todo.length; i++) {
    const { module, prefix } = todo[i] as (typeof todo)[number];
    if (!isRecord(module)) continue;
    for (const r of Array.isArray(module.resources) ? module.resources : []) {
      if (!isRecord(r)) continue;
      const provisioners = provisionersOf(r.provisioners);
      if (provisioners.length === 0) continue;
      const type = typeof r.type === "string" ? r.type : "(unknown type)";
      const own = typeof r.address === "string" ? r.address : `${r.mode === "data" ? "data." : ""}${type}.${String(r.name)}`;
      out.push({ address: `${prefix}${own}`, type, provisioners, declared: r.provisioners });
    }
    const calls = isRecord(module.module_calls) ? module.module_calls : {};
    for (const name of Object.keys(calls).sort()) {
      const call = calls[name];
      if (isRecord(call)) todo.push({ module: call.module, prefix: `${prefix}module.${name}.` });
    }
  }
  return out;
}

/** A module address without its instance keys: `module.a["x"].module.b[0]` -> `module.a.module.b`. */
function withoutKeys(address: string): string {
  let out = "";
  for (let i = 0; i < address.length; i++) {
    if (address[i] !== "[") {
      out += address[i];
      continue;
    }
    // Skip to the closing bracket; a quoted key may hold `]` and escaped quotes.
    for (i++; i < address.length && address[i] !== "]"; i++)
      if (address[i] === '"') for (i++; i < address.length && address[i] !== '"'; i++) if (address[i] === "\\") i++;
  }
  return out;
}

/** The configuration address of a resource change: what `provisionedResources` names it by. */
export function configAddress(rc: Pick<ResourceChange, "module_address" | "mode" | "type" | "name">): string {
  const module = rc.module_address ? `${withoutKeys(rc.module_address)}.` : "";
  return `${module}${rc.mode === "data" ? "data." : ""}${rc.type}.${rc.name}`;
}
