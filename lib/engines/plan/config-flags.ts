/**
 * Flags only a configuration diff needs. A plan shows values as Terraform evaluated them; a
 * configuration diff shows `cdk.tf.json` as written, where a string is a template Terraform evaluates
 * at apply (https://developer.hashicorp.com/terraform/language/syntax/json#expression-mapping):
 * `"${false}"`, `"${[]}"` or `"%{ if … }"` read as text to the risk rules, which then see no weakening.
 * So every created or updated value holding an expression other than a plain reference is flagged, as
 * is every change to the blocks the diff only names (variables, locals, providers, the backend,
 * modules): their values reach the resources through references no rule follows.
 */
import { isRecord } from "../../core/json";
import type { PlanChange, PlanJson } from "../../core/plan/schema";
import type { RiskFlag } from "../../platform/risks";
import type { ConfigDiffNote } from "./config-diff";
import { type ConstructPaths, synthKey } from "./construct-paths";
import { flagOf } from "./risks";

const CONFIG_EXPRESSION_RULE = {
  id: "config-expression",
  title: "Expression the review cannot evaluate",
  explanation:
    'A configuration diff shows cdk.tf.json as written: a value computed by a Terraform expression ("${false}", "${[]}", a conditional, a function call) is known only when Terraform applies it, so the risk rules cannot tell whether it weakens anything. golive writes only plain references (${type.name.attr}, ${var.x}, ${local.x}); anything else needs a reviewer\'s approval.',
};

const CONFIG_BLOCK_RULE = {
  id: "config-block-changed",
  title: "Variable, local, provider, backend or module changed",
  explanation:
    "A configuration diff names these blocks without diffing them, and their values reach resources through references the risk rules do not follow (a variable's default, a local, a provider's region or account, the backend holding the state, a module): a reviewer must read the change.",
};

const CONFIG_META_RULE = {
  id: "config-meta-argument",
  title: "count, for_each or provider of a resource changed",
  explanation:
    "count and for_each decide how many instances exist (count = 0 destroys the resource, with no delete in a configuration diff); a resource moved to another provider configuration is looked for in another region or account. golive writes none of these changes in edge and monitoring stacks.",
};

export const CONFIG_DIFF_RULES = [CONFIG_EXPRESSION_RULE, CONFIG_BLOCK_RULE, CONFIG_META_RULE] as const;

const IDENT = "[A-Za-z_][A-Za-z0-9_-]*";
/** `type.name.attr`, `data.type.name.attr[0].x`, `var.x`, `local.x`: a value read, nothing computed. */
const PLAIN_REFERENCE = new RegExp(`^${IDENT}\\.${IDENT}(?:\\.${IDENT}|\\[[0-9]+\\])*$`);
/**
 * References that carry any value the configuration gives them, with no provider or required_providers
 * change to flag: Terraform's built-in `terraform_data` (its `output` is its `input`) and
 * `terraform_remote_state` (another state's outputs). golive writes neither in these stacks.
 */
const VALUE_CARRIER = /^(?:terraform_data|data\.terraform_remote_state)\./;

/**
 * The first template sequence in `text` that is not a plain reference (`${false}`, `${[]}`,
 * `%{ if x }`), as written up to its closing `}`; undefined when there is none. `$${` and `%%{` are
 * escapes for a literal `${` and `%{` (golive's redirect rules write `$${1}`).
 */
export function unevaluatedExpression(text: string): string | undefined {
  for (let i = 0; i < text.length - 1; i++) {
    const [c, next] = [text[i], text[i + 1]];
    if ((c === "$" || c === "%") && next === c && text[i + 2] === "{") {
      i += 2;
      continue;
    }
    if ((c !== "$" && c !== "%") || next !== "{") continue;
    const end = text.indexOf("}", i + 2);
    const inner = text.slice(i + 2, end);
    if (c === "$" && end >= 0 && PLAIN_REFERENCE.test(inner) && !VALUE_CARRIER.test(inner)) {
      i = end;
      continue;
    }
    return text.slice(i, closingBrace(text, i + 2) + 1);
  }
  return undefined;
}

