/**
 * What an `aws_lambda_permission` opens: one statement of a function's resource policy (Lambda
 * AddPermission). `principal` says who may call; `source_arn`, `source_account`, `principal_org_id` and
 * `event_source_token` narrow it to one source ("If you specify a service, use SourceArn or
 * SourceAccount to limit who can invoke the function through that service": AddPermission, API
 * reference), and `function_url_auth_type` NONE is a public function URL. Every argument forces a
 * replacement (AWS provider: all ForceNew), so a change reads as a replace; an update reads alike.
 */
import type { ChangeView } from "../../core/plan/changes";
import { afterOf, at, str } from "../../platform/risks";

/** The arguments that narrow who may call through the principal; the token's value is never shown. */
const NARROWING = ["source_arn", "source_account", "principal_org_id", "event_source_token"] as const;

/** Unset: null or "" in a plan, absent in a configuration diff (a value known only after apply is set). */
const unset = (value: unknown): boolean => value === null || value === undefined || value === "";

/** `function opsbot-notify:live permission AllowSNS`. */
function permissionName(change: ChangeView, after: unknown): string {
  const fn = str(at(after, "function_name")) ?? change.address;
  const qualifier = str(at(after, "qualifier"));
  const statement = str(at(after, "statement_id"));
  return `function ${fn}${qualifier ? `:${qualifier}` : ""} permission${statement ? ` ${statement}` : ""}`;
}

/**
 * How a function permission lets more callers in than before: any principal (`*`), another principal,
 * a wildcard action, a narrowing argument dropped, a function URL without authentication. A new
 * permission is read against nothing: only `*`, a wildcard action and a public URL are flagged (the
 * review shows its values).
 */
export function lambdaPermissionWidened(change: ChangeView): string[] {
  const after = afterOf(change);
  if (after === null) return [];
  const before = change.kind === "create" ? undefined : change.before;
  const what = permissionName(change, after);
  const out: string[] = [];
  const [was, now] = [str(at(before, "principal")), str(at(after, "principal"))];
  const narrowed = NARROWING.filter((k) => !unset(at(after, k)));
  if (now === "*" && was !== "*")
    out.push(`${what}: now allows any principal (*)${narrowed.length === 0 ? `, with no ${NARROWING.slice(0, 3).join(", ")}` : ""}`);
  else if (now !== undefined && was !== undefined && now !== was) out.push(`${what}: principal ${was} -> ${now}`);
  const action = str(at(after, "action"));
  if (action !== undefined && (action === "*" || action.endsWith(":*")) && action !== str(at(before, "action")))
    out.push(`${what}: now allows ${action}`);
  for (const key of NARROWING) {
    if (unset(at(before, key)) || !unset(at(after, key))) continue;
    const old = key === "event_source_token" ? undefined : str(at(before, key));
    out.push(`${what}: no longer requires ${key}${old ? ` ${old}` : ""}`);
  }
  const auth = str(at(after, "function_url_auth_type"));
  if (auth === "NONE" && str(at(before, "function_url_auth_type")) !== "NONE")
    out.push(`${what}: function URL open without authentication (function_url_auth_type NONE)`);
  return out;
}
