import type { ChangeView } from "../../../core/plan/changes";
import { isRecord } from "../../../core/json";
import { UNKNOWN } from "../../../core/plan/values";
import { afterOf, at, items, type RiskRule, str } from "../../../platform/risks";
import { openings, referenceChanges, relabelAccess } from "./access-references";
import { durationRaised } from "./durations";
import { templateText } from "./template";

/** A rule entry as text, e.g. `email_domain {"domain":"example.org"}`; masked values render as "{}". */
function describe(entry: unknown): string {
  if (!isRecord(entry)) return JSON.stringify(entry) ?? "(unknown)";
  return Object.entries(entry)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k} ${JSON.stringify(v) ?? "(sensitive)"}`)
    .join(", ");
}

function entries(value: unknown, key: string): Set<string> {
  return new Set(items(at(value, key)).map(describe));
}

function isEveryone(entry: string): boolean {
  return entry.startsWith("everyone ");
}

/**
 * include gained entries (everyone above all); exclude/require lost entries. A policy or list known only
 * after apply drops nothing (the review shows it as `(known after apply)`).
 */
function broadenings(before: unknown, after: unknown, label: string): string[] {
  if (after === UNKNOWN) return [];
  const out: string[] = [];
  const include = templateText(at(after, "include"));
  if (include !== undefined && include !== at(before, "include"))
    return [`${label}: include set by the expression ${include}: may let anyone in`];
  if (at(after, "include") !== undefined && !Array.isArray(at(after, "include"))) return []; // unknown until apply
  const bi = entries(before, "include");
  const added = [...entries(after, "include")].filter((e) => !bi.has(e));
  if (added.some(isEveryone)) out.push(`${label}: include now has everyone`);
  const others = added.filter((e) => !isEveryone(e));
  if (others.length > 0) out.push(`${label}: include adds ${others.join("; ")}`);
  for (const key of ["exclude", "require"]) {
    if (at(after, key) === UNKNOWN) continue;
    const a = entries(after, key);
    const removed = [...entries(before, key)].filter((e) => !a.has(e));
    if (removed.length > 0) out.push(`${label}: ${key} drops ${removed.join("; ")}`);
  }
  const bd = str(at(before, "decision"));
  const ad = str(at(after, "decision"));
  if (bd !== undefined && ad !== undefined && bd !== ad && (ad === "bypass" || bd === "deny"))
    out.push(`${label}: decision ${bd} -> ${ad}`);
  return out;
}

function appName(value: unknown): string {
  return str(at(value, "domain")) ?? str(at(value, "destinations", 0, "uri")) ?? str(at(value, "name")) ?? "application";
}

function accessWidenings(change: ChangeView): string[] {
  const after = afterOf(change);
  if (change.type === "cloudflare_zero_trust_access_application") {
    if (change.kind === "delete") return [`Access application ${appName(change.before)} deleted: the path is no longer behind Access`];
    if (after === null) return [];
    const out: string[] = [];
    const afterUris = new Set(items(at(after, "destinations")).map((d) => str(at(d, "uri"))));
    for (const d of items(at(change.before, "destinations"))) {
      const uri = str(at(d, "uri"));
      if (uri !== undefined && Array.isArray(at(after, "destinations")) && !afterUris.has(uri))
        out.push(`${uri} no longer covered by Access`);
    }
    const [destinations, policies] = [templateText(at(after, "destinations")), templateText(at(after, "policies"))];
    if (destinations !== undefined && destinations !== at(change.before, "destinations"))
      out.push(`${appName(change.before)}: destinations set by the expression ${destinations}: paths may leave Access`);
    if (policies !== undefined && policies !== at(change.before, "policies"))
      out.push(`${appName(change.before)}: policies set by the expression ${policies}: may let anyone in`);
    const bp = items(at(change.before, "policies"));
    for (const [i, p] of items(at(after, "policies")).entries()) out.push(...broadenings(bp[i], p, `${appName(after)} inline policy ${i}`));
    if (change.kind !== "create") out.push(...referenceChanges(change.before, after, appName(after)));
    out.push(...durationRaised(change.before, after, "session_duration", appName(after)));
    return out;
  }
  if (change.type === "cloudflare_zero_trust_access_policy" && change.kind === "delete") {
    return str(at(change.before, "decision")) === "deny" ? [`deny policy ${str(at(change.before, "name")) ?? ""} deleted`.trim()] : [];
  }
  if (after === null) return [];
  if (change.type === "cloudflare_zero_trust_access_service_token")
    return durationRaised(change.before, after, "duration", `service token ${str(at(after, "name")) ?? change.address}`);
  const label = str(at(after, "name")) ?? change.type.replace("cloudflare_zero_trust_access_", "");
  if (change.kind !== "create")
    return [...broadenings(change.before, after, label), ...durationRaised(change.before, after, "session_duration", label)];
  // A new policy lets in whoever it names on every application that uses it (by reference).
  const open = change.type === "cloudflare_zero_trust_access_policy" ? openings(after) : [];
  return open.length > 0 ? [`${label}: new policy with ${open.join(", ")}: lets anyone in where an application uses it`] : [];
}

export const accessWidened: RiskRule = {
  id: "access-widened",
  title: "Access policy widened",
  explanation:
    "A broader include (everyone, a new domain), a dropped require/exclude, a deleted application or a wider policy now used lets more people in; a longer session or service-token duration keeps stolen credentials valid longer.",
  types: [
    "cloudflare_zero_trust_access_policy",
    "cloudflare_zero_trust_access_application",
    "cloudflare_zero_trust_access_group",
    "cloudflare_zero_trust_access_service_token",
  ],
  check: accessWidenings,
  relabel: relabelAccess,
};