/** Where the sequence opened before `from` ends: its `}`, past nested braces and quoted strings; else the last index. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "{") depth++;
    else if (c === "}" && depth-- === 0) return i;
  }
  return text.length - 1;
}

/** `rules[1].enabled`, `dimensions["//"]`: a value's path as the report writes attribute paths. */
function step(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  const name = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
  return path === "" ? name : name.startsWith('"') ? `${path}[${name}]` : `${path}.${name}`;
}

const MAX_SHOWN = 120;

/** Each changed value (or object key) of `after` holding an expression: `path = "expression"`. */
function expressionsIn(after: unknown, before: unknown, path: string, out: string[]): void {
  if (typeof after === "string") {
    const expression = after === before ? undefined : unevaluatedExpression(after);
    if (expression !== undefined) {
      const shown = expression.length > MAX_SHOWN ? `${expression.slice(0, MAX_SHOWN)}…` : expression;
      out.push(`${path || "(value)"} = ${JSON.stringify(shown)}`);
    }
    return;
  }
  if (Array.isArray(after)) {
    for (const [i, v] of after.entries()) expressionsIn(v, Array.isArray(before) ? before[i] : undefined, step(path, i), out);
    return;
  }
  if (!isRecord(after)) return;
  for (const [k, v] of Object.entries(after)) {
    const key = unevaluatedExpression(k);
    if (key !== undefined && !(isRecord(before) && k in before))
      out.push(`${step(path, k)}: the key is an expression ${JSON.stringify(key)}`);
    expressionsIn(v, isRecord(before) ? before[k] : undefined, step(path, k), out);
  }
}

function expressionDetails(change: PlanChange): string[] {
  const kind = change.actions.join(",");
  if (kind !== "create" && kind !== "update") return [];
  const out: string[] = [];
  expressionsIn(change.after, kind === "update" ? change.before : undefined, "", out);
  return out.map((d) => `${d}: evaluated only when applied, the risk rules cannot read it`);
}

/** count, for_each set or changed, or a resource moved to another provider configuration. */
function metaArgumentDetails(change: PlanChange): string[] {
  const kind = change.actions.join(",");
  if (kind !== "create" && kind !== "update") return [];
  const [before, after] = [isRecord(change.before) ? change.before : {}, isRecord(change.after) ? change.after : {}];
  const differs = (k: string): boolean => JSON.stringify(before[k]) !== JSON.stringify(after[k]);
  const out: string[] = [];
  for (const k of ["count", "for_each"]) if (after[k] !== undefined && differs(k)) out.push(`${k} = ${JSON.stringify(after[k])}`);
  if (kind === "update" && differs("provider"))
    out.push(`provider ${JSON.stringify(before.provider ?? "(default)")} -> ${JSON.stringify(after.provider ?? "(default)")}`);
  return out;
}

/**
 * The flags of one configuration diff (`plan` and `note` from configDiff), in address order: values
 * computed by expressions, count/for_each/provider changes, and each changed block it only names.
 */
export function configDiffFlags(plan: PlanJson, note: ConfigDiffNote, constructPaths?: ConstructPaths): RiskFlag[] {
  const out: RiskFlag[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const path = constructPaths?.get(synthKey(rc));
    for (const d of expressionDetails(rc.change)) out.push(flagOf(CONFIG_EXPRESSION_RULE, rc.address, d, path));
    if (rc.mode === "managed") for (const d of metaArgumentDetails(rc.change)) out.push(flagOf(CONFIG_META_RULE, rc.address, d, path));
  }
  for (const [name, change] of Object.entries(plan.output_changes ?? {}).sort(([a], [b]) => a.localeCompare(b)))
    for (const d of expressionDetails(change)) out.push(flagOf(CONFIG_EXPRESSION_RULE, `output.${name}`, d));
  // A stack removed applies nothing of its blocks: its resources' deletes are what the review weighs.
  for (const block of note.head ? note.otherBlocks : [])
    out.push(
      flagOf(
        CONFIG_BLOCK_RULE,
        block,
        "changed: only named in a configuration diff, and what it sets reaches resources through references no rule follows",
      ),
    );
  return out;
}
