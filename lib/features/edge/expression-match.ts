import { lowerPath } from "./edge-rule";

/**
 * Which requests a Cloudflare rule expression matches, read only as far as golive can be sure of it.
 *
 * The readiness rules must not call a rule "covering" /api/chat because its text contains the path:
 * `http.host eq "nope.invalid" and <paths>` or `not <paths>` contain it too and match none of its
 * requests. So `readMatch` accepts only the shapes golive itself writes (edge-rule.ts: `pathPrefixExpr`,
 * `anyPathExpr`, the redirects' `http.host eq` clause): `true`, path clauses joined by `or` (nested
 * parentheses allowed), host clauses joined by `or`, and one of each joined by `and`. Every clause is a
 * plain comparison of `http.request.uri.path` / `http.host` (or `lower()` of them) with string literals:
 * `eq` / `==`, `in {...}`, `starts_with(...)`. Anything else (`not`, other fields, other functions or
 * operators) is undefined: not verifiable, which callers treat as "does not cover" and "may match".
 * Such an expression is monotone in its clauses, so reading each clause on its own is sound.
 */
export interface RequestMatch {
  /** Host literals, any of which the request's host must equal; undefined: any host. */
  readonly hosts?: readonly Literal[];
  /** Path literals, any of which the path must match; undefined: any path. */
  readonly paths?: readonly PathLiteral[];
}

export interface Literal {
  readonly value: string;
  /** Compared with `lower(field)`: any case of the request's value matches a lower-case literal. */
  readonly lowered: boolean;
}

/** A string literal compared against the request path, and how. */
export interface PathLiteral extends Literal {
  readonly match: "exact" | "prefix";
}

type Token = { readonly kind: "string"; readonly value: string } | { readonly kind: "word" | "punct"; readonly value: string };

/** Splits an expression into strings, words (fields, functions, keywords) and punctuation; undefined on anything else. */
function tokenize(expression: string): Token[] | undefined {
  const tokens: Token[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|([A-Za-z_][A-Za-z0-9_.]*)|(==|&&|\|\||[(){},]))/y;
  let index = 0;
  while (index < expression.length) {
    if (/^\s*$/.test(expression.slice(index))) break;
    re.lastIndex = index;
    const m = re.exec(expression);
    if (!m) return undefined;
    index = re.lastIndex;
    if (m[1] !== undefined) tokens.push({ kind: "string", value: m[1].replace(/\\(.)/g, "$1") });
    else if (m[2] !== undefined) tokens.push({ kind: "word", value: m[2] });
    else tokens.push({ kind: "punct", value: m[3] ?? "" });
  }
  return tokens;
}

type Node =
  | { readonly kind: "true" }
  | { readonly kind: "or" | "and"; readonly items: readonly Node[] }
  | { readonly kind: "path"; readonly literals: readonly PathLiteral[] }
  | { readonly kind: "host"; readonly literals: readonly Literal[] };

const FIELDS: Readonly<Record<string, "path" | "host">> = { "http.request.uri.path": "path", "http.host": "host" };

/** Recursive descent over the accepted subset; any token it does not expect ends the parse (undefined). */
class Parser {
  private at = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parse(): Node | undefined {
    const node = this.or();
    return node !== undefined && this.at === this.tokens.length ? node : undefined;
  }

  private peek(value: string): boolean {
    const t = this.tokens[this.at];
    return t !== undefined && t.kind !== "string" && t.value === value;
  }

  private eat(...values: string[]): boolean {
    if (!values.some((v) => this.peek(v))) return false;
    this.at++;
    return true;
  }

  private string(): string | undefined {
    const t = this.tokens[this.at];
    if (t?.kind !== "string") return undefined;
    this.at++;
    return t.value;
  }

  private list(kind: "or" | "and", item: () => Node | undefined, ...ops: string[]): Node | undefined {
    const first = item();
    if (first === undefined) return undefined;
    const items = [first];
    while (this.eat(...ops)) {
      const next = item();
      if (next === undefined) return undefined;
      items.push(next);
    }
    return items.length === 1 ? first : { kind, items };
  }

