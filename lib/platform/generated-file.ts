import type { z } from "zod";
import type { AppConfig } from "../config/schema";
import { fromZodIssues } from "../core/zod-issues";
import type { ConfigIssue } from "../core/issues";

/**
 * A file a golive command writes into the config folder for one environment, never the user's YAML
 * (the edge's adopt file, `config/adopt/<env>.json`, by `golive preflight <env> --write`). The config
 * engine reads it with that environment's config (lib/engines/config/generated-file.ts) and hands it to
 * the concern that declares it; the concern's own code never reads the folder.
 */
export interface GeneratedConfigFile {
  /** Relative to the config folder, in a subfolder: the loader reads every *.json beside the configs as an environment. */
  readonly path: (env: string) => string;
  /** The most bytes it may hold: it is generated, so anything larger is not it. */
  readonly maxBytes: number;
  /** The command that writes it, named as the fix when the file is broken or does not fit the config. */
  readonly writtenBy: (env: string) => string;
  /**
   * Checks its parsed JSON against its schema, then against `cfg` (written for this environment, this
   * zone...), and hands it to the concern: every issue, each naming the file's field; none when handed over.
   */
  readonly attach: (data: unknown, cfg: AppConfig) => readonly ConfigIssue[];
}

/** A generated file whose content its command (and only it) reads back as a typed value. */
export interface TypedGeneratedFile<T> extends GeneratedConfigFile {
  /** Its parsed JSON checked against its schema: the value, or every issue. */
  readonly parse: (data: unknown) => { readonly value: T } | { readonly issues: readonly ConfigIssue[] };
}

export interface GeneratedFileSpec<T> {
  readonly path: (env: string) => string;
  readonly maxBytes: number;
  readonly writtenBy: (env: string) => string;
  readonly schema: z.ZodType<T>;
  /** Why the file does not fit `cfg`, as [dotted field path, message]; empty when it fits. */
  readonly mismatches: (value: T, cfg: AppConfig) => readonly (readonly [string, string])[];
  /** Hands the value to the concern's stacks, keyed by the config object it was read with. */
  readonly attach: (cfg: AppConfig, value: T) => unknown;
}

/** A generated file from its schema and its concern's checks; a mismatch names the command that rewrites the file. */
export function generatedConfigFile<T>(spec: GeneratedFileSpec<T>): TypedGeneratedFile<T> {
  const parse = (data: unknown): { readonly value: T } | { readonly issues: readonly ConfigIssue[] } => {
    const parsed = spec.schema.safeParse(data);
    return parsed.success ? { value: parsed.data } : { issues: fromZodIssues(parsed.error.issues, spec.schema) };
  };
  return {
    path: spec.path,
    maxBytes: spec.maxBytes,
    writtenBy: spec.writtenBy,
    parse,
    attach(data, cfg) {
      const parsed = parse(data);
      if ("issues" in parsed) return parsed.issues;
      const mismatches = spec.mismatches(parsed.value, cfg).map(([path, message]) => ({
        path: path.split("."),
        message: `${message}; run ${spec.writtenBy(cfg.environment)} to regenerate it, or delete it`,
      }));
      if (mismatches.length === 0) spec.attach(cfg, parsed.value);
      return mismatches;
    },
  };
}
