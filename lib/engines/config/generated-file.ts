import { existsSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../../config/errors";
import { checkInsideConfigFolder } from "../../config/inside-folder";
import type { AppConfig } from "../../config/schema";
import { BoundedReadError, readBoundedText } from "../../core/bounded-read";
import { displayPath } from "../../core/display-path";
import { FEATURES } from "../../features";
import type { GeneratedConfigFile, TypedGeneratedFile } from "../../platform/generated-file";

/** Where `file` of `env` lies: `<configDir>/<its path>`. */
export function generatedFilePath(configDir: string, env: string, file: GeneratedConfigFile): string {
  return join(configDir, file.path(env));
}

/**
 * The parsed JSON of `file` for `env`; undefined when there is none. A link out of the config folder, a
 * file past its size cap or one that is not JSON is a ConfigError naming it and the command that writes it.
 */
function readGeneratedJson(configDir: string, env: string, file: GeneratedConfigFile, label: string): unknown {
  const path = generatedFilePath(configDir, env, file);
  // Before looking: a linked folder out of the config folder (config/adopt -> /tmp/x) is refused even empty.
  checkInsideConfigFolder(path, configDir);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readBoundedText(path, file.maxBytes));
  } catch (err) {
    const why = err instanceof BoundedReadError ? err.message : "is not JSON";
    throw new ConfigError(label, [
      {
        path: [],
        message: `${why}; allowed: the file ${file.writtenBy(env)} writes (move this one away, then run it again: it never replaces a file it did not write)`,
      },
    ]);
  }
}

/** `file` of `env` as its command reads it back, checked against its schema; undefined when there is none. */
export function readGeneratedFile<T>(
  configDir: string,
  env: string,
  file: TypedGeneratedFile<T>,
  label = generatedFilePath(configDir, env, file),
): T | undefined {
  const data = readGeneratedJson(configDir, env, file, label);
  if (data === undefined) return undefined;
  const parsed = file.parse(data);
  if ("issues" in parsed) throw new ConfigError(label, parsed.issues);
  return parsed.value;
}

/**
 * The loader's hook: hands every concern's generated file of this environment (when present) to the
 * concern, through the registry. A file that is broken, or written for another environment, zone or
 * zone id, is a ConfigError naming the field and the command that regenerates it.
 */
export function withGeneratedFiles(cfg: AppConfig, configDir: string, displayBase?: string): AppConfig {
  for (const feature of FEATURES) {
    const file = feature.generatedFile;
    if (file === undefined) continue;
    const path = generatedFilePath(configDir, cfg.environment, file);
    const label = displayBase ? displayPath(displayBase, path) : path;
    const data = readGeneratedJson(configDir, cfg.environment, file, label);
    if (data === undefined) continue;
    const issues = file.attach(data, cfg);
    if (issues.length > 0) throw new ConfigError(label, issues);
  }
  return cfg;
}
