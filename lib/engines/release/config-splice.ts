import { type Document, isMap, isNode, isScalar, parseDocument, type Scalar, stringify, type YAMLMap } from "yaml";
import { BoundedCache } from "../../core/bounded-cache";

/** One field to set (`to`) or remove (`to: null`), by its path in the config. */
export interface SpliceChange {
  readonly path: readonly string[];
  readonly to: string | number | null;
}

/** The edited text, or why the edit cannot be made without rewriting other lines (one sentence). */
export type SpliceResult = { readonly text: string } | { readonly refused: string };

interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

class Refusal extends Error {}

const fieldName = (path: readonly string[]) => path.join(".");

/** The file's own line ending, so a CRLF file gets CRLF lines. */
function lineEnding(text: string): string {
  return /\r\n|\r|\n/.exec(text)?.[0] ?? "\n";
}

/**
 * A value as YAML: quoted when a YAML 1.1 reader (js-yaml, PyYAML, many CI tools) would take it for
 * something else (`1:20` sexagesimal, `2026-12-01` a date, `yes`), as well as when golive's YAML 1.2
 * reader would (`1.6`); a quoted string is a string in both.
 */
function valueText(value: string | number): string {
  return stringify(value, { lineWidth: 0, version: "1.1" }).trimEnd();
}

/** The new value in the quoting style of the one it replaces. */
function replacementText(node: Scalar, value: string | number, field: string): string {
  if (node.type === "PLAIN") return valueText(value);
  if (node.type === "QUOTE_DOUBLE") return JSON.stringify(String(value));
  if (node.type === "QUOTE_SINGLE") return `'${String(value).replaceAll("'", "''")}'`;
  throw new Refusal(`${field} is a block scalar (| or >); write it as a plain value`);
}

/** Offset just after the line holding `offset` (its line ending included), or the text's length on the last line. */
function afterLine(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  return nl < 0 ? text.length : nl + 1;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** The column of a block map's keys (0 for the document's top level). */
function keyColumn(text: string, map: YAMLMap): number {
  const key = map.items[0]?.key;
  if (!isScalar(key) || !key.range) throw new Refusal("its first key is not a plain key");
  return key.range[0] - lineStartOf(text, key.range[0]);
}

/** A block map's items that are one `key: value` line each (a trailing comment allowed): where keys are added and removed. */
function plainLines(text: string, map: YAMLMap) {
  return map.items.flatMap((pair) => {
    const { key, value } = pair;
    if (!isScalar(key) || !isScalar(value) || !key.range || !value.range) return [];
    const lineStart = lineStartOf(text, key.range[0]);
    const end = afterLine(text, value.range[1]);
    const rest = text.slice(value.range[1], end).trim();
    if (!/^ *$/.test(text.slice(lineStart, key.range[0])) || (rest !== "" && !rest.startsWith("#"))) return [];
    return [{ key: String(key.value), lineStart, end }];
  });
}

/** The indentation step of nested maps in `map` (a child map's key column minus its parent's), 2 when it has none. */
function indentStep(text: string, map: YAMLMap, column: number): number {
  for (const { value } of map.items) {
    if (isMap(value) && !value.flow && value.items.length > 0) return keyColumn(text, value) - column;
  }
  return 2;
}

/** The map at `path`, which the edit adds to or removes from: a block map, else the edit is refused. */
function blockMapAt(doc: Document, path: readonly string[]): YAMLMap {
  const map = doc.getIn([...path], true);
  if (!isMap(map)) throw new Refusal(`${fieldName(path)} is not a mapping`);
  if (map.flow) throw new Refusal(`${fieldName(path)} is a flow mapping ({ ... }); write it as a block mapping (one key: value per line)`);
  return map;
}

/** Removes the `key: value` line (a line ending with it; on the last line, the one before it). */
function removal(text: string, doc: Document, path: readonly string[]): TextEdit | undefined {
  if (doc.getIn([...path], true) === undefined) return undefined;
  const key = path[path.length - 1];
  const line = plainLines(text, blockMapAt(doc, path.slice(0, -1))).find((l) => l.key === key);
  if (!line) throw new Refusal(`${fieldName(path)} is not a one-line key: value`);
  if (line.end < text.length || text.endsWith("\n") || line.lineStart === 0) return { start: line.lineStart, end: line.end, text: "" };
  const before = text[line.lineStart - 2] === "\r" ? 2 : 1;
  return { start: line.lineStart - before, end: line.end, text: "" };
}

/** Offset after a block map's last item (a nested map's last line included). */
function afterLastItem(text: string, map: YAMLMap): number | undefined {
  const value = map.items.at(-1)?.value;
  const end = isNode(value) ? value.range?.[1] : undefined;
  if (end === undefined) return undefined;
  return text[end - 1] === "\n" ? end : afterLine(text, end);
}

/**
 * Adds `path` (and any maps on the way that the file does not have yet, such as `builds:`) as new lines
 * after the last one-line `key: value` of the nearest existing map (else after its last item), indented
 * as that map's keys and nested by the file's own step.
 */
