import { z } from "zod";
import type { Command } from "../../../lib/cli/types";
import type { RunbookFacts } from "./check";
import { hasFieldPath, topLevelKeys } from "./config-paths";
import { flagsFromUsage, subcommandsFromUsage } from "./usage";

const PackageJson = z.object({ scripts: z.record(z.string(), z.string()).default({}) });

export interface FactSources {
  readonly commands: readonly Command[];
  /** package.json as parsed JSON (unknown until zod narrows it). */
  readonly packageJson: unknown;
  /** Stack names built from the example configs. */
  readonly stacks: readonly string[];
  /** Known stack kinds (STACK_KINDS of lib/features/index.ts); kinds seen in `stacks` are added. */
  readonly stackKinds: readonly string[];
  /** The root config schema (AppConfig). */
  readonly schema: z.core.$ZodType;
  /** Whether a repository-relative file exists. */
  readonly hasFile: (path: string) => boolean;
}

/** Every `enum` / `const` string of a JSON Schema, recursively. */
function literals(node: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => literals(n, out));
  else if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === "enum" && Array.isArray(value)) value.filter((v) => typeof v === "string").forEach((v) => out.add(v));
      else if (key === "const" && typeof value === "string") out.add(value);
      else literals(value, out);
    }
  }
  return out;
}

/** Assembles what the checker compares against, from sources the caller loaded. */
export function runbookFacts(src: FactSources): RunbookFacts {
  const kinds = new Set(src.stackKinds);
  for (const s of src.stacks) {
    const kind = /^([a-z]+)-/.exec(s)?.[1];
    if (kind) kinds.add(kind);
  }
  return {
    commands: new Map(
      src.commands.map((c) => [c.name, { subcommands: subcommandsFromUsage(c.name, c.usage), flags: flagsFromUsage(c.usage) }]),
    ),
    npmScripts: new Set(Object.keys(PackageJson.parse(src.packageJson).scripts)),
    stacks: new Set(src.stacks),
    stackKinds: [...kinds],
    configValues: literals(z.toJSONSchema(src.schema, { io: "input", unrepresentable: "any" })),
    configRoots: topLevelKeys(src.schema),
    hasField: (path) => hasFieldPath(src.schema, path),
    hasFile: src.hasFile,
  };
}
