import type { ChangeView } from "../../core/plan/changes";
import { SHOW_UNKNOWN } from "../../core/plan/values";

/**
 * Cloudflare provider v5 resource types with reported perpetual diffs (plans that show an update right
 * after an apply), each with the terraform-provider-cloudflare issues that report it. Only types with a
 * public report are listed; an update of one of these is "likely drift" when nothing but values known
 * after apply or empty-vs-null changed.
 */
export const KNOWN_DRIFT: Readonly<Record<string, readonly string[]>> = {
  cloudflare_ruleset: ["#5419", "#5600", "#5657"],
  cloudflare_zone_setting: ["#6436"],
  cloudflare_load_balancer: ["#7339"],
  cloudflare_load_balancer_pool: ["#6140", "#7179"],
  cloudflare_dns_record: ["#5472"],
};

export const DRIFT_ISSUES_URL = "https://github.com/cloudflare/terraform-provider-cloudflare/issues";

const EMPTY = new Set(["null", "[]", "{}", '""']);

/** An update of a known-drift type whose changed leaves are all unknown-after-apply or empty-vs-null. */
export function isLikelyDrift(change: ChangeView): boolean {
  if (change.kind !== "update" || KNOWN_DRIFT[change.type] === undefined || change.attributes.length === 0) return false;
  return (
    change.attributesOmitted === 0 &&
    change.attributes.every((a) => a.after === SHOW_UNKNOWN || (EMPTY.has(a.before) && EMPTY.has(a.after)))
  );
}

/**
 * Whether report.ts marked `change` as likely drift. It marks updates by address, and a deposed object's
 * delete (left by a failed create_before_destroy replacement) shares the current object's address: only
 * the update is the noise, the delete is a real change to review (and to the drift check, drift).
 */
export function markedDrift(likely: ReadonlySet<string>, change: ChangeView): boolean {
  return change.kind === "update" && likely.has(change.address);
}