function insertion(text: string, doc: Document, change: SpliceChange & { readonly to: string | number }, eol: string): PlannedEdit {
  const { path, to: value } = change;
  let depth = path.length - 1;
  while (depth > 0 && doc.getIn(path.slice(0, depth), true) === undefined) depth--;
  const map = blockMapAt(doc, path.slice(0, depth));
  const column = keyColumn(text, map);
  const step = indentStep(text, map, column);
  const at = plainLines(text, map).at(-1)?.end ?? afterLastItem(text, map);
  if (at === undefined) throw new Refusal(`${fieldName(path.slice(0, depth))} has no key to add after`);
  const keys = path.slice(depth);
  const lines = keys.map((key, i) => {
    const indent = " ".repeat(column + i * step);
    return i === keys.length - 1 ? `${indent}${key}: ${valueText(value)}` : `${indent}${key}:`;
  });
  const atEndWithoutNewline = at === text.length && text.length > 0 && !text.endsWith("\n");
  const added = atEndWithoutNewline ? eol + lines.join(eol) : lines.map((l) => l + eol).join("");
  return { start: at, end: at, text: added, addsMap: keys.length > 1 };
}

interface PlannedEdit extends TextEdit {
  /** The edit adds a map (`builds:`): later changes must see it, so the text is parsed again after it. */
  readonly addsMap: boolean;
}

function editFor(text: string, doc: Document, change: SpliceChange, eol: string): PlannedEdit | undefined {
  const field = fieldName(change.path);
  if (change.to === null) {
    const edit = removal(text, doc, change.path);
    return edit && { ...edit, addsMap: false };
  }
  const node = doc.getIn([...change.path], true);
  if (node === undefined) return insertion(text, doc, { path: change.path, to: change.to }, eol);
  if (!isScalar(node) || !node.range) throw new Refusal(`${field} is not a plain value`);
  return { start: node.range[0], end: node.range[1], text: replacementText(node, change.to, field), addsMap: false };
}

/** Applies edits made against the same text from its end back, so offsets stay valid; edits at one place read in their order. */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const order = edits.map((e, i) => ({ ...e, i })).sort((a, b) => b.start - a.start || b.i - a.i);
  return order.reduce((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text);
}

/**
 * Parsed views by text: a release run and the tests' in-process runs splice into the same few config
 * texts again and again (each watch step's text is the next one's source), and a parse of a config is
 * ~5 ms. The Document is only read here (getIn, ranges), never edited, so one parse serves every caller.
 * Enough for a watch's steps and a rollback.
 */
const views = new BoundedCache<string, { view: string; doc: Document }>(16);

/**
 * YAML also reads a lone CR as a line break; the parser does not, so it reads a copy with those made LF
 * (same length: every offset holds for the original, which is the one edited).
 */
function parseView(text: string): { view: string; doc: Document } {
  return views.get(text, () => {
    const view = text.replace(/\r(?!\n)/g, "\n");
    return { view, doc: parseDocument(view, { uniqueKeys: false }) };
  });
}

/**
 * Applies each change by splicing text (a scalar replaced, a key line added or removed; a missing map
 * such as `builds:` added as lines too): every byte outside the changed fields is kept. Refused (never
 * re-serialized) when a change cannot be made that way, e.g. a key added to or removed from a flow
 * mapping. The caller checks that the result reads back as exactly the changes (`withChanges`).
 */
export function spliceChanges(source: string, changes: readonly SpliceChange[]): SpliceResult {
  let text = source;
  let { view, doc } = parseView(text);
  if (doc.errors.length > 0) return { refused: `cannot edit: ${doc.errors[0]?.message ?? "YAML error"}` };
  const eol = lineEnding(source);
  let pending: PlannedEdit[] = [];
  for (const change of changes) {
    try {
      if (pending.some((e) => e.addsMap)) {
        text = applyEdits(text, pending);
        pending = [];
        ({ view, doc } = parseView(text));
      }
      const edit = editFor(view, doc, change, eol);
      if (edit) pending.push(edit);
    } catch (err) {
      if (err instanceof Refusal) return { refused: `cannot edit ${fieldName(change.path)} in place: ${err.message}` };
      throw err;
    }
  }
  return { text: applyEdits(text, pending) };
}

/** Plain data (the parsed config) with the changes made: what the edited text must read back as. */
export function withChanges(data: unknown, changes: readonly SpliceChange[]): unknown {
  const root = structuredClone(data);
  for (const { path, to } of changes) {
    let at: unknown = root;
    for (const key of path.slice(0, -1)) {
      if (!isRecord(at)) return undefined;
      at[key] ??= {};
      at = at[key];
    }
    const key = path[path.length - 1] ?? "";
    if (!isRecord(at)) return undefined;
    if (to === null) delete at[key];
    else at[key] = to;
  }
  return root;
}

/** core/json's isRecord, but writable: withChanges edits its own structuredClone in place. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Same plain data (key order aside). Not util.isDeepStrictEqual: parsed and memoized (structuredClone)
 * data may come from different realms (jest's vm), whose prototypes differ.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => sameData(v, b[i]));
  if (isRecord(a)) {
    if (!isRecord(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameData(a[k], b[k]));
  }
  return Object.is(a, b);
}
