import { type CallExpression, type Expression, parseSync, type VariableDeclarator } from "@swc/core";
import { dirname, isAbsolute, join, normalize, relative, resolve } from "node:path";

/**
 * Finds, in a test file's source, every place that reads the repository's `config/` folder, which is
 * the user's (README quickstart: they remove the examples). Read from the syntax tree (swc, which jest
 * already uses to strip types), so the spelling does not matter: `join(REPO_ROOT, "config", f)`,
 * `resolve(REPO_ROOT, "config/x.yaml")`, `` `${REPO_ROOT}/config` ``, `join(__dirname, "..", "..",
 * "config")`, a relative `"config/x.yaml"` (read from the working directory, the repository root under
 * jest), and the same through a `const`. A file-system read of a repository path only known at run time
 * (`existsSync(join(REPO_ROOT, path))`, where `path` may come from a page naming `config/production.yaml`)
 * is reported too: it reaches config/ whenever its input names it.
 * The one file of config/ golive ships, the generated `golive.schema.json`, may be read.
 */

/** Node's file-system functions that read (or copy from) their first argument. */
const FS_READS = new Set([
  "access",
  "accessSync",
  "copyFile",
  "copyFileSync",
  "cp",
  "cpSync",
  "createReadStream",
  "existsSync",
  "lstat",
  "lstatSync",
  "open",
  "openSync",
  "opendir",
  "opendirSync",
  "readFile",
  "readFileSync",
  "readdir",
  "readdirSync",
  "realpathSync",
  "stat",
  "statSync",
  "watch",
]);
const SHIPPED = "config/golive.schema.json";
const ROOT_TEXT = /REPO_ROOT|__dirname|cwd\(\)|["'`](?:\.\/)?config\b/;
const READ_TEXT = new RegExp(`\\b(?:${[...FS_READS].join("|")})\\s*\\(|["'\`/]config\\b`);

/** A path as far as the source tells it: `text` (rooted: absolute), then, when `open`, something only known at run time. */
interface KnownPath {
  readonly text: string;
  readonly rooted: boolean;
  readonly open: boolean;
}
/** undefined: nothing is known (a parameter, a temporary folder, EXAMPLE_CONFIG_DIR). */
type PathValue = KnownPath | undefined;

export interface ConfigRead {
  readonly line: number;
  readonly code: string;
}

type AstNode = { readonly type: string; readonly span?: { readonly start: number; readonly end: number } };

function isNode(value: unknown): value is AstNode {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

/** Keys that hold types, spans or comments: no path expression below them. */
const SKIPPED_KEYS = new Set(["span", "ctxt", "typeAnnotation", "typeArguments", "typeParameters", "typeParams", "returnType"]);

/** Every node under `root`, parents before children (an explicit stack: a deep recursion is slow here). */
function nodesOf(root: unknown): AstNode[] {
  const out: AstNode[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item !== "object" || item === null) continue;
    if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push(item[i]);
      continue;
    }
    if (isNode(item)) out.push(item);
    const record = item as Record<string, unknown>;
    const keys = Object.keys(record);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] ?? "";
      const value = record[key];
      if (typeof value === "object" && value !== null && !SKIPPED_KEYS.has(key)) stack.push(value);
    }
  }
  return out;
}

// swc's own output: a node's `type` names its shape (@swc/types), so these only say which union to read it as.
const asExpression = (node: AstNode): Expression => node as Expression;
const asDeclarator = (node: AstNode): VariableDeclarator => node as VariableDeclarator;

/** `readFileSync` of `readFileSync(...)` and of `fs.readFileSync(...)`. */
function calleeName(callee: CallExpression["callee"]): string | undefined {
  if (callee.type === "Identifier") return callee.value;
  if (callee.type === "MemberExpression" && callee.property.type === "Identifier") return callee.property.value;
  return undefined;
}

/** `a` then `b`, as a template literal or `+` joins them; unknown at the start is unknown (a temporary folder). */
function concat(a: PathValue, b: PathValue): PathValue {
  if (a === undefined || a.open) return a;
  if (a.text === "" && !a.rooted) return b;
  if (b === undefined) return { ...a, open: true };
  return { text: a.text + b.text, rooted: a.rooted, open: b.open };
}

/** Reads what a file's path expressions evaluate to, following its `const` bindings. */
class PathReader {
  private readonly bindings = new Map<string, Expression[]>();

  constructor(
    private readonly repoRoot: string,
    private readonly fileDir: string,
    nodes: readonly AstNode[],
  ) {
    for (const node of nodes) {
      if (node.type !== "VariableDeclarator") continue;
      const { id, init } = asDeclarator(node);
      if (id.type !== "Identifier" || init === undefined) continue;
      this.bindings.set(id.value, [...(this.bindings.get(id.value) ?? []), init]);
    }
  }

