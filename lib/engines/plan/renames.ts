import type { ChangeView } from "../../core/plan/changes";
import { at, str } from "../../core/json";
import { coversAll } from "../../core/plan/values";
import type { RiskFlag } from "../../platform/risks";

/** Attributes that name a real object, in the order identity() tries them. */
const NAME_KEYS = ["name", "bucket", "alarm_name", "hostname", "domain", "secret_id", "alias", "arn"] as const;
/** What a DNS record is: its name, type and content together. */
const DNS_KEYS = ["name", "type", "content"] as const;

/**
 * Only the attributes identity() reads, plain strings outside sensitivity marks: a destroy or create of a
 * type no risk rule reads keeps these, not its whole value (report.ts), so the guard covers every type.
 */
export function identityValues(type: string, value: unknown, sensitive: unknown): Record<string, string> | null {
  if (coversAll(sensitive) || value === null || typeof value !== "object") return null;
  const out: Record<string, string> = {};
  for (const key of type === "cloudflare_dns_record" ? DNS_KEYS : NAME_KEYS) {
    const v = str(at(value, key));
    if (v !== undefined && !coversAll(at(sensitive, key))) out[key] = v;
  }
  return out;
}

/** What names a real object, per type: equal on a destroy and a create, it is the same object renamed in code. */
function identity(type: string, value: unknown): string | undefined {
  if (type === "cloudflare_dns_record") {
    const [name, kind, content] = [str(at(value, "name")), str(at(value, "type")), str(at(value, "content"))];
    return name && kind ? `${name} ${kind} ${content ?? ""}` : undefined;
  }
  for (const key of NAME_KEYS) {
    const v = str(at(value, key));
    if (v) return `${key}=${v}`;
  }
  return undefined;
}

export const RENAME_RULE = {
  id: "construct-renamed",
  title: "Probable construct rename: destroy and create of the same object",
  explanation:
    "A renamed construct id is a new Terraform address: the plan destroys the object (a secret, a bucket, a zone) and creates an empty one. prevent_destroy does not help: the old block is gone from the code with it.",
};

/**
 * A destroy and a create of one type with the same identity in one plan: cdktf's classic way to
 * destroy production data is a renamed construct id. Flags each pair with the code that keeps the object.
 */
export function probableRenames(changes: readonly ChangeView[]): RiskFlag[] {
  const created = new Map<string, ChangeView>();
  for (const c of changes) {
    if (c.kind !== "create") continue;
    const id = identity(c.type, c.after);
    if (id) created.set(`${c.type} ${id}`, c);
  }
  return changes.flatMap((c) => {
    if (c.kind !== "delete") return [];
    const id = identity(c.type, c.before);
    const twin = id ? created.get(`${c.type} ${id}`) : undefined;
    if (!twin) return [];
    return [
      {
        rule: RENAME_RULE.id,
        title: RENAME_RULE.title,
        address: c.address,
        ...(c.constructPath ? { constructPath: c.constructPath } : {}),
        detail: `${c.address} destroyed and ${twin.address} created with the same ${id}: if the construct was renamed, keep the object with \`moved { from = ${c.address} to = ${twin.address} }\` (cdktf: \`resource.moveFromId("${c.address}")\` on the new construct)`,
      },
    ];
  });
}
