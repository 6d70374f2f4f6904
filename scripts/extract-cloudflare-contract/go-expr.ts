/**
 * An expression parser for the subset of Go the provider's generated schema files use:
 * composite literals (`schema.StringAttribute{Required: true}`, `[]validator.String{...}`,
 * `map[string]schema.Attribute{...}`), calls, selectors, generic instantiation, literals and unary or
 * binary operators. Parsing real syntax instead of matching lines keeps the extractor correct when a
 * literal spans lines, nests, or carries a trailing comma. Not a Go parser: statements are not parsed,
 * only the expression a function returns.
 */

import { GoSyntaxError, type Token } from "./go-tokens";

export type GoExpr =
  | { readonly kind: "name"; readonly name: string; readonly line: number }
  | { readonly kind: "string"; readonly value: string; readonly line: number }
  | { readonly kind: "number"; readonly value: number; readonly line: number }
  | { readonly kind: "call"; readonly callee: GoExpr; readonly args: readonly GoExpr[]; readonly line: number }
  | { readonly kind: "composite"; readonly type: string; readonly elements: readonly GoElement[]; readonly line: number }
  | { readonly kind: "selector"; readonly target: GoExpr; readonly name: string; readonly line: number }
  | { readonly kind: "index"; readonly target: GoExpr; readonly index: readonly GoExpr[]; readonly line: number }
  | { readonly kind: "unary"; readonly op: string; readonly operand: GoExpr; readonly line: number }
  | { readonly kind: "binary"; readonly op: string; readonly left: GoExpr; readonly right: GoExpr; readonly line: number }
  | { readonly kind: "opaque"; readonly line: number };

/** One element of a composite literal: `Key: value` (struct field or map key) or a bare value. */
export interface GoElement {
  readonly key?: GoExpr;
  readonly value: GoExpr;
}

function numberValue(text: string): number {
  const clean = text.replace(/_/g, "");
  if (/^0[xX]/.test(clean)) return Number.parseInt(clean.slice(2), 16);
  if (/^0[bB]/.test(clean)) return Number.parseInt(clean.slice(2), 2);
  if (/^0[oO]/.test(clean)) return Number.parseInt(clean.slice(2), 8);
  if (/^0[0-7]+$/.test(clean)) return Number.parseInt(clean, 8);
  return Number(clean);
}

// Binary operators by precedence (Go spec, "Operator precedence"): higher binds tighter.
const PRECEDENCE: Record<string, number> = {
  "||": 1,
  "&&": 2,
  "==": 3,
  "!=": 3,
  "<": 3,
  "<=": 3,
  ">": 3,
  ">=": 3,
  "+": 4,
  "-": 4,
  "|": 4,
  "^": 4,
  "*": 5,
  "/": 5,
  "%": 5,
  "<<": 5,
  ">>": 5,
  "&": 5,
  "&^": 5,
};

/** Parses expressions from a token list, starting at a given token. */
export class GoParser {
  private at: number;

  constructor(
    private readonly tokens: readonly Token[],
    start = 0,
  ) {
    this.at = start;
  }

  get position(): number {
    return this.at;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }

  private is(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && (t.kind === "punct" || t.kind === "ident") && t.text === text;
  }

  private next(): Token {
    const t = this.tokens[this.at++];
    if (!t) throw new GoSyntaxError("unexpected end of file");
    return t;
  }

  expect(text: string): Token {
    const t = this.next();
    if (t.text !== text) throw new GoSyntaxError(`line ${t.line}: expected ${JSON.stringify(text)}, found ${JSON.stringify(t.text)}`);
    return t;
  }

