/**
 * The strings a plan holds as secrets, and where they occur in what a review shows. Terraform does not
 * always carry a sensitivity mark along (a `terraform_data` output echoing a sensitive input is unmarked
 * in the plan), so the review hides such a string wherever it shows it. Which strings it hides is part
 * of the plan digest (digest.ts), change by change: a plan cannot blank out a value in its review (a
 * sensitive variable holding an account id) and still have the digest of the plan without it.
 */
import { isRecord } from "../json";
import { escapeRegExp } from "../regexp";
import { exactDigits, isExactNumber } from "./exact-numbers";
import { decodeJsonString } from "./json-attributes";
import { marksLeaf, type Mask, subMask } from "./marks";
import type { PlanChange, PlanJson } from "./schema";
import { collectScrubbable, collectSensitive } from "./sensitive-strings";

/** Every sensitive string of a plan: values under sensitive marks (any change, no-ops too) and sensitive variables. */
export function planSecrets(plan: PlanJson, into: Set<string> = new Set()): Set<string> {
  for (const rc of plan.resource_changes ?? []) {
    collectSensitive(rc.change.before, rc.change.before_sensitive, into);
    collectSensitive(rc.change.after, rc.change.after_sensitive, into);
  }
  for (const c of Object.values(plan.output_changes ?? {})) {
    collectSensitive(c.before, c.before_sensitive, into);
    collectSensitive(c.after, c.after_sensitive, into);
  }
  const declared = plan.configuration?.root_module?.variables ?? {};
  for (const [name, v] of Object.entries(plan.variables ?? {})) if (declared[name]?.sensitive === true) collectScrubbable(v.value, into);
  return into;
}

/**
 * Every text a review can show of a value: keys, strings and numbers outside sensitive marks, and the
 * same of a JSON document held in a string (a policy is shown decoded, `\u003c` as `<`). Iterative.
 */
function shownTexts(value: unknown, sensitive: Mask, into: string[]): void {
  const todo: { v: unknown; s: Mask }[] = [{ v: value, s: sensitive }];
  while (todo.length > 0) {
    const { v, s } = todo.pop() as (typeof todo)[number];
    if (v === undefined || v === null || marksLeaf(v, s)) continue;
    if (typeof v === "string") {
      into.push(v);
      const doc = decodeJsonString(v);
      if (doc !== undefined) todo.push({ v: doc, s: undefined });
    } else if (typeof v === "number") into.push(String(v));
    else if (isExactNumber(v)) into.push(exactDigits(v));
    else if (Array.isArray(v)) for (let i = 0; i < v.length; i++) todo.push({ v: v[i], s: subMask(s, i) });
    else if (isRecord(v))
      for (const k of Object.keys(v)) {
        into.push(k);
        todo.push({ v: v[k], s: subMask(s, k) });
      }
  }
}

/** The texts a review can show of one change: before (unless created) and after (unless removed). */
export function changeTexts(change: PlanChange, withBefore: boolean, withAfter: boolean, into: string[]): void {
  if (withBefore) shownTexts(change.before, change.before_sensitive, into);
  if (withAfter) shownTexts(change.after, change.after_sensitive, into);
}

/** Finds which of a plan's secrets occur in a set of texts. */
export interface SecretFinder {
  /** The secrets (sorted) occurring in any of `texts`. */
  readonly find: (texts: readonly string[]) => string[];
}

const NONE: SecretFinder = { find: () => [] };

/**
 * A finder for these secrets: one regular expression tells whether any occurs (most changes hold
 * none), then each is looked up, so one secret inside another is found too.
 */
export function secretFinder(secrets: ReadonlySet<string>): SecretFinder {
  if (secrets.size === 0) return NONE;
  const sorted = [...secrets].sort();
  const any = new RegExp(sorted.map(escapeRegExp).join("|"));
  return {
    find: (texts) => {
      // Joined by NUL: a secret is found within one text (one holding NUL itself may match across two,
      // which only hides more).
      const joined = texts.join("\u0000");
      if (!any.test(joined)) return [];
      return sorted.filter((s) => joined.includes(s));
    },
  };
}