  private or(): Node | undefined {
    return this.list("or", () => this.and(), "or", "||");
  }

  private and(): Node | undefined {
    return this.list("and", () => this.primary(), "and", "&&");
  }

  /** `http.host`, `http.request.uri.path`, or `lower()` of one of them. */
  private field(): { field: "path" | "host"; lowered: boolean } | undefined {
    const lowered = this.eat("lower");
    if (lowered && !this.eat("(")) return undefined;
    const t = this.tokens[this.at];
    const field = t?.kind === "word" ? FIELDS[t.value] : undefined;
    if (field === undefined) return undefined;
    this.at++;
    if (lowered && !this.eat(")")) return undefined;
    return { field, lowered };
  }

  private primary(): Node | undefined {
    if (this.eat("(")) {
      const inner = this.or();
      return inner !== undefined && this.eat(")") ? inner : undefined;
    }
    if (this.eat("true")) return { kind: "true" };
    if (this.eat("starts_with")) {
      if (!this.eat("(")) return undefined;
      const f = this.field();
      if (f?.field !== "path" || !this.eat(",")) return undefined;
      const value = this.string();
      if (value === undefined || !this.eat(")")) return undefined;
      return { kind: "path", literals: [{ value, lowered: f.lowered, match: "prefix" }] };
    }
    const f = this.field();
    if (f === undefined) return undefined;
    const values: string[] = [];
    if (this.eat("eq", "==")) {
      const value = this.string();
      if (value === undefined) return undefined;
      values.push(value);
    } else if (this.eat("in")) {
      if (!this.eat("{")) return undefined;
      for (let value = this.string(); value !== undefined; value = this.string()) values.push(value);
      if (!this.eat("}")) return undefined;
    } else return undefined;
    return f.field === "path"
      ? { kind: "path", literals: values.map((value) => ({ value, lowered: f.lowered, match: "exact" as const })) }
      : { kind: "host", literals: values.map((value) => ({ value, lowered: f.lowered })) };
  }
}

/** A parsed expression as hosts x paths; undefined when it is not one product of the two. */
function reduce(node: Node): RequestMatch | undefined {
  switch (node.kind) {
    case "true":
      return {};
    case "path":
      return { paths: node.literals };
    case "host":
      return { hosts: node.literals };
    case "or": {
      const parts = node.items.map(reduce);
      if (parts.some((p) => p === undefined)) return undefined;
      const matches = parts.filter((p): p is RequestMatch => p !== undefined);
      if (matches.some((p) => p.hosts === undefined && p.paths === undefined)) return {};
      if (matches.every((p) => p.hosts === undefined)) return { paths: matches.flatMap((p) => p.paths ?? []) };
      if (matches.every((p) => p.paths === undefined)) return { hosts: matches.flatMap((p) => p.hosts ?? []) };
      return undefined; // (host or path): not a product of a host set and a path set
    }
    case "and": {
      const parts = node.items.map(reduce);
      if (parts.some((p) => p === undefined)) return undefined;
      const matches = parts.filter((p): p is RequestMatch => p !== undefined);
      const hostSets = matches.flatMap((p) => (p.hosts === undefined ? [] : [p.hosts]));
      const pathSets = matches.flatMap((p) => (p.paths === undefined ? [] : [p.paths]));
      // Two host or path sets would be an intersection: golive writes none, so it is not read.
      if (hostSets.length > 1 || pathSets.length > 1) return undefined;
      return { ...(hostSets[0] ? { hosts: hostSets[0] } : {}), ...(pathSets[0] ? { paths: pathSets[0] } : {}) };
    }
  }
}

/** What an expression matches, or undefined when it is not a shape golive can verify (see RequestMatch). */
export function readMatch(expression: string): RequestMatch | undefined {
  const tokens = tokenize(expression);
  if (tokens === undefined || tokens.length === 0) return undefined;
  const node = new Parser(tokens).parse();
  return node === undefined ? undefined : reduce(node);
}

