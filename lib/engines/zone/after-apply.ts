import { z } from "zod";
import { fromTerraformLiteral } from "../../core/terraform/literal";
import { FEATURES } from "../../features";

/** Values only known after `terraform apply`, by the name `terraform output` gives them. */
export type AfterApplyValues = ReadonlyMap<string, readonly string[]>;

/** Terraform expressions the zone export knows how to fill in, as the concerns declare them (such as the DKIM tokens). */
const KNOWN_EXPRESSIONS = FEATURES.flatMap((f) => f.zoneExport?.afterApply ?? []);

/** How many values each output must hold, where a concern says (SES always gives three DKIM tokens). */
export const AFTER_APPLY_COUNTS: ReadonlyMap<string, number> = new Map(
  KNOWN_EXPRESSIONS.flatMap((k) => (k.count === undefined ? [] : [[k.output, k.count] as const])),
);

/** The outputs the zone export reads; `terraform output -json` holds others too, which are ignored. */
export const AFTER_APPLY_OUTPUTS: readonly string[] = [...new Set(KNOWN_EXPRESSIONS.map((k) => k.output))];

/**
 * Replaces every `${...}` in `text`; what cannot be filled is listed (`dkim_tokens[0]` or the raw
 * expression). Escaped text (`$${`, `%%{`: a literal, see core/terraform/literal) is read as written.
 */
export function fillExpressions(text: string, values: AfterApplyValues): { text: string; missing: string[] } {
  const missing: string[] = [];
  const out = text.replace(/\$\$\{|%%\{|\$\{([^}]*)\}/g, (whole, expr: string | undefined) => {
    if (expr === undefined) return fromTerraformLiteral(whole);
    for (const k of KNOWN_EXPRESSIONS) {
      const m = k.expression.exec(expr);
      if (!m) continue;
      const index = Number(m[1]);
      const value = values.get(k.output)?.[index];
      if (value !== undefined) return value;
      missing.push(`${k.output}[${index}]`);
      return whole;
    }
    missing.push(whole);
    return whole;
  });
  return { text: out, missing };
}

const OutputValue = z.union([z.string(), z.array(z.string())]);
/** One output: `terraform output -json` shape ({value, type, sensitive}) or a plain value. */
const OutputEntry = z.union([z.looseObject({ value: OutputValue }), OutputValue]);
/** `terraform output -json` or a plain {name: value} map; outputs we do not read may hold anything. */
const ValuesFile = z.record(z.string(), z.unknown());

function asList(v: string | readonly string[]): string[] {
  return typeof v === "string"
    ? v
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "")
    : [...v];
}

/** Reads the outputs the zone needs from parsed JSON (unknown until zod narrows it); others are ignored. */
export function valuesFromJson(json: unknown): Map<string, string[]> {
  const parsed = ValuesFile.safeParse(json);
  if (!parsed.success) throw new Error('values file must be `terraform output -json` output or {"name": ["value", ...]}');
  const out = new Map<string, string[]>();
  for (const [name, raw] of Object.entries(parsed.data)) {
    if (!AFTER_APPLY_OUTPUTS.includes(name)) continue;
    const entry = OutputEntry.safeParse(raw);
    if (!entry.success) throw new Error(`values file: output "${name}" must be a string or a list of strings (or {"value": ...})`);
    const v = entry.data;
    out.set(name, asList(typeof v === "string" || Array.isArray(v) ? v : v.value));
  }
  return out;
}

/** `dkim_tokens=a,b,c` -> ["dkim_tokens", ["a","b","c"]]; undefined when malformed. */
export function valueFromAssignment(text: string): [string, string[]] | undefined {
  const m = /^([a-z][a-z0-9_]*)=(.+)$/.exec(text);
  return m ? [m[1] ?? "", asList(m[2] ?? "")] : undefined;
}
