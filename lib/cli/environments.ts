import { existsSync } from "node:fs";
import { ConfigErrors } from "../config/errors";
import { listEnvironmentFiles } from "../engines/config/load";
import { configDirOption } from "../core/config-dir-argument";
import { describeSkipped, skippedConfigFiles } from "../engines/config/file-names";
import { ConfigFileKindError, refuseOddConfigFiles } from "./config-file-kinds";
import { type ConfigFolder, skippedFilesOf } from "./skipped-files";
import { UsageError } from "./types";

/**
 * A config folder that holds no config file: refused before any work, as an odd config file is (one
 * line, exit 2 from lib/cli/main.ts, which prints a ConfigFileKindError so), naming what to add. A
 * synth of it has nothing to do, so no command may suggest one.
 */
export class EmptyConfigFolderError extends ConfigFileKindError {
  constructor(configDir: string) {
    const skipped = describeSkipped(skippedConfigFiles(configDir));
    super(
      configDir,
      (dir) =>
        `${dir} holds no config file${skipped}; write one with golive init <env>${configDirOption(dir === "config" ? undefined : dir)}`,
    );
    this.name = "EmptyConfigFolderError";
  }
}

/**
 * The environments with a config file in `configDir`, or undefined when that cannot be told (no such
 * folder, two files for one environment): the command's own loading then reports what is wrong. A
 * config file that is no regular file is refused here (ConfigFileKindError), before any work, and so
 * is a folder holding none (EmptyConfigFolderError): every command says the same of it, exit 2.
 */
export function configuredEnvironments(configDir: string): string[] | undefined {
  if (!existsSync(configDir)) return undefined;
  try {
    const files = listEnvironmentFiles(configDir);
    refuseOddConfigFiles(files);
    if (files.size === 0) throw new EmptyConfigFolderError(configDir);
    return [...files.keys()];
  } catch (err) {
    if (err instanceof ConfigErrors) return undefined;
    throw err;
  }
}

/** Long enough for any environment name; a pasted paragraph is cut. */
const MAX_ECHOED = 64;

/**
 * One rule for every command: an environment that is not there is a usage error (exit 2), said in one
 * shape, `unknown environment "qa" (allowed: production, staging)`. The name is quoted as JSON, so a
 * control character or escape sequence is printed as text, never sent to the terminal; `echo: false`
 * (secrets) leaves it out entirely, as it may be a value typed in the wrong place. Given the `folder`
 * the environments were listed from, a file there passed over for its name that looks like the
 * environment's config is named too (`config/uat.YAML is not read, for its name: rename it uat.yaml`).
 */
export function requireKnownEnvironments(
  given: readonly string[],
  allowed: readonly string[] | undefined,
  options: { readonly echo?: boolean; readonly folder?: ConfigFolder } = {},
): void {
  if (allowed === undefined) return;
  const unknown = given.filter((env) => !allowed.includes(env));
  if (unknown.length === 0) return;
  const names =
    options.echo === false
      ? ""
      : ` ${unknown.map((env) => JSON.stringify(env.length > MAX_ECHOED ? `${env.slice(0, MAX_ECHOED)}...` : env)).join(", ")}`;
  const choices = allowed.length > 0 ? `allowed: ${allowed.join(", ")}` : "none is configured";
  const hidden = options.echo === false ? "; the name given is not repeated, in case it was a value" : "";
  const { folder } = options;
  const skipped = options.echo === false || folder === undefined ? [] : unknown.flatMap((env) => skippedFilesOf(env, folder) ?? []);
  const notRead = skipped.map((clause) => `; ${clause}`).join("");
  throw new UsageError(`unknown environment${unknown.length > 1 ? "s" : ""}${names} (${choices})${hidden}${notRead}`);
}