/** A literal compared with `lower()` matches the lower-cased value (ASCII, as Cloudflare's lower()). */
function literalEquals(lit: Literal, value: string): boolean {
  return lit.value === (lit.lowered ? lowerPath(value) : value);
}

/**
 * True when the match takes every request to `path` and below it (`/api/chat`, `/api/chat/x`: the
 * family golive's `pathPrefixExpr` matches) on every host of `hosts` (lower-case names; undefined: on
 * any host at all). `path` undefined: every path. A `lower()` literal is compared with the path
 * lower-cased, so it covers every case of it; a plain literal covers the path only as written.
 */
export function matchCovers(match: RequestMatch | undefined, path: string | undefined, hosts?: readonly string[]): boolean {
  if (match === undefined) return false;
  if (match.hosts !== undefined) {
    if (hosts === undefined || hosts.length === 0) return false;
    const named = match.hosts;
    if (!hosts.every((h) => named.some((lit) => literalEquals(lit, h)))) return false;
  }
  if (match.paths === undefined) return true;
  if (path === undefined) return false;
  const literals = match.paths;
  const form = (lit: Literal) => (lit.lowered ? lowerPath(path) : path).replace(/\/+$/, "");
  // The path itself: an exact literal equal to it, or a prefix of it.
  const itself = literals.some((lit) => {
    const base = form(lit) || "/";
    return lit.match === "exact" ? base === lit.value : base.startsWith(lit.value);
  });
  // Everything below it: only a prefix of `<path>/` takes every one of those.
  const below = literals.some((lit) => lit.match === "prefix" && `${form(lit)}/`.startsWith(lit.value));
  return itself && below;
}

/**
 * False only when no request to `path` or below it (any case), on any of `hosts`, can match; `path`
 * undefined: any path. An unverifiable match (undefined) may match anything. Literals are compared
 * ignoring case, so a literal written with capitals counts as a possible match too (erring toward it).
 */
export function matchMayHit(match: RequestMatch | undefined, path: string | undefined, hosts: readonly string[]): boolean {
  if (match === undefined) return true;
  if (match.hosts !== undefined && hosts.length > 0) {
    const named = match.hosts.map((lit) => lit.value.toLowerCase());
    if (!hosts.some((h) => named.includes(h.toLowerCase()))) return false;
  }
  if (match.paths === undefined || path === undefined) return true;
  const base = path.toLowerCase().replace(/\/+$/, "");
  return match.paths.some((lit) => {
    const v = lit.value.toLowerCase();
    return lit.match === "exact" ? v === base || v.startsWith(`${base}/`) : base.startsWith(v) || v.startsWith(`${base}/`);
  });
}

/** String literals compared against the request path anywhere in the text (`eq`, `starts_with`, `in`), verifiable or not. */
export function expressionPaths(expression: string): PathLiteral[] {
  const field = String.raw`(lower\(\s*http\.request\.uri\.path\s*\)|http\.request\.uri\.path)`;
  const out: PathLiteral[] = [];
  const lowered = (f: string | undefined) => (f ?? "").startsWith("lower");
  for (const m of expression.matchAll(new RegExp(String.raw`${field}\s+(?:eq|==)\s+"([^"]*)"`, "g")))
    out.push({ value: m[2] ?? "", match: "exact", lowered: lowered(m[1]) });
  for (const m of expression.matchAll(new RegExp(String.raw`starts_with\(\s*${field}\s*,\s*"([^"]*)"\s*\)`, "g")))
    out.push({ value: m[2] ?? "", match: "prefix", lowered: lowered(m[1]) });
  for (const m of expression.matchAll(new RegExp(String.raw`${field}\s+in\s+\{([^}]*)\}`, "g")))
    for (const lit of (m[2] ?? "").matchAll(/"([^"]*)"/g)) out.push({ value: lit[1] ?? "", match: "exact", lowered: lowered(m[1]) });
  return out;
}

/**
 * True when the expression provably matches every request to `path` on any host: a verifiable shape
 * (readMatch) with no host clause and a path literal that covers it.
 */
export function expressionCoversPath(expression: string, path: string): boolean {
  return matchCovers(readMatch(expression), path);
}
