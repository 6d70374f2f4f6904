/**
 * The provisioners of a synthesized stack's resources as a plan's `configuration` holds them
 * (lib/core/plan/provisioners.ts), so a configuration diff (config-diff.ts) is flagged and digested as
 * a plan is. `cdk.tf.json` writes a provisioner block in HCL's JSON syntax, `"provisioner": [{"local-exec":
 * {"command": "…", "when": "destroy"}}]` (a label level may be an object or a list of objects, as every
 * block's: https://developer.hashicorp.com/terraform/language/syntax/json#nested-block-mapping). Each
 * argument becomes `{"constant_value": <as written>}`: a template (`${var.x}`) is shown as written, not
 * evaluated. `when` and `on_failure` are kept, which Terraform's own plan JSON drops; the connection
 * block is left out, as Terraform does.
 */
import { isRecord } from "../../core/json";

/** Arguments of a provisioner block that are not expressions of what it runs. */
const META = new Set(["when", "on_failure", "connection"]);

/** One provisioner block as Terraform writes it in a plan's configuration, plus `when` and `on_failure`. */
function asConfigured(type: string, body: unknown): Record<string, unknown> {
  // Not an object: a type with nothing readable, flagged as unreadable (provisioners.ts), never dropped.
  if (!isRecord(body)) return { type: "" };
  const expressions = Object.fromEntries(
    Object.entries(body)
      .filter(([k]) => !META.has(k))
      .map(([k, v]) => [k, { constant_value: v }]),
  );
  return {
    type,
    ...(body.when !== undefined ? { when: body.when } : {}),
    ...(body.on_failure !== undefined ? { on_failure: body.on_failure } : {}),
    expressions,
  };
}

/** A resource block's `provisioner` value as the list a plan's configuration writes, in order; undefined when it has none. */
function provisionersOf(declared: unknown): Record<string, unknown>[] | undefined {
  if (declared === undefined || declared === null) return undefined;
  const out: Record<string, unknown>[] = [];
  for (const item of Array.isArray(declared) ? declared : [declared]) {
    if (!isRecord(item)) {
      out.push({ type: "" });
      continue;
    }
    for (const [type, bodies] of Object.entries(item))
      for (const body of Array.isArray(bodies) ? bodies : [bodies]) out.push(asConfigured(type, body));
  }
  return out;
}

/**
 * The `configuration` of a configuration diff's plan: the head's resources (`resource` blocks by type and
 * name) that declare a provisioner; undefined when none does.
 */
export function provisionerConfiguration(
  resources: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
): { root_module: { resources: unknown[] } } | undefined {
  const out: unknown[] = [];
  for (const [type, byName] of Object.entries(resources))
    for (const [name, block] of Object.entries(byName)) {
      const provisioners = provisionersOf(isRecord(block) ? block.provisioner : undefined);
      if (provisioners) out.push({ address: `${type}.${name}`, mode: "managed", type, name, provisioners });
    }
  return out.length > 0 ? { root_module: { resources: out } } : undefined;
}
