import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { REPO_ROOT } from "../helpers/example-config";

/**
 * Every relative import of the layered code (main.ts, lib/, stacks/), read once for the architecture
 * specs, each marked run-time or type-only. Layers, low to high: core -> feature schemas -> config ->
 * platform -> features -> registry -> stacks -> engines -> cli (docs/architecture.md).
 */
export interface Unit {
  /** The folder (`feature:<concern>` for every file of a concern): what the cycle test walks. */
  readonly name: string;
  /** The layer: an import may not point to a higher one. */
  readonly rank: number;
  /** A concern's config section (`lib/features/<concern>/schema.ts`), which lib/config composes into AppConfig. */
  readonly configSection?: boolean;
}

/** Which layer a source file belongs to; undefined for files outside the layered code (tests, scripts). */
export function unitOf(file: string): Unit | undefined {
  const parts = relative(REPO_ROOT, file).split("/");
  const [top, second, third] = parts;
  if (top === "main.ts") return { name: "cli", rank: 8 };
  if (top === "stacks") return { name: "stacks", rank: 6 };
  if (top !== "lib" || second === undefined) return undefined;
  switch (second) {
    case "core":
    case "runtime":
      return { name: second, rank: 0 };
    case "config":
      return { name: "config", rank: 2 };
    case "platform":
      return { name: "platform", rank: 3 };
    case "features":
      if (parts.length === 3) return { name: "registry", rank: 5 };
      // A concern's config section: what lib/config composes into AppConfig, importing only core (the
      // upward-import test holds it there), so the one part of a concern in a layer below config. It
      // stays in its concern's folder: another concern importing it imports that concern, and a loop
      // through it is a cycle between folders.
      if (parts.length === 4 && /^([a-z-]+-)?schema\.ts$/.test(parts[3] ?? ""))
        return { name: `feature:${third}`, rank: 1, configSection: true };
      return { name: `feature:${third}`, rank: 4 };
    case "engines":
      return { name: `engine:${third}`, rank: 7 };
    case "cli":
      return { name: "cli", rank: 8 };
    default:
      return { name: `unlayered:${second}`, rank: -1 };
  }
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, out);
    else if (/\.(ts|js)$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** One relative import of a file: the specifier, and whether it is erased at run time. */
export interface ImportRef {
  readonly spec: string;
  readonly typeOnly: boolean;
}

const RELATIVE = `["'](\\.{1,2}(?:/[^"']*)?)["']`;
/** `import ... from`, `export ... from` (group 1: ` type`), and a bare `import "..."`, each from the start of its statement. */
const STATIC_IMPORT = new RegExp(`^(?:import|export)(\\s+type\\b)?(?:[^;]*?\\bfrom)?\\s*${RELATIVE}`, "gm");
/** `require("...")`, `import("...")` and the type `typeof import("...")` (group 1: `typeof`). */
const CALL_IMPORT = new RegExp(`(\\btypeof\\s+)?\\b(?:import|require)\\s*\\(\\s*${RELATIVE}`, "g");

/**
 * The relative imports in a file's text. Type-only are `import type`, `export type` and `typeof
 * import(...)`: TypeScript, the CLI's esbuild loader and jest's swc all erase them, so they load nothing
 * at run time. An `import { type A }` counts as run-time, as the statement may stay.
 */
export function importsOf(text: string): ImportRef[] {
  return [
    ...[...text.matchAll(STATIC_IMPORT)].map((m) => ({ spec: m[2] ?? "", typeOnly: m[1] !== undefined })),
    ...[...text.matchAll(CALL_IMPORT)].map((m) => ({ spec: m[2] ?? "", typeOnly: m[1] !== undefined })),
  ];
}

function resolveImport(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  return [base, `${base}.ts`, `${base}.js`, join(base, "index.ts")].find((c) => existsSync(c) && !c.endsWith("/") && /\.(ts|js)$/.test(c));
}

export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly fromUnit: Unit;
  readonly toUnit: Unit;
  /** Erased at run time (`import type`): couples the types, loads nothing. */
  readonly typeOnly: boolean;
}

export const FILES = [join(REPO_ROOT, "main.ts"), ...sourceFiles(join(REPO_ROOT, "lib")), ...sourceFiles(join(REPO_ROOT, "stacks"))];
export const EDGES: Edge[] = FILES.flatMap((from) => {
  const fromUnit = unitOf(from);
  if (!fromUnit) return [];
  return importsOf(readFileSync(from, "utf8")).flatMap(({ spec, typeOnly }) => {
    const to = resolveImport(from, spec);
    const toUnit = to ? unitOf(to) : undefined;
    return to && toUnit ? [{ from: relative(REPO_ROOT, from), to: relative(REPO_ROOT, to), fromUnit, toUnit, typeOnly }] : [];
  });
});

/** An import of a concern's own module: lib/features/<concern>/, its config section (schema.ts) aside. */
export function isConcernModule(e: Edge): boolean {
  return e.toUnit.name.startsWith("feature:") && e.toUnit.configSection !== true;
}

/**
 * A docs/architecture.md table of who knows which concerns: its first column (a name in backquotes,
 * such as `check` or `commands/release.ts`) -> the concerns of its second, from the section `heading`.
 */
export function concernTable(doc: string, heading: string): Map<string, string[]> {
  const section = doc.split(/^## /m).find((s) => s.startsWith(heading)) ?? "";
  const rows = [...section.matchAll(/^\| `([a-z./-]+)` \| ([a-z-]+(?:, [a-z-]+)*) \|/gm)];
  return new Map(rows.map((m) => [m[1] ?? "", (m[2] ?? "").split(", ").sort()]));
}

/**
 * Folder -> the folders it loads at run time (edges inside one folder left out). Type-only imports are
 * left out too: they load nothing, and the concerns take the composed AppConfig from lib/config that
 * way while lib/config loads their schema sections (imports.spec.ts allows no other import of lib/config
 * from a concern).
 */
export function folderGraph(edges: readonly Edge[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const e of edges)
    if (!e.typeOnly && e.fromUnit.name !== e.toUnit.name)
      graph.set(e.fromUnit.name, (graph.get(e.fromUnit.name) ?? new Set()).add(e.toUnit.name));
  return graph;
}

/** Every cycle a depth-first walk meets, as `a -> b -> a`; empty when the graph has none. */
export function findCycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const cycles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const visit = (node: string, path: string[]): void => {
    if (state.get(node) === "done") return;
    if (state.get(node) === "open") {
      cycles.push([...path.slice(path.indexOf(node)), node].join(" -> "));
      return;
    }
    state.set(node, "open");
    for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
    state.set(node, "done");
  };
  for (const node of graph.keys()) visit(node, []);
  return cycles;
}
