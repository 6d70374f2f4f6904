import { readdirSync } from "node:fs";
import { BoundedCache } from "../../core/bounded-cache";
import { copyData } from "../../core/copy-data";
import { BoundedReadError, readBoundedBytes } from "../../core/bounded-read";
import { decodeUtf8 } from "../../core/utf8";
import { basename, extname, join } from "node:path";
import { validateConfig } from "./validate";
import { ConfigError, ConfigErrors } from "../../config/errors";
import { checkInsideConfigFolder } from "../../config/inside-folder";
import { inputIssues } from "../../config/input-guard";
import { TEMPLATE_SAFE_FIELDS } from "../../features";
import { CONFIG_LIMITS, describeFileLimit } from "../../config/limits";
import { badCharacterError, parseConfigSource } from "../../config/parse";
import { AppConfig } from "../../config/schema";
import { EnvironmentName, environmentNameProblem } from "../../core/fields";
import { field } from "../../core/json";
import { fromZodIssues } from "../../core/zod-issues";
import { crossEnvironmentIssues } from "./cross-env";
import { withGeneratedFiles } from "./generated-file";
import type { ConfigIssue } from "../../core/issues";
import { displayPath } from "../../core/display-path";
import { CONFIG_EXTENSIONS, describeSkipped, skippedConfigFiles } from "./file-names";

function folderError(label: string, message: string): ConfigErrors {
  return new ConfigErrors([new ConfigError(label, [{ path: [], message }])]);
}

/**
 * Environment name -> config file path, for every config file in `dir`. Two files for one environment
 * (`production.yaml` next to `production.yml` or `production.json`) are refused, naming both: which
 * one counted would depend on the order the folder lists them in. `displayBase` shortens file names in
 * errors (the user's working directory). A file that is a symbolic link out of `dir` is refused
 * (ConfigLinkError, lib/config/inside-folder.ts).
 */
export function listEnvironmentFiles(dir: string, displayBase?: string): Map<string, string> {
  const label = (file: string) => (displayBase ? displayPath(displayBase, file) : file);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw folderError(label(dir), "cannot read the config folder (does it exist?)");
  }
  const byEnv = new Map<string, string[]>();
  for (const file of names.sort()) {
    const ext = extname(file);
    if (!(CONFIG_EXTENSIONS as readonly string[]).includes(ext) || file.endsWith(".schema.json")) continue;
    const env = basename(file, ext);
    // Before anything is read: a link out of the folder is refused whichever environment is named.
    checkInsideConfigFolder(join(dir, file), dir);
    byEnv.set(env, [...(byEnv.get(env) ?? []), join(dir, file)]);
  }
  const conflicts = [...byEnv].filter(([, files]) => files.length > 1);
  if (conflicts.length > 0)
    throw new ConfigErrors(
      conflicts.map(
        ([env, files]) =>
          new ConfigError(label(files[1] as string), [
            {
              path: [],
              message: `a second config file for environment "${env}" (also ${files
                .filter((f) => f !== files[1])
                .map(label)
                .join(", ")}); allowed: one file per environment, so remove or rename one`,
            },
          ]),
      ),
    );
  return new Map([...byEnv].map(([env, files]) => [env, files[0] as string]));
}

/** Parses text as YAML or JSON by extension; syntax errors, duplicate keys and bad characters become a ConfigError. */
export function parseConfigText(file: string, text: string): unknown {
  return parseConfigSource(file, text);
}

/**
 * The file's name is its environment's (`config/<env>.yaml`), so a name no environment may have
 * (`Staging.yaml`, `qa env.yaml`) is refused as a name, in the terms `golive init` uses; checked
 * before `environment` is compared with it, which would otherwise advise the invalid name.
 */
function fileNameIssues(file: string, data: unknown): ConfigIssue[] {
  const ext = extname(file);
  const name = basename(file, ext);
  const problem = environmentNameProblem(name);
  if (problem === undefined) return [];
  const declared = EnvironmentName.safeParse(field(data, "environment"));
  const rename = declared.success ? `, so rename it to ${declared.data}${ext}` : "";
  return [{ path: [], message: `the file name ${JSON.stringify(name.slice(0, 64))} is not an environment name; ${problem}${rename}` }];
}

/**
 * Validates parsed input: the file's name, bounds and characters first, then the schema (all issues),
 * then cross-field rules (all issues).
 */
export function validateConfigData(file: string, data: unknown): AppConfig {
  const badName = fileNameIssues(file, data);
  const bounds = inputIssues(data, TEMPLATE_SAFE_FIELDS);
  if (bounds.length > 0) throw new ConfigError(file, [...badName, ...bounds]);
  const parsed = AppConfig.safeParse(data, { reportInput: true });
  if (!parsed.success)
    throw new ConfigError(file, [...badName, ...fromZodIssues(parsed.error.issues, AppConfig)].slice(0, CONFIG_LIMITS.issues));
  const issues = validateConfig(parsed.data);
  const expectedEnv = basename(file, extname(file));
  if (badName.length > 0) issues.unshift(...badName);
  else if (parsed.data.environment !== expectedEnv) {
    issues.unshift({
      path: ["environment"],
      message: `"${parsed.data.environment}" does not match the file name; allowed: "${expectedEnv}"`,
    });
  }
  if (issues.length > 0) throw new ConfigError(file, issues.slice(0, CONFIG_LIMITS.issues));
  return parsed.data;
}

