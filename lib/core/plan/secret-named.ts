/**
 * Strings a structured value holds under secret names (`DB_PASSWORD`, a pair's name, a secret flag's
 * item), hidden whatever they look like, also inside JSON documents held in strings: Terraform does not
 * mark what it does not know is a secret (Lambda environment variables, outputs, user data).
 */
import { isRecord, tooDeepAt } from "../json";
import { mapItems, mapMembers } from "./copy-on-change";
import { exactJson } from "./exact-numbers";
import { flaggedItemNames } from "./flagged-items";
import { decodeJsonString } from "./json-attributes";
import { pairedName } from "./name-value-pairs";
import { REDACTED_VALUE } from "./redacted-value";
import { isSecretValue } from "./secret-names";

/** JSON documents inside JSON strings decoded at most this deep (a task definition's env holding JSON). */
const MAX_JSON_DEPTH = 4;
/** A text that may hold a secret-named key: worth walking; most values do not. */
const MAY_NAME_SECRET = /pass|pwd|psk|secret|token|key|credential|connection|authorization|cookie|jwt|mysql|mariadb/i;

/**
 * `value` with every string under a secret-named key (or name/value pair) replaced, also inside JSON
 * documents held in strings, nested up to MAX_JSON_DEPTH: a string holding one is re-encoded only when
 * something in it was replaced. The same object back when nothing was (most values: one regex test).
 */
export function redactSecretNamed(value: unknown, name?: string | number, depth = 0): unknown {
  if (typeof value === "string") {
    if (value !== "" && name !== undefined && isSecretValue(name, value)) return REDACTED_VALUE;
    if (depth >= MAX_JSON_DEPTH || !MAY_NAME_SECRET.test(value)) return value;
    const doc = decodeJsonString(value);
    if (doc === undefined) return value;
    // A document too deep to walk cannot be read for secret names: hidden whole (fails closed).
    if (tooDeepAt(doc) !== undefined) return REDACTED_VALUE;
    const scrubbed = redactSecretNamed(doc, undefined, depth + 1);
    return scrubbed === doc ? value : (exactJson(scrubbed) ?? value);
  }
  if (Array.isArray(value)) {
    const flagged = flaggedItemNames(value);
    return mapItems(value, (v, i) => redactSecretNamed(v, flagged?.[i] ?? name, depth));
  }
  if (isRecord(value)) return mapMembers(value, (v, k) => redactSecretNamed(v, pairedName(value, k), depth));
  return value;
}

/** False when a text (a value as JSON) names no secret: redactSecretNamed would return it as it is. */
export function mayNameSecret(text: string): boolean {
  return MAY_NAME_SECRET.test(text);
}
