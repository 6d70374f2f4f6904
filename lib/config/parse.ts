import { extname } from "node:path";
import { type Document, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument, YAMLError, type YAMLWarning } from "yaml";
import { BoundedCache } from "../core/bounded-cache";
import type { ConfigIssue } from "../core/issues";
import { firstDuplicateKey } from "../core/json-duplicate-key";
import { ConfigError } from "./errors";
import { BAD_CHARACTER_MARK, findBadCharacter, markBadCharacter } from "./input-guard";
import { CONFIG_LIMITS, describeFileLimit } from "./limits";
import { jsonSyntaxMessage } from "../core/shown-input";
import { aliasTargets, duplicateYamlKey, yamlKeyName } from "./yaml-keys";

type Path = readonly (string | number)[];

/** 1-based line and column of a character index. */
function lineColumn(text: string, index: number): string {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return `line ${line}, column ${index - start + 1}`;
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split("\n")[0] ?? message;
}

/**
 * What is wrong with a YAML text, in one line: the parser's first line without the `:` that introduces
 * its context lines (`at line 2, column 1:`), and a second document in the file's own terms, not the
 * parser's advice to programmers (`please use YAML.parseAllDocuments()`).
 */
function yamlProblem(err: unknown): string {
  if (err instanceof YAMLError && err.code === "MULTIPLE_DOCS") {
    const at = err.linePos?.[0];
    return `a second YAML document (---)${at ? ` at line ${at.line}` : ""}; allowed: one document per config file`;
  }
  return `not valid YAML: ${firstLine(err).replace(/:\s*$/, "")}`;
}

/**
 * Where a YAML syntax error is, as the person who wrote the file sees it: the parser places some at the
 * start of a line (a list item indented under `key: []` is reported at column 1), so the position
 * moves past the indentation (and blank and comment lines) to the text it tripped over. Named by the
 * field the stray text belongs to (fieldAt: `readiness.attestations`), and for a list under a value already
 * closed on the line before (`attestations: []` from an uncommented template) the fix is said.
 */
function yamlSyntaxIssue(err: YAMLError, doc: Document, text: string, lines: LineCounter): ConfigIssue {
  if (err.code === "MULTIPLE_DOCS") return { path: [], message: yamlProblem(err) };
  let at = err.pos[0];
  // At a line's start, past its indentation, and past blank and comment lines to the text itself.
  if (at === 0 || text[at - 1] === "\n")
    for (let skipped = true; skipped; ) {
      const from = at;
      while (text[at] === " " || text[at] === "\t" || text[at] === "\n") at++;
      if (text[at] === "#") at = text.includes("\n", at) ? text.indexOf("\n", at) + 1 : text.length;
      skipped = at !== from;
    }
  const where = lines.linePos(at);
  const what = firstLine(err)
    .replace(/\s*at line \d+, column \d+:?\s*$/, "")
    .replace(/:\s*$/, "");
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  const before = text
    .slice(0, lineStart)
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.trim().startsWith("#"));
  const closed = text[at] === "-" && /:\s*(\[\]|\{\})\s*$/.test(before.at(-1) ?? "");
  const hint = closed ? "; the line before closes its value with [] or {}: remove that to give the items below it" : "";
  return { path: fieldAt(doc, text, at, lines), message: `not valid YAML: ${what} at line ${where.line}, column ${where.col}${hint}` };
}

/**
 * The path of the field whose value holds `offset`: the last key (in document order) before it on the
 * same line, or on an earlier line with `offset` indented deeper (a list may sit at its key's own
 * indentation); [] when none (the text is at the top level, or at the end of the file).
 */
