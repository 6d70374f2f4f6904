/**
 * Shapes of a change that the schema lets through one field at a time but Terraform never writes as a
 * whole: an action list it has no meaning for, one object listed twice, an `after_unknown` mark unlike
 * its value. Read as golive reads a plan, each hides a change (a `["delete", "delete"]` destroy read as
 * a no-op, a second change of one address counted again, a policy under an edited mark not shown), so
 * each refuses the plan, one line naming the field and the resource.
 */
import { clip } from "../clip";
import { isRecord } from "../json";
import { redact } from "../redact";
import { joinPath } from "./attribute-diff";
import { kindName, unknownMarkMismatch } from "./marks";
import type { PlanChange, PlanJson } from "./schema";

/**
 * The action lists Terraform writes. Its JSON format documentation ("Change Representation",
 * developer.hashicorp.com/terraform/internals/json-format) lists ["no-op"], ["create"], ["read"],
 * ["update"], ["delete", "create"], ["create", "delete"] and ["delete"]; later versions add ["forget"]
 * (a `removed` block with `destroy = false`, Terraform 1.7) and ["create", "forget"] (a replacement
 * whose old object is forgotten), written by internal/command/jsonplan actionString for plans.Forget and
 * plans.CreateThenForget. Any other list is no plan Terraform made.
 */
export const TERRAFORM_ACTIONS: ReadonlySet<string> = new Set([
  "no-op",
  "create",
  "read",
  "update",
  "delete",
  "forget",
  "delete,create",
  "create,delete",
  "create,forget",
]);

const EDITED = "the plan was edited, not made by terraform show -json";
const ALLOWED = [...TERRAFORM_ACTIONS].map((a) => JSON.stringify(a.split(","))).join(", ");

/** An address as a problem line names it: quoted (a line break in it is shown, not obeyed), cut, redacted. */
function named(address: string): string {
  return redact(JSON.stringify(clip(address, 200)));
}

/** The path of a part of a change, its keys quoted where a key is not a plain name. */
function fieldPath(base: string, parts: readonly (string | number)[]): string {
  return clip(
    parts.reduce<string>((path, part) => joinPath(path, part), base),
    300,
  );
}

function actionProblem(field: string, change: PlanChange, who: string): string | undefined {
  const actions = change.actions.join(",");
  if (TERRAFORM_ACTIONS.has(actions)) return undefined;
  return `${field} (${who}): ${JSON.stringify(change.actions)} is no action list Terraform writes (${ALLOWED}); ${EDITED}`;
}

function markProblem(field: string, value: unknown, mark: unknown, who: string): string | undefined {
  const mismatch = unknownMarkMismatch(value, mark);
  if (!mismatch) return undefined;
  return `${fieldPath(field, mismatch.path)} (${who}): ${mismatch.problem}; Terraform writes after_unknown in its value's shape (true for an unknown value, an object or array mirroring a container): ${EDITED}`;
}

/**
 * One problem line per change of a shape Terraform never writes: an action list not in
 * TERRAFORM_ACTIONS, a resource object listed twice (an address with its `deposed` key: a deposed
 * object shares its instance's address), a resource's `after_unknown` that is not an object (Terraform
 * writes `{}` for a wholly known value, jsonplan marshalResourceChange), a mark shaped unlike its value.
 */
export function changeShapeProblems(plan: PlanJson): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const [i, rc] of (plan.resource_changes ?? []).entries()) {
    const who = named(rc.address);
    const base = `resource_changes[${i}]`;
    const actions = actionProblem(`${base}.change.actions`, rc.change, who);
    if (actions) problems.push(actions);
    const object = `${rc.address}\u0000${rc.deposed ?? ""}`;
    const first = seen.get(object);
    if (first === undefined) seen.set(object, i);
    else
      problems.push(
        `${base}.address (${who}): listed twice${rc.deposed === undefined ? "" : " with one deposed key"} (first at resource_changes[${first}]); Terraform lists each object once: ${EDITED}`,
      );
    const unknown = rc.change.after_unknown;
    if (unknown !== undefined && !isRecord(unknown))
      problems.push(
        `${base}.change.after_unknown (${who}): ${kindName(unknown)}, not an object (Terraform marks a resource's unknown values in an object mirroring it, {} when all are known): ${EDITED}`,
      );
    else {
      const mark = markProblem(`${base}.change.after_unknown`, rc.change.after, unknown, who);
      if (mark) problems.push(mark);
    }
  }
  for (const [name, oc] of Object.entries(plan.output_changes ?? {})) {
    const field = fieldPath("output_changes", [name]);
    const who = named(`output.${name}`);
    const actions = actionProblem(`${field}.actions`, oc, who);
    if (actions) problems.push(actions);
    // An output's mark may be one boolean (jsonplan MarshalOutputChanges): only its parts are checked.
    const mark = markProblem(`${field}.after_unknown`, oc.after, oc.after_unknown, who);
    if (mark) problems.push(mark);
  }
  return problems;
}
