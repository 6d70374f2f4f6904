/**
 * A tokenizer for Go source, enough for the provider's generated schema files: identifiers, string
 * (interpreted and raw), rune and number literals, operators; comments and white space dropped. Each
 * token keeps its line, so the contract can cite the provider's source.
 */

export type TokenKind = "ident" | "string" | "number" | "char" | "punct";
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly line: number;
  /** Decoded value of a string literal. */
  readonly value?: string;
}

const PUNCT = ["...", "&&", "||", "<-", "<<", ">>", "&^", ":=", "==", "!=", "<=", ">=", "++", "--", ..."{}()[],.;:+-*/%&|^<>=!~"];
const ESCAPES: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", '"': '"', "'": "'" };

export class GoSyntaxError extends Error {}

/** Decodes the body of an interpreted string literal (between the quotes). */
function unquote(body: string, line: number): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_, esc: string) => {
    if (/^[xuU]/.test(esc)) return String.fromCodePoint(Number.parseInt(esc.slice(1), 16));
    if (/^[0-7]{3}$/.test(esc)) return String.fromCharCode(Number.parseInt(esc, 8));
    const plain = ESCAPES[esc];
    if (plain === undefined) throw new GoSyntaxError(`line ${line}: unknown escape \\${esc}`);
    return plain;
  });
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  let line = 1;
  const advance = (to: number) => {
    for (let i = at; i < to; i++) if (source.charCodeAt(i) === 10) line++;
    at = to;
  };
  while (at < source.length) {
    const rest = source.slice(at, at + 3);
    const c = source.charAt(at);
    if (/\s/.test(c)) advance(at + 1);
    else if (rest.startsWith("//")) advance(source.indexOf("\n", at) === -1 ? source.length : source.indexOf("\n", at));
    else if (rest.startsWith("/*")) advance(source.indexOf("*/", at + 2) + 2);
    else if (c === '"') {
      const m = /^"((?:[^"\\\n]|\\.)*)"/.exec(source.slice(at));
      if (!m) throw new GoSyntaxError(`line ${line}: unterminated string`);
      tokens.push({ kind: "string", text: m[0], line, value: unquote(m[1] ?? "", line) });
      advance(at + m[0].length);
    } else if (c === "`") {
      const end = source.indexOf("`", at + 1);
      if (end === -1) throw new GoSyntaxError(`line ${line}: unterminated raw string`);
      const raw = source.slice(at, end + 1);
      tokens.push({ kind: "string", text: raw, line, value: raw.slice(1, -1).replace(/\r/g, "") });
      advance(end + 1);
    } else if (c === "'") {
      const m = /^'(?:[^'\\\n]|\\[^\n]+?)'/.exec(source.slice(at));
      if (!m) throw new GoSyntaxError(`line ${line}: unterminated rune`);
      tokens.push({ kind: "char", text: m[0], line });
      advance(at + m[0].length);
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(source.charAt(at + 1)))) {
      const m = /^(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*)?\.?[\d_]*(?:[eE][+-]?\d+)?)/.exec(source.slice(at));
      const text = m?.[0] ?? c;
      tokens.push({ kind: "number", text, line });
      advance(at + text.length);
    } else if (/[A-Za-z_]/.test(c)) {
      const text = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(at))?.[0] ?? c;
      tokens.push({ kind: "ident", text, line });
      advance(at + text.length);
    } else {
      const text = PUNCT.find((p) => source.startsWith(p, at));
      if (!text) throw new GoSyntaxError(`line ${line}: unexpected character ${JSON.stringify(c)}`);
      tokens.push({ kind: "punct", text, line });
      advance(at + text.length);
    }
  }
  return tokens;
}
