import { readFileSync } from "node:fs";
import { join } from "node:path";
import { serialize } from "node:v8";
import { parse } from "yaml";
import { validateConfigData } from "../../lib/engines/config/load";
import type { AppConfig } from "../../lib/config/schema";
import { copyData } from "../../lib/core/copy-data";

export const REPO_ROOT = join(__dirname, "..", "..");
/**
 * The example environments the tests run on. `config/` belongs to the user (their environments, their
 * domain); no test reads it, so adopting golive never breaks the suite.
 */
export const EXAMPLE_CONFIG_DIR = join(REPO_ROOT, "__tests__", "fixtures", "config");

export type ConfigPath = readonly (string | number)[];
/** A change to the example input: set the value at a path (undefined deletes the key). */
export type ConfigEdit = readonly [ConfigPath, unknown];
/**
 * For a project holding the production example without staging's: production is deployed after
 * staging (secrets.github.deployAfter), a name that must have a config file.
 */
export const WITHOUT_STAGING: ConfigEdit = [["secrets", "github", "deployAfter"], undefined];

/** The example config as written (unvalidated): a fresh copy each call. */
export function exampleInput(env = "production"): unknown {
  return parse(readFileSync(join(EXAMPLE_CONFIG_DIR, `${env}.yaml`), "utf8"));
}

function isContainer(value: unknown): value is Record<string | number, unknown> {
  return typeof value === "object" && value !== null;
}

/** Returns `input` with `value` set at `path`, creating mappings along the way. */
export function setIn(input: unknown, path: ConfigPath, value: unknown): unknown {
  if (!isContainer(input)) throw new Error(`cannot set ${path.join(".")}: not a mapping`);
  let node: Record<string | number, unknown> = input;
  path.slice(0, -1).forEach((key) => {
    const next = node[key];
    if (!isContainer(next)) node[key] = {};
    node = node[key] as Record<string | number, unknown>;
  });
  const last = path[path.length - 1] as string | number;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return input;
}

export function editedInput(edits: readonly ConfigEdit[] = [], env = "production"): unknown {
  return editedCopy(edits, env);
}

/**
 * Validated example configs by their input (v8's serialization: faithful to undefined, NaN and -0, which
 * JSON would merge), copied out on every hit: hundreds of tests ask for the same few.
 */
const validatedExamples = new Map<string, AppConfig>();

/** The validated example config after applying `edits`: a fresh copy each call. */
export function exampleConfig(edits: readonly ConfigEdit[] = [], env = "production"): AppConfig {
  const input = editedInput(edits, env);
  const key = `${env}\0${serialize(input).toString("base64")}`;
  let cfg = validatedExamples.get(key);
  if (cfg === undefined) {
    cfg = validateConfigData(`config/${env}.yaml`, input);
    validatedExamples.set(key, cfg);
  }
  return copyData(cfg);
}

/** The error text `validateConfigData` throws for the edited example, or "" when it is valid. */
export function configErrorText(edits: readonly ConfigEdit[], env = "production"): string {
  try {
    validateConfigData(`config/${env}.yaml`, editedInput(edits, env));
    return "";
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** The example config's text as written (__tests__/fixtures/config/<env>.yaml). */
export function exampleText(env = "production"): string {
  return readFileSync(join(EXAMPLE_CONFIG_DIR, `${env}.yaml`), "utf8");
}

/** The error text `validateConfigData` throws for any input, as `file` would give it, or "" when it is valid. */
export function inputErrorText(input: unknown, file = "config/production.yaml"): string {
  try {
    validateConfigData(file, input);
    return "";
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

const parsedExamples = new Map<string, unknown>();

/** Like editedInput, on a copy of the example parsed once: for suites that make hundreds of edits. */
export function editedCopy(edits: readonly ConfigEdit[] = [], env = "production"): unknown {
  if (!parsedExamples.has(env)) parsedExamples.set(env, exampleInput(env));
  const input = structuredClone(parsedExamples.get(env));
  for (const [path, value] of edits) setIn(input, path, value);
  return input;
}
