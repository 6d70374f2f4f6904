import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { crossEnvironmentIssues } from "../../config/cross-env";
import { ConfigError } from "../../config/errors";
import { writeFileAtomic } from "../../core/write-file-atomic";
import { CONFIG_EXTENSIONS, listEnvironmentFiles, loadEnvironments, parseConfigText, validateConfigData } from "../config/load";
import type { InitAnswers } from "./answers";
import { renderInitConfig } from "./render";

/** `golive init` will not write: a config for the environment exists. Nothing was written. */
export class InitRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InitRefused";
  }
}

/** The environment's existing config file (any extension the loader reads), if there is one. */
export function existingConfig(configDir: string, environment: string): string | undefined {
  return CONFIG_EXTENSIONS.map((ext) => join(configDir, `${environment}${ext}`)).find((f) => existsSync(f));
}

export interface CreateOptions {
  readonly configDir: string;
  readonly answers: InitAnswers;
  /** YYYY-MM-DD, for the attestation template. */
  readonly today: string;
  /** Paths in messages are relative to this (the working directory). */
  readonly displayBase: string;
}

/**
 * The environments already configured, for the cross-environment rules (one zone per environment, ...);
 * none when they cannot be loaded: their own errors are for `golive synth` to report, not init.
 */
function otherEnvironments(configDir: string, environment: string, displayBase: string) {
  if (!existsSync(configDir)) return [];
  try {
    const files = listEnvironmentFiles(configDir, displayBase);
    return [...loadEnvironments(configDir, undefined, displayBase, false)]
      .filter(([env]) => env !== environment)
      .map(([env, cfg]) => ({ file: relative(displayBase, files.get(env) ?? env), cfg }));
  } catch {
    return [];
  }
}

/**
 * Writes `<configDir>/<env>.yaml` from the answers: refused when the environment has any config file;
 * the text is validated by the real loader (schema, cross-field and cross-environment rules) before
 * anything is written, then written atomically. Returns the file written.
 */
export function createConfig(o: CreateOptions): string {
  const env = o.answers.environment;
  const existing = existingConfig(o.configDir, env);
  if (existing !== undefined)
    throw new InitRefused(
      `${relative(o.displayBase, existing)} already exists; init never overwrites a config (edit it, or choose another environment)`,
    );
  const file = join(o.configDir, `${env}.yaml`);
  const label = relative(o.displayBase, file) || file;
  const others = otherEnvironments(o.configDir, env, o.displayBase);
  const oidcProviderExists = others.some(
    (e) => e.cfg.secrets?.accountId === o.answers.awsAccountId && e.cfg.secrets.github?.oidcProvider === "create",
  );
  const promotion = new Map(others.map((e) => [e.cfg.environment, e.cfg.secrets?.github?.deployAfter ?? null]));
  const text = renderInitConfig(o.answers, { today: o.today, oidcProviderExists, others: promotion });
  const cfg = validateConfigData(label, parseConfigText(label, text));
  const conflicts = crossEnvironmentIssues([...others, { file: label, cfg }]).filter((c) => c.file === label);
  if (conflicts.length > 0)
    throw new ConfigError(
      label,
      conflicts.map((c) => c.issue),
    );
  writeFileAtomic(file, text);
  return file;
}
