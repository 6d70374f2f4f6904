import { closeSync, openSync, readSync, statSync } from "node:fs";
import { extname } from "node:path";
import { displayPath } from "../../core/display-path";
import { writeFileAtomic } from "../../core/write-file-atomic";
import { ConfigError } from "../../config/errors";
import { listEnvironmentFiles, parseConfigText, readConfigText, validateConfigText } from "../config/load";
import type { AppConfig } from "../../config/schema";
import type { ReleaseConfig } from "../../features/release/schema";
import { ReleaseError } from "../../features/release/errors";
import type { FieldChange } from "../../features/release/state";
import { sameData, spliceChanges, withChanges } from "./config-splice";
import { changeText } from "./report";

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

/** The file changed between this run's read and its write (writeConfigAtomically): nothing was written. */
export class ConfigChangedError extends ReleaseConfigError {}

/**
 * Reads `env`'s config for a release command; `cwd` (the user's working directory) shortens paths in messages.
 * A text this process validated already (a watch re-reads the file it just wrote or read before each
 * step) is not validated again (validateConfigText).
 */
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
  const cfg = validateConfigText(label, text);
  if (!cfg.release) throw new ReleaseConfigError(`${label}: has no release: section; add one (see docs/releasing.md)`);
  return { env, file, label, text, cfg, release: cfg.release };
}

/**
 * The config text with `changes` spliced in (config-splice.ts): only the bytes of the changed release
 * fields change, everything else (comments, flow lists, quoting, line endings) is kept. Refused, nothing
 * written, when a change cannot be made that way; the result is validated as a whole before anyone writes it.
 */
export function editedConfigText(source: ReleaseConfigFile, changes: readonly FieldChange[]): string {
  const refuse = (why: string) =>
    new ReleaseConfigError(`${source.label}: ${why}; nothing written (or make these edits by hand: ${changes.map(changeText).join("; ")})`);
  const spliced = spliceChanges(source.text, changes);
  if ("refused" in spliced) throw refuse(spliced.refused);
  try {
    const data = parseConfigText(source.label, spliced.text);
    // Read back: exactly the changes, nothing else (parseConfigText of the source is memoized: no second parse).
    if (!sameData(data, withChanges(parseConfigText(source.label, source.text), changes)))
      throw refuse(
        `cannot edit ${changes.map((c) => c.path.join(".")).join(", ")} in place: the edited text would not read back as exactly these changes (an anchor, alias or unusual layout there)`,
      );
    // Validated as a whole before anyone writes it; the next read of the written file reuses this.
    validateConfigText(source.label, spliced.text);
  } catch (err) {
    if (err instanceof ConfigError) throw new ReleaseConfigError(`the edited config would not be valid, nothing written:\n${err.message}`);
    throw err;
  }
  return spliced.text;
}

/**
 * Writes `text` over the file atomically (temp file in the same directory, then rename), keeping
 * its mode; refuses when the file changed since it was read, so a concurrent edit is never lost.
 */
export function writeConfigAtomically(source: ReleaseConfigFile, text: string): void {
  const current = readConfigText(source.file);
  if (current !== source.text) throw new ConfigChangedError(`${source.label} changed while the command ran; nothing written, run it again`);
  // Reading decodes a UTF-8 byte order mark away: the file keeps the one it had.
  const bom = startsWithBom(source.file) ? "\uFEFF" : "";
  writeFileAtomic(source.file, `${bom}${text}`, { mode: statSync(source.file).mode & 0o777 });
}

function startsWithBom(file: string): boolean {
  const head = Buffer.alloc(3);
  const fd = openSync(file, "r");
  try {
    return readSync(fd, head, 0, 3, 0) === 3 && head.equals(Buffer.from([0xef, 0xbb, 0xbf]));
  } finally {
    closeSync(fd);
  }
}
