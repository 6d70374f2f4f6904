/**
 * A repository's own risk rules (`.golive/risk-rules.json` or `.yaml`): data, not code, so a team adds
 * a flag for what matters to it without writing TypeScript, and a pull request cannot run code through
 * them. A rule names resource types, change kinds, and optionally an attribute path with the values
 * before and after; every matching change raises a flag like golive's own rules. Custom rules only add
 * flags: none can silence golive's. The PR workflow reads them from the base branch (docs/plan-review.md).
 */
import { extname } from "node:path";
import { z } from "zod";
import { BoundedReadError, readBoundedText } from "../../core/bounded-read";
import { type ConfigIssue, describeValue } from "../../core/issues";
import { isRecord, MAX_NESTING, tooDeepAt } from "../../core/json";
import { diffAttributes } from "../../core/plan/attribute-diff";
import type { ChangeKind, ChangeView } from "../../core/plan/changes";
import { exactJson } from "../../core/plan/exact-numbers";
import { displayText, formatPair } from "../../core/plan/format-value";
import { decodeWalkableJson } from "../../core/plan/json-attributes";
import { redactCredentials } from "../../core/plan/redact-values";
import { SENSITIVE, UNKNOWN } from "../../core/plan/values";
import { ConfigError } from "../../config/errors";
import { CONFIG_LIMITS } from "../../config/limits";
import { parseConfigSource } from "../../config/parse";
import { fromZodIssues } from "../../core/zod-issues";
import { GOLIVE_RULES_BY_ID } from "./golive-rules";
import type { RiskRule } from "./risks";

/** Where plan-report looks for a repository's rules when --risk-rules is not given (the first present). */
export const DEFAULT_RULES_FILES = [".golive/risk-rules.json", ".golive/risk-rules.yaml", ".golive/risk-rules.yml"] as const;
const MAX_RULES = 200;

/** Change kinds a rule may name (what the report calls them; `delete` is a destroy). */
export const RULE_KINDS = ["create", "update", "delete", "replace", "move", "import"] as const;
const SEVERITIES = ["high", "medium", "low"] as const;

/** `a.b[0].c`, `rules[*].action`, `tags.*`: names, [n] or [*] indexes, `*` for any key. */
const PATH = /^(?:[A-Za-z0-9_:/-]+|\*)(?:\[(?:\d+|\*)\])*(?:\.(?:[A-Za-z0-9_:/-]+|\*)(?:\[(?:\d+|\*)\])*)*$/;

const Json = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const Rule = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "must be 2-63 lower-case letters, digits and -, e.g. team-dns-ttl"),
  label: z.string().min(3).max(120),
  severity: z.enum(SEVERITIES),
  explanation: z.string().min(1).max(1000).optional(),
  match: z.strictObject({
    type: z.union([z.string(), z.array(z.string()).min(1)]),
    change: z.array(z.enum(RULE_KINDS)).min(1).optional(),
    attribute: z.string().regex(PATH, "must be a path like ttl, rules[0].action, tags.* or rules[*].enabled").optional(),
    from: Json.optional(),
    to: Json.optional(),
  }),
});
type Rule = z.infer<typeof Rule>;

const RulesFile = z.strictObject({ rules: z.array(Rule).max(MAX_RULES) });

const TYPE = /^[a-z0-9_*]+$/;

/**
 * Names and indexes in an attribute path: a rule walks the path recursively, a step per segment, so a
 * path of 200,000 (`zone_id.a.a…`) overflowed the call stack; golive walks plan values 64 deep.
 */
const MAX_SEGMENTS = MAX_NESTING;

/**
 * Nesting of the rules file, as a YAML file's `[` and `{` are bounded before parsing (lib/config/parse.ts):
 * zod's reportInput writes the input with JSON.stringify, which overflows the call stack ~3000 deep.
 */
const MAX_DEPTH = CONFIG_LIMITS.yamlFlowDepth;
/** Segments of a too-deep value's path named in the error: where it starts, not 64 indexes. */
const SHOWN_DEPTH_PATH = 4;

