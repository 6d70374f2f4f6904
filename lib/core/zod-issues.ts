import type { z } from "zod";
import type { ConfigIssue } from "./issues";
import { isValueNotShown } from "./fields";
import { shownRoot, shownValue } from "./shown-input";

/**
 * Turns zod's issues into `what was given, what is allowed` messages. `base` is the path the issues'
 * paths are relative to (inside a union), so the file's root is told apart from a union's.
 */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], base: readonly PropertyKey[] = []): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        out.push({ path: [...path, key], message: "unknown key (check spelling; see config/golive.schema.json)" });
      }
      continue;
    }
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const literals = issue.errors.flat().flatMap((e) => (e.code === "invalid_value" ? e.values : [undefined]));
      if (literals.every((v) => v !== undefined)) {
        out.push({
          path,
          message: `expected one of ${literals.map((v) => JSON.stringify(v)).join("|")}; got ${shownValue(issue.input)}`,
        });
        continue;
      }
      // Otherwise report the branch that got furthest; its paths are relative to the union.
      const best = [...issue.errors].sort((a, b) => maxDepth(b) - maxDepth(a))[0] ?? [];
      out.push(...fromZodIssues(best, [...base, ...path]).map((i) => ({ path: [...path, ...i.path], message: i.message })));
      continue;
    }
    // YAML's .inf and .nan, and 1e400 (Infinity once parsed), are numbers zod refuses as "received number".
    if (issue.code === "invalid_type" && typeof issue.input === "number" && !Number.isFinite(issue.input)) {
      out.push({ path, message: `expected a finite number; got ${issue.input} (.inf, .nan or a value too large)` });
      continue;
    }
    // The whole file is never quoted: one that is no config (a .env) parses as one long string. Nor is a
    // value its check marks as not to be shown (VALUE_NOT_SHOWN: a pasted webhook URL).
    const hidden = issue.code === "custom" && isValueNotShown(issue.params);
    const given =
      "input" in issue && !hidden ? `got ${base.length + path.length === 0 ? shownRoot(issue.input) : shownValue(issue.input)}` : "";
    const message =
      given === "got nothing"
        ? `${issue.message.replace(/, received undefined$/, "")} (missing)`
        : `${issue.message}${given ? `; ${given}` : ""}`;
    out.push({ path, message });
  }
  return out;
}

function maxDepth(issues: readonly z.core.$ZodIssue[]): number {
  return Math.max(0, ...issues.map((i) => i.path.length));
}
