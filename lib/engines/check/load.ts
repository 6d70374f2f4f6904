import { existsSync, readdirSync, readFileSync } from "node:fs";
import { listSynthesizedStacks, readStackJson } from "../../core/synth-output";
import { join, resolve } from "node:path";
import { displayPath } from "../../core/display-path";
import type { AppConfig } from "../../config/schema";
import { listEnvironmentFiles, loadEnvironments } from "../config/load";
import { ReadinessConfig } from "../../features/readiness/schema";
import type { StackInput } from "../../core/readiness/model";
import type { EnvConfig, FindingLocation, RepoFile } from "../../platform/readiness";

/** The stacks of a synth output directory, as its manifest.json lists them. */
export function readSynthDir(dir: string, cwd: string): StackInput[] {
  return listSynthesizedStacks(dir).map((stack) => ({ name: stack.name, file: displayPath(cwd, stack.file), json: readStackJson(stack) }));
}

/**
 * Configs of the environments that have a file in `configDir` (all files' errors at once, as
 * loadEnvironments reports them), or the configs a caller already loaded from there.
 */
export function readEnvConfigs(configDir: string, cwd: string, loaded?: ReadonlyMap<string, AppConfig>): Map<string, EnvConfig> {
  if (!existsSync(configDir)) return new Map();
  const files = listEnvironmentFiles(configDir);
  const configs = loaded ?? loadEnvironments(configDir);
  return new Map(
    [...configs].map(([env, app]) => [
      env,
      { file: displayPath(cwd, resolve(files.get(env) ?? env)), app, readiness: app.readiness ?? ReadinessConfig.parse({}) },
    ]),
  );
}

/** runbooks/*.md of the repository, for GL-REL-003. */
export function readRunbooks(repoRoot: string): RepoFile[] {
  const dir = join(repoRoot, "runbooks");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => ({ path: `runbooks/${f}`, text: readFileSync(join(dir, f), "utf8") }));
}

function needleFor(loc: FindingLocation): string | undefined {
  if (loc.kind === "resource") return `"${loc.address.split(".").pop() ?? ""}": {`;
  if (loc.kind === "config") return `${(loc.path.split(".")[1] ?? loc.path).replace(/\[.*$/, "")}:`;
  return undefined;
}

/** Finds the 1-based line of a finding in its file: the resource's key, or the config section. */
export function lineFinder(cwd: string): (loc: FindingLocation) => number | undefined {
  const cache = new Map<string, string[] | undefined>();
  const lines = (file: string): string[] | undefined => {
    if (!cache.has(file)) {
      try {
        cache.set(file, readFileSync(resolve(cwd, file), "utf8").split("\n"));
      } catch {
        cache.set(file, undefined);
      }
    }
    return cache.get(file);
  };
  return (loc) => {
    const needle = needleFor(loc);
    const text = needle === undefined ? undefined : lines(loc.file);
    const i = needle === undefined || !text ? -1 : text.findIndex((l) => l.includes(needle));
    return i === -1 ? undefined : i + 1;
  };
}