function fieldAt(doc: Document, text: string, offset: number, lines: LineCounter): Path {
  const here = lines.linePos(offset);
  const holds = (start: number) => {
    const key = lines.linePos(start);
    return key.line === here.line || here.col > key.col || (here.col === key.col && text[offset] === "-");
  };
  let best: { start: number; path: Path } = { start: -1, path: [] };
  const aliases = aliasTargets(doc);
  const stack: { node: unknown; path: Path }[] = [{ node: doc.contents, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop() as { node: unknown; path: Path };
    if (isSeq(node)) for (const [i, item] of node.items.entries()) stack.push({ node: item, path: [...path, i] });
    if (!isMap(node)) continue;
    for (const pair of node.items) {
      const start = isNode(pair.key) && pair.key.range ? pair.key.range[0] : Number.POSITIVE_INFINITY;
      const named = yamlKeyName(pair.key, aliases, lines);
      if (start >= offset || !("name" in named)) continue;
      const at = [...path, named.name];
      if (start > best.start && holds(start)) best = { start, path: at };
      stack.push({ node: pair.value, path: at });
    }
  }
  return best.path;
}

/**
 * A value carrying a tag the parser does not know (`!Sub`, `!Ref`, `!foo`): the parser only warns and
 * reads it as the plain text after the tag, so CloudFormation's `!Sub opsbot/${Env}/x` would become a
 * literal name without a word. Named by the first value after the tag, in document order.
 */
function unresolvedTag(contents: unknown, warnings: readonly YAMLWarning[], lines: LineCounter): ConfigIssue | undefined {
  const warning = warnings.find((w) => w.code === "TAG_RESOLVE_FAILED");
  if (!warning) return undefined;
  const tagEnd = warning.pos[1];
  let path: Path = [];
  const visit = (node: unknown, at: Path): boolean => {
    const range = isNode(node) ? node.range : undefined;
    if (range && range[0] >= tagEnd) {
      path = at;
      return true;
    }
    if (isSeq(node)) return node.items.some((item, i) => visit(item, [...at, i]));
    if (isMap(node)) return node.items.some((pair) => visit(pair.value, [...at, isScalar(pair.key) ? String(pair.key.value) : ""]));
    return false;
  };
  visit(contents, []);
  const tag = /Unresolved tag: (\S+)/.exec(warning.message)?.[1] ?? "a tag";
  return {
    path,
    message: `carries the YAML tag ${tag} (line ${lines.linePos(warning.pos[0]).line}), which golive does not read; allowed: the value itself, untagged`,
  };
}

/**
 * Bounds the parser's cost before it runs: entries (lines, commas, opening brackets) and flow-collection
 * nesting. Quotes are not skipped, so a bracket inside a string counts too: harmless at these limits.
 */
function yamlCostProblem(text: string): ConfigIssue | undefined {
  let entries = 0;
  let depth = 0;
  let indent: number | undefined = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) indent = 0;
    else if (c === 0x20 && indent !== undefined) {
      if (++indent > CONFIG_LIMITS.yamlIndent)
        return {
          path: [],
          message: `is indented more than ${CONFIG_LIMITS.yamlIndent} spaces (${lineColumn(text, i)}); allowed: at most ${CONFIG_LIMITS.yamlIndent}`,
        };
    } else indent = undefined;
    if (c === 0x0a || c === 0x2c) entries++;
    else if (c === 0x5b || c === 0x7b) {
      entries++;
      if (++depth > CONFIG_LIMITS.yamlFlowDepth)
        return {
          path: [],
          message: `nests [ or { more than ${CONFIG_LIMITS.yamlFlowDepth} deep (${lineColumn(text, i)}); allowed: at most ${CONFIG_LIMITS.yamlFlowDepth}`,
        };
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
    if (entries > CONFIG_LIMITS.yamlEntries)
      return {
        path: [],
        message: `has more than ${CONFIG_LIMITS.yamlEntries} lines and list or mapping entries (${lineColumn(text, i)}); allowed: at most ${CONFIG_LIMITS.yamlEntries}`,
      };
  }
  return undefined;
}

/**
 * Parsed YAML by its text, copied out on every hit: a process that reads the same config again (every
 * single-environment command reads the other environments' files too, for the cross-environment checks;
 * the test suite runs commands in-process hundreds of times) pays the YAML parser once.
 */
const parsedYaml = new BoundedCache<string, unknown>(32);

function parseYaml(file: string, text: string): unknown {
  // A text that fails throws before anything is remembered: its next read fails the same way.
  return structuredClone(parsedYaml.get(text, () => parseYamlText(file, text)));
}

