import { existsSync } from "node:fs";
import { join } from "node:path";
import { crossEnvironmentIssues, type LoadedEnvironment } from "../config/cross-env";
import { ConfigError, ConfigErrors } from "../../config/errors";
import { writeFileAtomic } from "../../core/write-file-atomic";
import { CONFIG_EXTENSIONS } from "../config/file-names";
import { listEnvironmentFiles, loadConfigFile, parseConfigText, validateConfigData } from "../config/load";
import { AnswerRefused, type InitAnswers } from "./answers";
import { configDirArgument, configDirSuffix } from "../../core/config-dir-argument";
import { accessJwtGap } from "./origin-lockdown";
import { renderInitConfig } from "./render";
import { schemaPointer } from "./schema-pointer";
import { displayPath } from "../../core/display-path";
import { NESTED_ZONE_WHY, zoneNesting } from "../../features/edge/cross-env";

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
 * Why init stops at a config of the folder that does not load: what init writes depends on every other
 * config (its zone must differ, --app defaults to theirs, one of them may own the account's OIDC
 * provider, the promotion order names them). Left out, a clash would be written unseen and only
 * `golive synth` would refuse it once that file loads again. Its first error, already in the
 * terms config load prints (masked), and where to see them all.
 */
function unloadable(err: ConfigError, configDir: string, displayBase: string): InitRefused {
  const why = (err.lines[0] ?? "").replace(/^\(root\): /, "");
  return new InitRefused(
    `${err.file} does not load: ${why}. Init compares each other config's zone, app, OIDC provider and promotion order with the new environment's, so make it load first (golive synth${configDirSuffix(configDir, displayBase)} lists every error); nothing was written`,
  );
}

/**
 * The environments already configured, for the cross-environment rules (one zone per environment, ...).
 * Each file is loaded on its own: a folder load also checks the promotion order, which refuses
 * `deployAfter: <this environment>` (written first, as the docs suggest) until this file exists. A file
 * that cannot be loaded refuses init (unloadable), before anything is asked or written.
 */
function otherEnvironments(configDir: string, environment: string, displayBase: string): LoadedEnvironment[] {
  if (!existsSync(configDir)) return [];
  let files: Map<string, string>;
  try {
    files = listEnvironmentFiles(configDir, displayBase);
  } catch (err) {
    const first = err instanceof ConfigErrors ? err.errors[0] : undefined;
    if (first !== undefined) throw unloadable(first, configDir, displayBase);
    throw err;
  }
  return [...files]
    .filter(([env]) => env !== environment)
    .map(([, file]) => {
      const label = displayPath(displayBase, file);
      try {
        return { file: label, cfg: loadConfigFile(file, label) };
      } catch (err) {
        if (err instanceof ConfigError) throw unloadable(err, configDir, displayBase);
        throw err;
      }
    });
}

/**
 * The `app` of the other environments' configs when there are some and all that load name the same one,
 * else undefined: the default of --app, so a qa on zone acme-ops-qa.io keeps prod's app acme-ops.
 */
export function sharedApp(configDir: string, environment: string, displayBase: string): string | undefined {
  const apps = new Set(otherEnvironments(configDir, environment, displayBase).map((e) => e.cfg.app));
  return apps.size === 1 ? [...apps][0] : undefined;
}

/**
 * Why `domain` cannot be this environment's zone next to the environments already configured, or
 * undefined: another's zone already, or inside one (or holding one). Each environment's edge stack owns
 * its whole zone (lib/features/edge/cross-env.ts), so init refuses the domain where it is given, before
 * asking for the rest.
 */
export function zoneClash(configDir: string, environment: string, domain: string, displayBase: string): string | undefined {
  for (const other of otherEnvironments(configDir, environment, displayBase)) {
    const theirs = other.cfg.cloudflare.zone.name;
    if (theirs === domain)
      return `"${domain}" is already the zone of ${other.file}; each environment's edge stack owns its whole zone, so each environment needs a zone of its own`;
    const relation = zoneNesting(domain, theirs, other.file);
    if (relation !== undefined) return `"${domain}" ${relation}; ${NESTED_ZONE_WHY}`;
  }
  return undefined;
}

export interface Created {
  /** The file written. */
  readonly file: string;
  /**
   * The environments configured before this one, sorted, when the promotion order must still place it
   * among them (none names it in `secrets.github.deployAfter`); empty otherwise.
   */
  readonly unordered: readonly string[];
  /**
   * The environments, this one included, sorted, with no `secrets.github` yet: the promotion order's
   * `deployAfter` goes there, beside the required `repository`, so the section must exist first.
   */
  readonly withoutGithub: readonly string[];
}

/**
 * Writes `<configDir>/<env>.yaml` from the answers: refused when the environment has any config file;
 * the text is validated by the real loader (schema, cross-field and cross-environment rules) and its
 * origin lockdown held to every hostname before anything is written, then written atomically.
 */
export function createConfig(o: CreateOptions): Created {
  const env = o.answers.environment;
  const existing = existingConfig(o.configDir, env);
  if (existing !== undefined)
    throw new InitRefused(
      `${displayPath(o.displayBase, existing)} already exists; init never overwrites a config (edit it, or choose another environment)`,
    );
  const file = join(o.configDir, `${env}.yaml`);
  const label = displayPath(o.displayBase, file);
  const others = otherEnvironments(o.configDir, env, o.displayBase);
  const oidcProviderFrom = others
    .filter((e) => e.cfg.secrets?.accountId === o.answers.awsAccountId && e.cfg.secrets.github?.oidcProvider === "create")
    .map((e) => e.cfg.environment)
    .sort()[0];
  const promotion = new Map(others.map((e) => [e.cfg.environment, e.cfg.secrets?.github?.deployAfter ?? null]));
  const configDir = configDirArgument(o.configDir, o.displayBase);
  const text = renderInitConfig(o.answers, {
    today: o.today,
    ...(oidcProviderFrom !== undefined ? { oidcProviderFrom } : {}),
    others: promotion,
    ...(configDir !== undefined ? { configDir } : {}),
    schemaPointer: schemaPointer(o.configDir),
  });
  const cfg = validateConfigData(label, parseConfigText(label, text));
  // On the config as loaded, as GL-AUTH-002 reads what it declares: init never writes a lockdown that blocks.
  const unlocked = accessJwtGap(cfg);
  if (unlocked !== undefined) throw new AnswerRefused(unlocked);
  const conflicts = crossEnvironmentIssues([...others, { file: label, cfg }]).filter((c) => c.file === label);
  if (conflicts.length > 0)
    throw new ConfigError(
      label,
      conflicts.map((c) => c.issue),
    );
  writeFileAtomic(file, text);
  const placed = [...promotion.values()].includes(env);
  const withoutGithub = [...others.map((e) => e.cfg), cfg]
    .filter((c) => c.secrets?.github === undefined)
    .map((c) => c.environment)
    .sort();
  return { file, unordered: placed ? [] : others.map((e) => e.cfg.environment).sort(), withoutGithub };
}