  expression(minPrecedence = 1): GoExpr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      const prec = t?.kind === "punct" ? PRECEDENCE[t.text] : undefined;
      if (!t || prec === undefined || prec < minPrecedence) return left;
      this.next();
      const right = this.expression(prec + 1);
      left = { kind: "binary", op: t.text, left, right, line: t.line };
    }
  }

  private unary(): GoExpr {
    const t = this.peek();
    if (t?.kind === "punct" && ["-", "+", "!", "^", "&", "*", "<-"].includes(t.text)) {
      this.next();
      return { kind: "unary", op: t.text, operand: this.unary(), line: t.line };
    }
    return this.postfix(this.primary());
  }

  /** A type written before a composite literal's brace: `[]validator.String`, `map[string]schema.Attribute`. */
  private typeText(): string {
    const t = this.next();
    if (t.text === "[") {
      const len = this.is("]") ? "" : this.typeText();
      this.expect("]");
      return `[${len}]${this.typeText()}`;
    }
    if (t.text === "map") {
      this.expect("[");
      const key = this.typeText();
      this.expect("]");
      return `map[${key}]${this.typeText()}`;
    }
    if (t.text === "*") return `*${this.typeText()}`;
    if (t.kind === "number") return t.text;
    if (t.kind !== "ident") throw new GoSyntaxError(`line ${t.line}: expected a type, found ${JSON.stringify(t.text)}`);
    let name = t.text;
    while (this.is(".") && this.peek(1)?.kind === "ident") {
      this.next();
      name += `.${this.next().text}`;
    }
    if (this.is("[")) {
      this.next();
      const args = [this.typeText()];
      while (this.is(",")) {
        this.next();
        args.push(this.typeText());
      }
      this.expect("]");
      name += `[${args.join(",")}]`;
    }
    return name;
  }

  private primary(): GoExpr {
    const t = this.peek();
    if (!t) throw new GoSyntaxError("unexpected end of file");
    if (t.kind === "string") {
      this.next();
      return { kind: "string", value: t.value ?? "", line: t.line };
    }
    if (t.kind === "number") {
      this.next();
      return { kind: "number", value: numberValue(t.text), line: t.line };
    }
    if (t.kind === "char") {
      this.next();
      return { kind: "opaque", line: t.line };
    }
    if (t.text === "(") {
      this.next();
      const inner = this.expression();
      this.expect(")");
      return inner;
    }
    if (t.text === "[" || t.text === "map") {
      const type = this.typeText();
      return this.composite(type, t.line);
    }
    if (t.text === "func") return this.skipFuncLiteral();
    if (t.kind === "ident") {
      this.next();
      return { kind: "name", name: t.text, line: t.line };
    }
    throw new GoSyntaxError(`line ${t.line}: unexpected ${JSON.stringify(t.text)}`);
  }

  /** Function literals never carry schema data: skip the signature and the balanced body. */
  private skipFuncLiteral(): GoExpr {
    const line = this.next().line;
    while (!this.is("{")) this.next();
    let depth = 0;
    do {
      const t = this.next();
      if (t.text === "{") depth++;
      if (t.text === "}") depth--;
    } while (depth > 0);
    return { kind: "opaque", line };
  }

  private postfix(start: GoExpr): GoExpr {
    let expr = start;
    for (;;) {
      const t = this.peek();
      if (!t) return expr;
      if (t.text === "." && this.peek(1)?.kind === "ident") {
        this.next();
        const name = this.next().text;
        expr =
          expr.kind === "name"
            ? { kind: "name", name: `${expr.name}.${name}`, line: expr.line }
            : { kind: "selector", target: expr, name, line: t.line };
      } else if (t.text === "(") {
        this.next();
        expr = { kind: "call", callee: expr, args: this.list(")"), line: t.line };
      } else if (t.text === "[") {
        this.next();
        expr = { kind: "index", target: expr, index: this.list("]"), line: t.line };
      } else if (t.text === "{" && (expr.kind === "name" || expr.kind === "index")) {
        expr = this.composite(typeName(expr), expr.line);
      } else return expr;
    }
  }

  /** Comma-separated expressions up to `close` (trailing comma and `...` spread allowed). */
  private list(close: string): GoExpr[] {
    const items: GoExpr[] = [];
    while (!this.is(close)) {
      items.push(this.expression());
      if (this.is("...")) this.next();
      if (!this.is(close)) this.expect(",");
    }
    this.next();
    return items;
  }

  private composite(type: string, line: number): GoExpr {
    this.expect("{");
    const elements: GoElement[] = [];
    while (!this.is("}")) {
      const first = this.is("{") ? this.composite("", this.peek()?.line ?? line) : this.expression();
      if (this.is(":")) {
        this.next();
        const value = this.is("{") ? this.composite("", this.peek()?.line ?? line) : this.expression();
        elements.push({ key: first, value });
      } else elements.push({ value: first });
      if (!this.is("}")) this.expect(",");
    }
    this.next();
    return { kind: "composite", type, elements, line };
  }
}

function typeName(expr: GoExpr): string {
  if (expr.kind === "name") return expr.name;
  if (expr.kind === "index") return `${typeName(expr.target)}[${expr.index.map(typeName).join(",")}]`;
  return "";
}

/** The dotted name a call invokes (`stringvalidator.OneOf`), or "" for a method on a call's result. */
export function calleeName(expr: GoExpr): string {
  if (expr.kind !== "call") return "";
  return expr.callee.kind === "name" ? expr.callee.name : expr.callee.kind === "index" ? typeName(expr.callee.target) : "";
}

/**
 * The expression `func <name>(...) ... { return <expr> }` (or the method `func (r *T) <name>(...)`)
 * returns, or undefined when the file has no such function.
 */
export function returnedExpression(tokens: readonly Token[], funcName: string): GoExpr | undefined {
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]?.text !== "func" || tokens[i]?.kind !== "ident") continue;
    let j = i + 1;
    if (tokens[j]?.text === "(") {
      // Method receiver.
      while (tokens[j] && tokens[j]?.text !== ")") j++;
      j++;
    }
    if (tokens[j]?.text !== funcName) continue;
    while (tokens[j] && !(tokens[j]?.kind === "ident" && tokens[j]?.text === "return")) j++;
    const parser = new GoParser(tokens, j + 1);
    const value = parser.expression();
    // The function ends right after its return value: anything else means braces were misread.
    const end = tokens[parser.position];
    if (end?.text !== "}")
      throw new GoSyntaxError(
        `line ${end?.line ?? "EOF"}: expected "}" ending func ${funcName}, found ${JSON.stringify(end?.text ?? "end of file")}`,
      );
    return value;
  }
  return undefined;
}

/** A literal value of a constant expression (strings, numbers, true/false, +, unary -), or undefined. */
export function constant(expr: GoExpr): string | number | boolean | undefined {
  switch (expr.kind) {
    case "string":
    case "number":
      return expr.value;
    case "name":
      return expr.name === "true" ? true : expr.name === "false" ? false : undefined;
    case "unary": {
      const v = constant(expr.operand);
      return expr.op === "-" && typeof v === "number" ? -v : expr.op === "+" && typeof v === "number" ? v : undefined;
    }
    case "binary": {
      const l = constant(expr.left);
      const r = constant(expr.right);
      if (expr.op === "+" && typeof l === "string" && typeof r === "string") return l + r;
      if (typeof l !== "number" || typeof r !== "number") return undefined;
      if (expr.op === "+") return l + r;
      if (expr.op === "-") return l - r;
      if (expr.op === "*") return l * r;
      if (expr.op === "<<") return l * 2 ** r;
      return undefined;
    }
    default:
      return undefined;
  }
}
