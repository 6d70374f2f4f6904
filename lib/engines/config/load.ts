import { readdirSync, readFileSync } from "node:fs";
import { basename, extname, join, relative } from "node:path";
import { parse as parseYaml } from "yaml";
import { validateConfig } from "./validate";
import { ConfigError, ConfigErrors } from "../../config/errors";
import { AppConfig } from "../../config/schema";
import { fromZodIssues } from "../../config/zod-issues";

export const CONFIG_EXTENSIONS = [".yaml", ".yml", ".json"] as const;

/** Environment name -> config file path, for every config file in `dir`. */
export function listEnvironmentFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of readdirSync(dir).sort()) {
    const ext = extname(file);
    if (!(CONFIG_EXTENSIONS as readonly string[]).includes(ext) || file.endsWith(".schema.json")) continue;
    out.set(basename(file, ext), join(dir, file));
  }
  return out;
}

/** Parses text as YAML or JSON by extension; syntax errors become a ConfigError naming the line. */
export function parseConfigText(file: string, text: string): unknown {
  try {
    return extname(file) === ".json" ? JSON.parse(text) : parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    const message = err instanceof Error ? (err.message.split("\n")[0] ?? err.message) : String(err);
    throw new ConfigError(file, [{ path: [], message: `not valid ${extname(file) === ".json" ? "JSON" : "YAML"}: ${message}` }]);
  }
}

/** Validates parsed input: schema first (all issues), then cross-field rules (all issues). */
export function validateConfigData(file: string, data: unknown): AppConfig {
  const parsed = AppConfig.safeParse(data, { reportInput: true });
  if (!parsed.success) throw new ConfigError(file, fromZodIssues(parsed.error.issues));
  const issues = validateConfig(parsed.data);
  const expectedEnv = basename(file, extname(file));
  if (parsed.data.environment !== expectedEnv) {
    issues.unshift({
      path: ["environment"],
      message: `"${parsed.data.environment}" does not match the file name; allowed: "${expectedEnv}"`,
    });
  }
  if (issues.length > 0) throw new ConfigError(file, issues);
  return parsed.data;
}

/** Reads and validates one config file; `label` is how errors name it. */
export function loadConfigFile(file: string, label = file): AppConfig {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new ConfigError(label, [{ path: [], message: "cannot read the file (does it exist?)" }]);
  }
  return validateConfigData(label, parseConfigText(label, text));
}

/**
 * Loads the named environments (all by default), collecting every file's errors before failing.
 * Errors name files relative to `displayBase` (the user's working directory).
 */
export function loadEnvironments(dir: string, only?: readonly string[], displayBase?: string): Map<string, AppConfig> {
  const label = (file: string) => (displayBase ? relative(displayBase, file) : file);
  const files = listEnvironmentFiles(dir);
  const wanted = only && only.length > 0 ? only : [...files.keys()];
  const errors: ConfigError[] = [];
  const out = new Map<string, AppConfig>();
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
      out.set(env, loadConfigFile(file, label(file)));
    } catch (err) {
      if (err instanceof ConfigError) errors.push(err);
      else throw err;
    }
  }
  if (errors.length > 0) throw new ConfigErrors(errors);
  return out;
}