/**
 * The text of a config file, read so that no file can hang or flood the reader (a regular file within
 * the size limit: core/bounded-read). Bytes that are not UTF-8 are refused, naming the field and line
 * where the first such sequence sits; a U+FFFD written as UTF-8 is a character like any other.
 */
export function readConfigText(file: string, label = file): string {
  let bytes: Buffer;
  try {
    bytes = readBoundedBytes(file, CONFIG_LIMITS.fileBytes);
  } catch (err) {
    if (!(err instanceof BoundedReadError)) throw err;
    const message =
      err.message.startsWith("is ") && err.message.includes("not a regular file")
        ? `${err.message}; allowed: a YAML or JSON file`
        : err.message.replace(/at most \d+ bytes/, `at most ${describeFileLimit()}`);
    throw new ConfigError(label, [{ path: [], message }]);
  }
  const { text, invalidAt } = decodeUtf8(bytes);
  if (invalidAt !== undefined) throw badCharacterError(label, text, invalidAt, "bytes that are not valid UTF-8 (save the file as UTF-8)");
  return text;
}

/** Reads and validates one config file; `label` is how errors name it. */
export function loadConfigFile(file: string, label = file): AppConfig {
  return validateConfigText(label, readConfigText(file, label));
}

/**
 * Validated configs by label and text, copied out on every hit (copyData: one caller's edit never reaches
 * the next). Parsing and validating are pure functions of the two (the label's extension picks YAML or
 * JSON, and errors name it), and a process reads the same files again and again: a single-environment
 * command reads the others for the cross-environment checks, a release watch before every step, the test
 * suite's in-process runs thousands of times. A text that fails throws before anything is remembered.
 */
const validatedTexts = new BoundedCache<string, AppConfig>(32);

/** `text` parsed and validated as the config file `label` (errors name it). */
export function validateConfigText(label: string, text: string): AppConfig {
  // A path holds no NUL: label and text cannot run into each other.
  return copyData(validatedTexts.get(`${label}\0${text}`, () => validateConfigData(label, parseConfigText(label, text))));
}

/**
 * The environments of the folder's other config files, for the cross-environment checks only: a
 * conflict between two files is a conflict whichever of them is named. A file that does not load is
 * left out here (loading its own environment reports it), so naming one environment never fails on
 * another file's mistake.
 */
function otherEnvironments(files: ReadonlyMap<string, string>, loaded: ReadonlyMap<string, AppConfig>, label: (file: string) => string) {
  const out = new Map<string, AppConfig>();
  for (const [env, file] of files) {
    if (loaded.has(env)) continue;
    try {
      out.set(env, loadConfigFile(file, label(file)));
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
    }
  }
  return out;
}

/**
 * Loads the named environments (all by default), collecting every file's errors before failing.
 * Whatever is named, the cross-environment checks (cross-env.ts: one zone, bucket or OIDC provider per
 * environment, the promotion order) run over every config file of the folder, in the folder's order,
 * so `golive synth staging` refuses what `golive synth` refuses.
 * Errors name files relative to `displayBase` (the user's working directory). A folder without any
 * config file is refused when `requireConfigs` (by default when no environments are named; callers
 * that name them, such as synth, say themselves that there is nothing to do).
 */
export function loadEnvironments(
  dir: string,
  only?: readonly string[],
  displayBase?: string,
  requireConfigs = only === undefined,
): Map<string, AppConfig> {
  const label = (file: string) => (displayBase ? displayPath(displayBase, file) : file);
  const files = listEnvironmentFiles(dir, displayBase);
  if (files.size === 0 && requireConfigs)
    throw folderError(
      label(dir),
      `holds no config file${
        describeSkipped(skippedConfigFiles(dir)) ||
        `; allowed: one file per environment named <environment>${CONFIG_EXTENSIONS.join(", ")} (golive init <environment> writes one)`
      }`,
    );
  const wanted = only && only.length > 0 ? only : [...files.keys()];
  const errors: ConfigError[] = [];
  const out = new Map<string, AppConfig>();
  const labels = new Map<string, string>();
  for (const env of wanted) {
    const file = files.get(env);
    if (!file) {
      errors.push(
        new ConfigError(label(join(dir, `${env}.yaml`)), [
          { path: [], message: `no config for environment "${env}"; allowed: ${[...files.keys()].join(", ") || "(none found)"}` },
        ]),
      );
      continue;
    }
    try {
      // The concerns' generated files (config/adopt/<env>.json, written by `golive preflight <env> --write`).
      out.set(env, withGeneratedFiles(loadConfigFile(file, label(file)), dir, displayBase));
      labels.set(env, label(file));
    } catch (err) {
      if (err instanceof ConfigError) errors.push(err);
      else throw err;
    }
  }
  if (errors.length > 0) throw new ConfigErrors(errors);
  const others = otherEnvironments(files, out, label);
  const all = [...files.keys()].flatMap((env) => {
    const cfg = out.get(env) ?? others.get(env);
    return cfg === undefined ? [] : [{ file: labels.get(env) ?? label(files.get(env) ?? env), cfg }];
  });
  const conflicts = crossEnvironmentIssues(all, [...files.keys()]);
  if (conflicts.length > 0) {
    const byFile = new Map<string, ConfigIssue[]>();
    for (const c of conflicts) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c.issue]);
    throw new ConfigErrors([...byFile].map(([file, issues]) => new ConfigError(file, issues)));
  }
  return out;
}
