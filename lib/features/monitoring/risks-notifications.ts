/**
 * A Cloudflare notification policy silenced: the monitoring stack's certificate and service-token
 * alerts (and the traffic stack's pool health) reach the on-call only through the policy's `enabled`
 * flag and its mechanisms (`mechanisms.email[].id`, webhooks, PagerDuty). Disabled, deleted, or with a
 * receiver removed or swapped for another, the alert reaches nobody it did. Read alike in a plan and a
 * configuration diff; a value known only after apply is not judged.
 */
import type { ChangeView } from "../../core/plan/changes";
import { bool, isRecord } from "../../core/json";
import { UNKNOWN } from "../../core/plan/values";
import { at, isTemplate, items, str } from "../../platform/risks";

export const NOTIFICATION_POLICY_TYPE = "cloudflare_notification_policy";

/**
 * The receivers of a policy by mechanism (`email a@example.com`); undefined when any is known only after
 * apply (or the whole block is an expression), so nothing is read as removed.
 */
function receivers(policy: unknown): Set<string> | undefined {
  const mechanisms = at(policy, "mechanisms");
  if (mechanisms === UNKNOWN || isTemplate(mechanisms)) return undefined;
  const out = new Set<string>();
  if (!isRecord(mechanisms)) return out;
  for (const [kind, list] of Object.entries(mechanisms)) {
    if (list === UNKNOWN || isTemplate(list)) return undefined;
    for (const item of items(list)) {
      const id = at(item, "id");
      if (id === UNKNOWN || item === UNKNOWN) return undefined;
      out.add(`${kind} ${str(id) ?? "(no id)"}`);
    }
  }
  return out;
}

/** What a change to a Cloudflare notification policy takes from who gets its alerts. */
export function notificationSilenced(change: ChangeView): string[] {
  const name = `Cloudflare notification policy ${str(at(change.before, "name")) ?? change.address}`;
  if (change.kind === "delete") return [`${name} deleted: its alerts reach nobody`];
  if (change.kind !== "update" && change.kind !== "replace") return [];
  const out: string[] = [];
  // "false" is false to Terraform; a template (only in a configuration diff) may be.
  const [was, now] = [at(change.before, "enabled"), at(change.after, "enabled")];
  if (bool(was) !== false) {
    if (bool(now) === false) out.push(`${name} disabled: its alerts reach nobody`);
    else if (isTemplate(now) && now !== was) out.push(`${name}: enabled set by the expression ${now}: may disable it`);
  }
  const [before, after] = [receivers(change.before), receivers(change.after)];
  if (before === undefined || after === undefined) return out;
  const added = [...after].filter((r) => !before.has(r));
  for (const r of [...before].filter((x) => !after.has(x)))
    out.push(`${name}: no longer alerts ${r}${added.length > 0 ? ` (now ${added.join(", ")})` : ""}`);
  return out;
}
