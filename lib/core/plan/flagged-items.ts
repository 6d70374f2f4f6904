/**
 * Items of a list that are secrets because of the items before them: the value after a secret flag, a
 * MySQL client's `-pX`, the items of a private key block. Neither text patterns nor names see them, as
 * each item is its own string; the list as a whole tells.
 */
import { isRecord } from "../json";
import { mapItems, mapMembers } from "./copy-on-change";
import { KEY_BLOCK_ITEM, keyBlockEnd } from "./key-blocks";
import { REDACTED_VALUE } from "./redacted-value";
import { MYSQL_PROGRAM } from "./secret-assignments";
import { SETTING, secretFlag } from "./secret-names";
import { toolPasswordItems } from "./tool-passwords";

/**
 * The names the items of a list stand under, where an item is a secret because of the ones before it:
 * the item after a secret flag (`["app", "--password", X]`: X stands under `--password`), a MySQL
 * client's `-pX` (`["mysql", "-u", "root", "-pX"]`), a password a program's option gives
 * (`["curl", "-u", "user:X"]`, `["sshpass", "-p", X]`: tool-passwords.ts), and every item of a private key block split across
 * items (`["-----BEGIN … PRIVATE KEY-----", body, "-----END … PRIVATE KEY-----"]`, its header to its
 * end line, as the block is hidden in one text). Undefined when none does (most lists: one test per item).
 */
export function flaggedItemNames(list: readonly unknown[]): readonly (string | undefined)[] | undefined {
  let names: (string | undefined)[] | undefined;
  let mysql: boolean | undefined;
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (typeof v !== "string") continue;
    const blockEnd = keyBlockEnd(list, i);
    if (blockEnd !== undefined) {
      names ??= [];
      for (let j = i; j <= blockEnd; j++) names[j] = KEY_BLOCK_ITEM;
      i = blockEnd;
      continue;
    }
    if (v.charCodeAt(0) !== 45 /* - */) continue;
    const next = list[i + 1];
    if (typeof next === "string" && !v.includes("=") && /^--?[A-Za-z]/.test(v) && secretFlag(v)) {
      names ??= [];
      names[i + 1] = v;
    }
    if (/^-p[^\s]/.test(v)) {
      mysql ??= list.some((w) => typeof w === "string" && MYSQL_PROGRAM.test(w));
      if (mysql) {
        names ??= [];
        names[i] = "password";
      }
    }
  }
  for (const i of toolPasswordItems(list)) {
    names ??= [];
    names[i] ??= "password";
  }
  return names;
}

/** What a hidden item of a list reads as after a change when it differs from the item before it. */
const REDACTED_CHANGED = "(redacted, changed)";

/**
 * A JSON document (decoded from a string) with each item a secret flag names (flaggedItemNames)
 * replaced: by REDACTED_VALUE, or in the after side (`other` is the before side) by REDACTED_CHANGED
 * when it differs from the before side's item at the same place, so a document compared as sets of
 * strings still shows that the secret changed. The same object back when nothing was replaced.
 */
export function hideFlaggedItems(doc: unknown, other?: unknown, after = false): unknown {
  if (Array.isArray(doc)) {
    const names = flaggedItemNames(doc);
    return mapItems(doc, (v, i) => {
      const was = Array.isArray(other) ? other[i] : undefined;
      if (names?.[i] === undefined || typeof v !== "string" || SETTING.test(v)) return hideFlaggedItems(v, was, after);
      return after && was !== v ? REDACTED_CHANGED : REDACTED_VALUE;
    });
  }
  if (isRecord(doc)) return mapMembers(doc, (v, k) => hideFlaggedItems(v, isRecord(other) ? other[k] : undefined, after));
  return doc;
}
