/**
 * Package-level values of Go source: the schema functions name slices and regular expressions declared
 * elsewhere in their package (`selfHostedAppTypes...`, `durationRegex`); these are bound here so the
 * schema reader sees literals.
 */
import { type GoExpr, GoParser } from "./go-expr";
import type { Token } from "./go-tokens";

/**
 * Package-level `var` and `const` values (`var selfHostedAppTypes = []string{...}`), by name, from the
 * tokens of a package's files. A declaration this parser cannot read is left out: a schema that uses
 * it then fails to extract, naming the line.
 */
export function packageValues(files: readonly (readonly Token[])[]): Map<string, GoExpr> {
  const out = new Map<string, GoExpr>();
  for (const tokens of files) {
    let depth = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t?.text === "{" || t?.text === "(") depth++;
      else if (t?.text === "}" || t?.text === ")") depth--;
      else if (depth === 0 && t?.kind === "ident" && (t.text === "var" || t.text === "const")) {
        const grouped = tokens[i + 1]?.text === "(";
        i = readSpecs(tokens, grouped ? i + 2 : i + 1, grouped, out) - 1;
      }
    }
  }
  return out;
}

/** Reads `a, b [Type] = x, y` specs from `start`; returns the index after the declaration. */
function readSpecs(tokens: readonly Token[], start: number, grouped: boolean, out: Map<string, GoExpr>): number {
  let at = start;
  for (;;) {
    if (grouped && tokens[at]?.text === ")") return at + 1;
    const names: string[] = [];
    while (tokens[at]?.kind === "ident") {
      names.push(tokens[at]?.text ?? "");
      at++;
      if (tokens[at]?.text !== ",") break;
      at++;
    }
    if (!names.length) return grouped ? skipGroup(tokens, at) : at;
    // An explicit type sits on the names' line, before `=`.
    const line = tokens[at - 1]?.line;
    while (tokens[at] && tokens[at]?.text !== "=" && tokens[at]?.line === line) at++;
    if (tokens[at]?.text === "=") {
      const parser = new GoParser(tokens, at + 1);
      try {
        for (const [n, name] of names.entries()) {
          const value = parser.expression();
          if (name !== "_") out.set(name, value);
          if (n < names.length - 1) parser.expect(",");
        }
      } catch {
        return grouped ? skipGroup(tokens, at) : at + 1;
      }
      at = parser.position;
    }
    if (!grouped) return at;
  }
}

function skipGroup(tokens: readonly Token[], from: number): number {
  let depth = 1;
  let at = from;
  while (at < tokens.length && depth > 0) {
    if (tokens[at]?.text === "(" || tokens[at]?.text === "{") depth++;
    if (tokens[at]?.text === ")" || tokens[at]?.text === "}") depth--;
    at++;
  }
  return at;
}

/** `expr` with every unqualified name bound in `values` replaced by its value (composite keys stay names). */
export function substitute(expr: GoExpr, values: ReadonlyMap<string, GoExpr>, seen: ReadonlySet<string> = new Set()): GoExpr {
  const sub = (e: GoExpr) => substitute(e, values, seen);
  switch (expr.kind) {
    case "name": {
      const bound = values.get(expr.name);
      return bound && !seen.has(expr.name) ? substitute(bound, values, new Set([...seen, expr.name])) : expr;
    }
    case "call":
      return { ...expr, callee: sub(expr.callee), args: expr.args.map(sub) };
    case "composite":
      return { ...expr, elements: expr.elements.map((el) => ({ ...(el.key ? { key: el.key } : {}), value: sub(el.value) })) };
    case "selector":
      return { ...expr, target: sub(expr.target) };
    case "index":
      return { ...expr, target: sub(expr.target) };
    case "unary":
      return { ...expr, operand: sub(expr.operand) };
    case "binary":
      return { ...expr, left: sub(expr.left), right: sub(expr.right) };
    default:
      return expr;
  }
}
