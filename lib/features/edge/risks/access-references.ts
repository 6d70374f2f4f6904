import type { ResourceChange } from "../../../core/plan/schema";
import { isRecord } from "../../../core/json";
import { maskValue, UNKNOWN } from "../../../core/plan/values";
import { at, items, str } from "../../../platform/risks";

const POLICY_TYPE = "cloudflare_zero_trust_access_policy";
const APP_TYPE = "cloudflare_zero_trust_access_application";
/** `${cloudflare_zero_trust_access_policy.<name>.id}`: how a configuration names a policy of the stack. */
const REFERENCE = /^\$\{cloudflare_zero_trust_access_policy\.([\w-]+)\.id\}$/;
const PENDING = "(a policy known only after apply)";

/** A referenced policy as the flag names it: its address for a reference of the configuration, else its id. */
function policyKey(id: unknown): string {
  if (id === UNKNOWN) return PENDING;
  const text = str(id) ?? "(unknown)";
  const m = REFERENCE.exec(text);
  return m ? `${POLICY_TYPE}.${m[1]}` : text;
}

/**
 * What lets anyone (or any machine) past a policy: decision bypass, include everyone or any valid
 * service token. Empty for a policy that names who gets in.
 */
export function openings(policy: unknown): string[] {
  const out = str(at(policy, "decision")) === "bypass" ? ["decision bypass"] : [];
  for (const key of ["everyone", "any_valid_service_token"])
    if (items(at(policy, "include")).some((e) => isRecord(e) && e[key] !== undefined && e[key] !== null)) out.push(`include ${key}`);
  return out;
}

const MARK = ": policies now use ";

/**
 * The policies an application uses by reference that it did not use before (a new reference, or one
 * swapped for another: the admin app moved to the users' policy). The rule sees one change; what the
 * referenced policy lets in is read from the whole plan by `relabelAccess`.
 */
export function referenceChanges(before: unknown, after: unknown, label: string): string[] {
  const list = at(after, "policies");
  if (!Array.isArray(list)) return [];
  const was = items(at(before, "policies")).map((p) => policyKey(at(p, "id")));
  const had = new Set(was);
  const added = list.map((p) => policyKey(at(p, "id"))).filter((k) => k === PENDING || !had.has(k));
  const from = was.length > 0 ? ` (was ${was.join(", ")})` : "";
  return added.map((k) => `${label}${MARK}${k}${from}: review who it lets in`);
}

interface Seen {
  readonly address: string;
  readonly ids: readonly string[];
  readonly after: unknown;
}

function masked(rc: ResourceChange): { before: unknown; after: unknown } {
  return {
    before: maskValue(rc.change.before ?? null, rc.change.before_sensitive),
    after: maskValue(rc.change.after ?? null, rc.change.after_sensitive, rc.change.after_unknown),
  };
}

function policiesOf(changes: readonly ResourceChange[]): Seen[] {
  return changes
    .filter((rc) => rc.type === POLICY_TYPE)
    .map((rc) => {
      const { before, after } = masked(rc);
      const ids = [str(at(before, "id")), str(at(after, "id"))].filter((id): id is string => id !== undefined);
      return { address: rc.address, ids, after };
    });
}

/** Each application's destinations after the change, for a path that left its own application. */
function destinationsOf(changes: readonly ResourceChange[]): { name: string; uris: string[] }[] {
  return changes
    .filter((rc) => rc.type === APP_TYPE && rc.change.actions.join(",") !== "delete")
    .map((rc) => {
      const after = masked(rc).after;
      const uris = items(at(after, "destinations")).flatMap((d) => str(at(d, "uri")) ?? []);
      return { name: str(at(after, "name")) ?? rc.address, uris };
    });
}

/** True when `wider` covers `uri`: the same host and path, or a path prefix of it at a `/`. */
function covers(wider: string, uri: string): boolean {
  return wider !== uri && (uri.startsWith(`${wider.replace(/\/+$/, "")}/`) || wider === uri.split("/")[0]);
}

/** Each policy's address and ids in `text` replaced by its name, where the plan gives one. */
function named(text: string, policies: readonly Seen[]): string {
  let out = text;
  for (const p of policies) {
    const name = str(at(p.after, "name"));
    if (name !== undefined) for (const key of [p.address, ...p.ids]) out = out.split(key).join(name);
  }
  return out;
}

/**
 * How an Access flag reads once the whole plan is known: a policy an application now uses says what it
 * lets in (decision bypass, include everyone) as that policy is after the change; a path that left its
 * application but is still under a wider one (the root app) says it falls back to that app's policies.
 */
export function relabelAccess(changes: readonly ResourceChange[]): (detail: string) => string {
  const policies = policiesOf(changes);
  const apps = destinationsOf(changes);
  return (detail) => {
    const uncovered = / no longer covered by Access$/.exec(detail);
    if (uncovered) {
      const uri = detail.slice(0, uncovered.index);
      const wider = apps.flatMap((a) => a.uris.filter((u) => covers(u, uri)).map((u) => `${a.name} (${u})`));
      return wider.length > 0 ? `${uri} left its own Access application: falls back to the policies of ${wider[0]}` : detail;
    }
    const at_ = detail.indexOf(MARK);
    if (at_ < 0) return detail;
    const key = detail.slice(at_ + MARK.length).split(" ")[0] ?? "";
    const policy = policies.find((p) => p.address === key || p.ids.includes(key));
    const open = policy === undefined ? [] : openings(policy.after);
    const judged = open.length > 0 ? detail.replace(/: review who it lets in$/, `: ${open.join(", ")}: lets anyone in`) : detail;
    return judged.slice(0, at_) + named(judged.slice(at_), policies);
  };
}