function parseYamlText(file: string, text: string): unknown {
  // YAML allows CR-only line breaks; the parser does not read them as line breaks, so normalise first.
  const normalised = text.replace(/\r\n?/g, "\n");
  const cost = yamlCostProblem(normalised);
  if (cost) throw new ConfigError(file, [cost]);
  const lines = new LineCounter();
  try {
    const doc = parseDocument(normalised, { uniqueKeys: false, prettyErrors: true, lineCounter: lines });
    const error = doc.errors[0];
    if (error) throw new ConfigError(file, [yamlSyntaxIssue(error, doc, normalised, lines)]);
    const duplicate = duplicateYamlKey(doc, lines);
    if (duplicate) throw new ConfigError(file, [duplicate]);
    const tagged = unresolvedTag(doc.contents, doc.warnings, lines);
    if (tagged) throw new ConfigError(file, [tagged]);
    // maxAliasCount bounds alias expansion ("billion laughs").
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(file, [{ path: [], message: yamlProblem(err) }]);
  }
}

function parseJson(file: string, text: string): unknown {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const position = /position (\d+)/.exec(firstLine(err))?.[1];
    const where = position === undefined ? "" : ` (${lineColumn(text, Number(position))})`;
    throw new ConfigError(file, [{ path: [], message: `not valid JSON: ${jsonSyntaxMessage(err)}${where}` }]);
  }
  // JSON.parse keeps the last of a repeated key: `{"edge": ..., "edge": ...}` would drop a whole section.
  const duplicate = firstDuplicateKey(text);
  if (duplicate)
    throw new ConfigError(file, [{ path: duplicate, message: "duplicate key; JSON keeps only the last one, so remove the other" }]);
  return data;
}

/**
 * Path of the first string holding BAD_CHARACTER_MARK in parsed data, to name the field a bad character
 * sits in; for a key, the mapping that holds it (the key itself is not a name anyone wrote).
 */
function pathOfMarked(data: unknown): Path | undefined {
  const stack: { value: unknown; path: Path }[] = [{ value: data, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: Path };
    if (typeof value === "string" && value.includes(BAD_CHARACTER_MARK)) return path;
    if (Array.isArray(value)) for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
    else if (typeof value === "object" && value !== null) {
      const entries = Object.entries(value).reverse();
      for (const [key, child] of entries) {
        if (key.includes(BAD_CHARACTER_MARK)) return path;
        stack.push({ value: child, path: [...path, key] });
      }
    }
  }
  return undefined;
}

/**
 * The refusal of a character of a config file's text (at `index`: a control character, a lone
 * surrogate, bytes that were not UTF-8), naming the field that holds it: a copy with the character
 * marked (BAD_CHARACTER_MARK) is parsed and the value holding the mark found. A text that holds the mark
 * already, or whose marked copy does not parse either, is named by its line and column only.
 */
export function badCharacterError(file: string, source: string, index: number, description: string): ConfigError {
  const bom = source.startsWith("\ufeff") ? 1 : 0;
  const text = source.slice(bom);
  const at = index - bom;
  let path: Path = [];
  if (!text.includes(BAD_CHARACTER_MARK)) {
    try {
      const marked = markBadCharacter(text, at);
      const data =
        extname(file) === ".json" ? JSON.parse(marked) : parseDocument(marked.replace(/\r\n?/g, "\n")).toJS({ maxAliasCount: 100 });
      path = pathOfMarked(data) ?? [];
    } catch {
      // The marked copy does not parse either: the line and column are all there is to say.
    }
  }
  return new ConfigError(file, [{ path, message: `contains ${description} at ${lineColumn(text, at)}` }]);
}

/**
 * Parses a config file's text as YAML or JSON by extension. Refused, each with a ConfigError naming the
 * field where it can: text over the size limit; control characters and lone surrogates anywhere in the
 * file; syntax errors; duplicate keys. A BOM is dropped.
 */
export function parseConfigSource(file: string, source: string): unknown {
  const json = extname(file) === ".json";
  const text = source.startsWith("\ufeff") ? source.slice(1) : source;
  if (text.length > CONFIG_LIMITS.fileBytes)
    throw new ConfigError(file, [{ path: [], message: `is ${text.length} characters long; allowed: at most ${describeFileLimit()}` }]);
  const bad = findBadCharacter(text);
  if (bad) throw badCharacterError(file, text, bad.index, bad.description);
  return json ? parseJson(file, text) : parseYaml(file, text);
}