/** Problems zod cannot see: unique ids, no id of golive's own (golive-rules.ts), type patterns, long attribute paths, from/to without an attribute. */
function crossChecks(rules: readonly Rule[]): ConfigIssue[] {
  const seen = new Map<string, number>();
  const issues: ConfigIssue[] = [];
  rules.forEach((r, i) => {
    const first = seen.get(r.id);
    if (first !== undefined) issues.push({ path: ["rules", i, "id"], message: `"${r.id}" is also rules[${first}].id; ids must be unique` });
    else seen.set(r.id, i);
    if (GOLIVE_RULES_BY_ID.has(r.id))
      issues.push({ path: ["rules", i, "id"], message: `"${r.id}" is one of golive's rule ids; choose another` });
    const types = typeof r.match.type === "string" ? [r.match.type] : r.match.type;
    types.forEach((t, j) => {
      if (!TYPE.test(t))
        issues.push({
          path: ["rules", i, "match", "type", ...(typeof r.match.type === "string" ? [] : [j])],
          message: `got ${describeValue(t)}; allowed: a resource type like aws_s3_bucket, with * for any characters`,
        });
    });
    const attribute = r.match.attribute === undefined ? 0 : segments(r.match.attribute).length;
    if (attribute > MAX_SEGMENTS)
      issues.push({
        path: ["rules", i, "match", "attribute"],
        message: `has ${attribute} names and indexes; allowed: at most ${MAX_SEGMENTS}`,
      });
    for (const side of ["from", "to"] as const)
      if (r.match[side] !== undefined && r.match.attribute === undefined)
        issues.push({ path: ["rules", i, "match", side], message: `needs match.attribute: ${side} is the attribute's value` });
  });
  return issues;
}

type Segment = string | number | "*";

function segments(path: string): Segment[] {
  const out: Segment[] = [];
  for (const part of path.split(".")) {
    const [name, ...indexes] = part.split("[");
    out.push(name === "*" ? "*" : (name ?? ""));
    for (const ix of indexes) out.push(ix === "*]" ? "*" : Number(ix.slice(0, -1)));
  }
  return out;
}

/** Every concrete path the pattern reaches in either value, with the value at it on each side. */
function reach(before: unknown, after: unknown, pattern: readonly Segment[]): { path: string; before: unknown; after: unknown }[] {
  const out: { path: string; before: unknown; after: unknown }[] = [];
  const step = (b: unknown, a: unknown, i: number, path: string): void => {
    if (i === pattern.length) {
      out.push({ path, before: b, after: a });
      return;
    }
    const seg = pattern[i];
    if (seg === undefined) return;
    const keys = new Set<string | number>();
    for (const v of [b, a]) {
      if (Array.isArray(v) && (seg === "*" || typeof seg === "number")) for (let k = 0; k < v.length; k++) keys.add(k);
      else if (isRecord(v) && (seg === "*" || typeof seg === "string")) for (const k of Object.keys(v)) keys.add(k);
    }
    for (const k of keys) {
      if (seg !== "*" && seg !== k) continue;
      const pick = (v: unknown): unknown => (Array.isArray(v) && typeof k === "number" ? v[k] : isRecord(v) ? v[String(k)] : undefined);
      step(pick(b), pick(a), i + 1, typeof k === "number" ? `${path}[${k}]` : path === "" ? k : `${path}.${k}`);
    }
    if (keys.size === 0 && seg !== "*")
      step(undefined, undefined, i + 1, typeof seg === "number" ? `${path}[${seg}]` : path === "" ? seg : `${path}.${seg}`);
  };
  step(before, after, 0, "");
  return out;
}

function equalsJson(value: unknown, expected: z.infer<typeof Json>): boolean {
  if (value === SENSITIVE || value === UNKNOWN) return false; // never matched: a rule cannot probe a hidden value
  // A number the plan wrote with more digits than a double keeps matches by those digits (exact-numbers.ts).
  return exactJson(value ?? null) === JSON.stringify(expected);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === SENSITIVE || b === SENSITIVE || a === UNKNOWN || b === UNKNOWN) return a === b;
  return exactJson(a ?? null) === exactJson(b ?? null);
}

/** A matched value as the flag shows it: a container as {…}, a scalar as the attribute block does. */
const shown = (v: unknown, readChars: number): string =>
  isRecord(v) || Array.isArray(v) ? "{…}" : displayText(v, redactCredentials, readChars);

/** Changed leaves of a JSON document named in one flag; the rest are counted. */
const MAX_LEAVES = 5;