  value(e: Expression, depth = 0): PathValue {
    if (depth > 12) return undefined;
    switch (e.type) {
      case "StringLiteral":
        return { text: e.value, rooted: isAbsolute(e.value), open: false };
      case "ParenthesisExpression":
      case "TsAsExpression":
      case "TsNonNullExpression":
      case "TsSatisfiesExpression":
      case "TsConstAssertion":
        return this.value(e.expression, depth + 1);
      case "TemplateLiteral":
        return e.quasis.reduce<PathValue>(
          (acc, q, i) => {
            const withText = concat(acc, { text: q.cooked ?? q.raw, rooted: false, open: false });
            const expr = e.expressions[i];
            return expr === undefined ? withText : concat(withText, this.value(expr, depth + 1));
          },
          { text: "", rooted: false, open: false },
        );
      case "BinaryExpression":
        return e.operator === "+" ? concat(this.value(e.left, depth + 1), this.value(e.right, depth + 1)) : undefined;
      case "Identifier":
        return this.identifier(e.value, depth);
      case "CallExpression":
        return this.call(e, depth);
      default:
        return undefined;
    }
  }

  private identifier(name: string, depth: number): PathValue {
    if (name === "__dirname") return { text: this.fileDir, rooted: true, open: false };
    const bound = this.bindings.get(name);
    // A name bound more than once (in different scopes) is not followed: which one applies is unknown.
    if (bound?.length === 1 && bound[0]) return this.value(bound[0], depth + 1);
    if (name === "REPO_ROOT" && bound === undefined) return { text: this.repoRoot, rooted: true, open: false };
    return undefined;
  }

  private call({ callee, arguments: args }: CallExpression, depth: number): PathValue {
    const name = calleeName(callee);
    if (name === "cwd") return { text: this.repoRoot, rooted: true, open: false }; // process.cwd(): the root under jest
    if (name !== "join" && name !== "resolve") return undefined;
    let acc: PathValue;
    args.forEach((arg, i) => {
      const v = arg.spread ? undefined : this.value(arg.expression, depth + 1);
      if (i === 0) acc = v;
      else if (acc === undefined || acc.open) return;
      else if (v === undefined) acc = { ...acc, open: true };
      else if (name === "resolve" && v.rooted) acc = v;
      else acc = { text: join(acc.text, v.text), rooted: acc.rooted, open: v.open };
    });
    return acc;
  }

  /** The repository-relative path a value names, when it is inside the repository. */
  repoRelative(v: KnownPath): string | undefined {
    const abs = v.rooted ? normalize(v.text) : resolve(this.repoRoot, v.text);
    const rel = relative(this.repoRoot, abs).split("\\").join("/");
    return rel.startsWith("..") || isAbsolute(rel) ? undefined : rel;
  }
}

/** Whether a value reads the user's config/: named there, or (read from disk) a repository path open enough to be. */
function readsConfig(reader: PathReader, v: PathValue, fsRead: boolean): boolean {
  if (v === undefined || (!v.rooted && !fsRead)) return false;
  const rel = reader.repoRelative(v);
  if (rel === undefined) return false;
  const inConfig = rel === "config" || rel.startsWith("config/");
  if (!v.open) return inConfig && rel !== SHIPPED;
  return inConfig || (fsRead && "config/".startsWith(rel));
}

/** Every read of the repository's config/ in `source` (the file at `file`), with its line and code. */
export function configReads(source: string, file: string, repoRoot: string): ConfigRead[] {
  // Only a file with a root (REPO_ROOT, __dirname, process.cwd()) or a relative "config..." string, and
  // a read or a "config" path segment, can name the repository's config/: the rest is not parsed (the
  // parse is most of the time).
  if (!ROOT_TEXT.test(source) || !READ_TEXT.test(source)) return [];
  // swc's spans count from an offset that grows with every parse: a leading `;` marks offset 0.
  const text = Buffer.from(`;${source}`, "utf8");
  const module = parseSync(text.toString("utf8"), { syntax: "typescript", target: "es2022", comments: false });
  const base = module.body[0]?.span.start ?? 0;
  const nodes = nodesOf(module.body);
  const reader = new PathReader(repoRoot, dirname(file), nodes);
  const found: ConfigRead[] = [];
  const covered: { start: number; end: number }[] = [];
  const report = (node: AstNode) => {
    const span = node.span ?? { start: base, end: base };
    covered.push(span);
    const before = text.subarray(1, span.start - base).toString("utf8");
    found.push({ line: before.split("\n").length, code: text.subarray(span.start - base, span.end - base).toString("utf8") });
  };
  for (const node of nodes) {
    const span = node.span;
    if (span && covered.some((c) => c.start <= span.start && span.end <= c.end)) continue;
    const e = asExpression(node);
    if (e.type === "CallExpression" && FS_READS.has(calleeName(e.callee) ?? "") && e.arguments[0] !== undefined) {
      if (readsConfig(reader, reader.value(e.arguments[0].expression), true)) report(node);
    } else if (e.type === "CallExpression" || e.type === "TemplateLiteral" || e.type === "BinaryExpression") {
      if (readsConfig(reader, reader.value(e), false)) report(node);
    }
  }
  return found;
}
