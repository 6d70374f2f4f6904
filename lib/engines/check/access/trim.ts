import { isRecord, list } from "../../../core/json";

/**
 * What the simulator is given of a policy. It analyses every statement of every policy it is given
 * (resources, principals, conditions) whatever the statement's Action; a statement whose Action cannot
 * match the request never counts, so leaving it out cannot change an answer. NotAction statements,
 * and statements without an Action, stay whole.
 */

type Doc = Readonly<Record<string, unknown>>;

/** The policy with the statements whose Action entries can match, each keeping only those entries. */
function keepMatching(doc: Doc, matches: (entry: unknown) => boolean): Doc {
  const statements = doc.Statement;
  if (!Array.isArray(statements)) return doc;
  const kept: unknown[] = [];
  for (const statement of statements) {
    if (!isRecord(statement) || statement.Action === undefined) {
      kept.push(statement);
      continue;
    }
    const entries = list(statement.Action).filter(matches);
    if (entries.length === 0) continue;
    kept.push(Array.isArray(statement.Action) ? { ...statement, Action: entries } : statement);
  }
  return { ...doc, Statement: kept };
}

/** The service of an action or Action entry, lower-cased (`kms` of `kms:Decrypt`). */
export function serviceOf(action: string): string {
  return action.split(":")[0]?.toLowerCase() ?? "";
}

/** The policy for the actions of `action`'s service: entries naming that service, or `*`. */
export function forService(doc: Doc, action: string): Doc {
  const service = serviceOf(action);
  return keepMatching(doc, (entry) => {
    const prefix = serviceOf(String(entry));
    return prefix === "*" || prefix === service;
  });
}

/**
 * Whether an Action entry can match `service:name`, as the simulator matches one (iam-simulate
 * action.js `requestMatchesSingleAction`: `*`, or the same service and the name matching the entry's `*`
 * and `?` wildcards, case-insensitively). An entry of any other form is kept: only what certainly
 * cannot match is left out.
 */
function mayMatch(entry: unknown, service: string, name: string): boolean {
  if (typeof entry !== "string" || entry === "*") return true;
  const colon = entry.indexOf(":");
  if (colon === -1) return true;
  if (entry.slice(0, colon).toLowerCase() !== service) return false;
  const pattern = entry.slice(colon + 1);
  if (!/^[A-Za-z0-9*?]+$/.test(pattern)) return true;
  return new RegExp(`^${pattern.replace(/\?/g, ".").replace(/\*/g, ".*")}$`, "i").test(name);
}

/**
 * The policy for `action` alone: most of ReadOnlyAccess (about 2,700 entries) and a key policy's
 * administration statements are left out of a decrypt, and with them their conditions, which the
 * simulator would evaluate for nothing.
 */
export function forAction(doc: Doc, action: string): Doc {
  const service = serviceOf(action);
  const name = action.slice(action.indexOf(":") + 1);
  return keepMatching(doc, (entry) => mayMatch(entry, service, name));
}