/**
 * A matched attribute's change as a flag's detail. A JSON document in a string (a key or role policy)
 * is compared by what it says, leaf by leaf, as the attribute block shows it (attribute-diff.ts):
 * `policy{}.Statement.Root.Principal.AWS."arn:…": absent -> listed`, where the two strings cut at 160
 * characters read alike. Undefined when the two documents say the same (reordered members).
 */
function changeDetail(path: string, before: unknown, after: unknown): string | undefined {
  const hidden = (v: unknown) => v === SENSITIVE || v === UNKNOWN;
  const document =
    !hidden(before) && !hidden(after) && (decodeWalkableJson(before) !== undefined || decodeWalkableJson(after) !== undefined);
  if (!document) {
    // Two long values that differ after the cut are shown from their first difference (formatPair).
    const [b, a] = formatPair(before, after, shown);
    return `${path}: ${b} -> ${a}`;
  }
  // No masks: a hidden side is SENSITIVE or UNKNOWN in the rule's copy and was shown whole above.
  const { diffs, omitted } = diffAttributes(
    { before, after, beforeSensitive: undefined, afterSensitive: undefined, afterUnknown: undefined },
    MAX_LEAVES,
    redactCredentials,
  );
  if (diffs.length === 0) return undefined;
  const leaves = diffs.map((d) => `${path}${d.path === "(value)" ? "" : d.path}: ${d.before} -> ${d.after}`);
  return `${leaves.join("; ")}${omitted > 0 ? `; and ${omitted} more changed leaves` : ""}`;
}

function toRiskRule(r: Rule): RiskRule {
  const types = typeof r.match.type === "string" ? [r.match.type] : r.match.type;
  const kinds: ReadonlySet<ChangeKind> = new Set(r.match.change ?? RULE_KINDS);
  const pattern = r.match.attribute === undefined ? undefined : segments(r.match.attribute);
  const { from, to } = r.match;
  return {
    id: r.id,
    title: `${r.label} (${r.severity})`,
    explanation: r.explanation ?? `A rule of this repository (${r.severity}): ${r.label}.`,
    types,
    check(change: ChangeView): string[] {
      if (!kinds.has(change.kind)) return [];
      if (!pattern) return [`${change.kind}`];
      const before = change.kind === "create" ? null : change.before;
      const after = change.kind === "delete" ? null : change.after;
      return reach(before, after, pattern)
        .filter((p) => !sameValue(p.before, p.after))
        .filter((p) => (from === undefined || equalsJson(p.before, from)) && (to === undefined || equalsJson(p.after, to)))
        .flatMap((p) => changeDetail(p.path, p.before, p.after) ?? []);
    },
  };
}

/** The parsed, validated rules of a rules file's text; ConfigError names every problem by field. */
export function parseRiskRules(file: string, text: string): RiskRule[] {
  const data = parseConfigSource(file, text);
  const deep = tooDeepAt(data, MAX_DEPTH);
  if (deep !== undefined)
    throw new ConfigError(file, [
      { path: deep.slice(0, SHOWN_DEPTH_PATH), message: `nests [ or { more than ${MAX_DEPTH} deep; allowed: at most ${MAX_DEPTH}` },
    ]);
  const parsed = RulesFile.safeParse(data, { reportInput: true });
  if (!parsed.success)
    throw new ConfigError(
      file,
      // the config's hint for an unknown key points at the config schema; a rule's fields are documented elsewhere
      fromZodIssues(parsed.error.issues, RulesFile).map((i) => ({
        ...i,
        message: i.message.replace("config/golive.schema.json", "docs/plan-review.md"),
      })),
    );
  const issues = crossChecks(parsed.data.rules);
  if (issues.length > 0) throw new ConfigError(file, issues);
  return parsed.data.rules.map(toRiskRule);
}

/** Reads a rules file (.json, .yaml or .yml, a regular file of at most 1 MiB); `shown` names it in errors. */
export function loadRiskRules(path: string, shown: string): RiskRule[] {
  if (![".json", ".yaml", ".yml"].includes(extname(path)))
    throw new ConfigError(shown, [{ path: [], message: "allowed: a .json, .yaml or .yml file" }]);
  let text: string;
  try {
    text = readBoundedText(path, 1024 * 1024);
  } catch (err) {
    if (err instanceof BoundedReadError) throw new ConfigError(shown, [{ path: [], message: err.message }]);
    throw err;
  }
  return parseRiskRules(shown, text);
}
