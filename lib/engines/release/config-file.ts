import { statSync } from "node:fs";
import { extname } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { displayPath } from "../../core/display-path";
import { writeFileAtomic } from "../../core/write-file-atomic";
import { type Document, isMap, isScalar, parse, parseDocument, type Scalar, stringify } from "yaml";
import { ConfigError } from "../../config/errors";
import { listEnvironmentFiles, parseConfigText, readConfigText, validateConfigData } from "../config/load";
import type { AppConfig } from "../../config/schema";
import type { ReleaseConfig } from "../../features/release/schema";
import { ReleaseError } from "../../features/release/errors";
import type { FieldChange } from "../../features/release/state";

/** One environment's config as read for a release command: the text is kept to edit it in place. */
export interface ReleaseConfigFile {
  readonly env: string;
  readonly file: string;
  /** `file` as messages name it: relative to the working directory when inside it. */
  readonly label: string;
  readonly text: string;
  readonly cfg: AppConfig;
  readonly release: ReleaseConfig;
}

/** A release command that cannot start or finish: bad config, missing section, concurrent edit. */
export class ReleaseConfigError extends ReleaseError {}

/** Reads `env`'s config for a release command; `cwd` (the user's working directory) shortens paths in messages. */
export function readReleaseConfig(configDir: string, env: string, cwd?: string): ReleaseConfigFile {
  const files = listEnvironmentFiles(configDir, cwd);
  const file = files.get(env);
  const show = (path: string) => (cwd === undefined ? path : displayPath(cwd, path));
  if (!file)
    throw new ReleaseConfigError(
      `no config for environment "${env}" in ${show(configDir)}; allowed: ${[...files.keys()].join(", ") || "(none found)"}`,
    );
  const label = show(file);
  if (extname(file) === ".json")
    throw new ReleaseConfigError(
      `${label}: release commands edit YAML configs only (comments and layout are kept); convert it to ${env}.yaml`,
    );
  const text = readConfigText(file, label); // a regular file within the size limit: a FIFO cannot hang a release
  const cfg = validateConfigData(label, parseConfigText(label, text));
  if (!cfg.release) throw new ReleaseConfigError(`${label}: has no release: section; add one (see docs/releasing.md)`);
  return { env, file, label, text, cfg, release: cfg.release };
}

/** Serializer options for the fallback path: hand-written flow lists and long strings stay as they are. */
const KEEP_LAYOUT = { flowCollectionPadding: false, lineWidth: 0 } as const;

function scalarText(node: Scalar, value: string | number): string {
  if (node.type === "QUOTE_DOUBLE") return JSON.stringify(String(value));
  if (node.type === "QUOTE_SINGLE") return `'${String(value)}'`;
  return String(value);
}

interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The key/scalar-value lines of a block map, with their source ranges (the lines an edit may touch). */
function scalarLines(text: string, doc: Document, mapPath: readonly string[]) {
  const map = doc.getIn([...mapPath], true);
  if (!isMap(map) || map.flow) return undefined;
  return map.items.flatMap((pair) => {
    const { key, value } = pair;
    if (!isScalar(key) || !isScalar(value) || !key.range || !value.range) return [];
    const lineStart = text.lastIndexOf("\n", key.range[0] - 1) + 1;
    const lineEnd = text.indexOf("\n", value.range[1]);
    const indent = text.slice(lineStart, key.range[0]);
    const rest = text.slice(value.range[1], lineEnd).trim();
    // Only a plain `key: value` line (a comment after it allowed), indented by spaces.
    if (lineEnd < 0 || !/^ *$/.test(indent) || (rest !== "" && !rest.startsWith("#"))) return [];
    return [{ key: String(key.value), lineStart, lineEnd, indent }];
  });
}

/** The text edit for one change: a scalar replaced, a `key: value` line added after the map's last one, or removed. */
function editFor(text: string, doc: Document, c: FieldChange): TextEdit | undefined {
  const parent = c.path.slice(0, -1);
  const key = c.path[c.path.length - 1] ?? "";
  if (c.to === null) {
    const line = scalarLines(text, doc, parent)?.find((l) => l.key === key);
    return line && { start: line.lineStart, end: line.lineEnd + 1, text: "" };
  }
  const node = doc.getIn([...c.path], true);
  if (isScalar(node) && node.range) return { start: node.range[0], end: node.range[1], text: scalarText(node, c.to) };
  if (node !== undefined) return undefined;
  const last = scalarLines(text, doc, parent)?.at(-1);
  return last && { start: last.lineEnd + 1, end: last.lineEnd + 1, text: `${last.indent}${key}: ${stringify(c.to).trimEnd()}\n` };
}

/**
 * Applies each change by its source range (a scalar replaced, a key line added or removed): every
 * other byte of the file is kept. Undefined when a change cannot be made that way.
 */
function spliceScalars(text: string, doc: Document, changes: readonly FieldChange[]): string | undefined {
  const edits: TextEdit[] = [];
  for (const c of changes) {
    const edit = editFor(text, doc, c);
    if (!edit) return undefined;
    edits.push(edit);
  }
  // From the end of the text back, so earlier offsets stay valid; lines added at the same place are
  // applied last change first, so they read in the order of the changes.
  const order = edits.map((e, i) => ({ ...e, i })).sort((a, b) => b.start - a.start || b.i - a.i);
  return order.reduce((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text);
}

/**
 * The config text with `changes` applied through the YAML Document API (parseDocument + setIn), so
 * comments, key order and quoting survive. Changed scalars are spliced into the original text and the
 * result must parse to exactly what `setIn` produced (else the document is re-serialized); the result
 * is validated as a whole before anyone writes it.
 */
export function editedConfigText(source: ReleaseConfigFile, changes: readonly FieldChange[]): string {
  const doc = parseDocument(source.text);
  if (doc.errors.length > 0) throw new ReleaseConfigError(`${source.label}: cannot edit: ${doc.errors[0]?.message ?? "YAML error"}`);
  const spliced = spliceScalars(source.text, doc, changes);
  for (const c of changes) {
    if (c.to === null) doc.deleteIn([...c.path]);
    else doc.setIn([...c.path], c.to);
  }
  const text = spliced !== undefined && isDeepStrictEqual(parse(spliced), doc.toJS()) ? spliced : doc.toString(KEEP_LAYOUT);
  try {
    validateConfigData(source.label, parseConfigText(source.label, text));
  } catch (err) {
    if (err instanceof ConfigError) throw new ReleaseConfigError(`the edited config would not be valid, nothing written:\n${err.message}`);
    throw err;
  }
  return text;
}

/**
 * Writes `text` over the file atomically (temp file in the same directory, then rename), keeping
 * its mode; refuses when the file changed since it was read, so a concurrent edit is never lost.
 */
export function writeConfigAtomically(source: ReleaseConfigFile, text: string): void {
  const current = readConfigText(source.file);
  if (current !== source.text) throw new ReleaseConfigError(`${source.label} changed while the command ran; nothing written, run it again`);
  writeFileAtomic(source.file, text, { mode: statSync(source.file).mode & 0o777 });
}
