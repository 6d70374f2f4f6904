import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { REPO_ROOT } from "../helpers/example-config";

/**
 * Every relative import of the layered code (main.ts, lib/, stacks/), read once for the architecture
 * specs. Layers, low to high: core -> feature schemas -> config -> platform -> features -> registry ->
 * stacks -> engines -> cli (docs/architecture.md).
 */
export interface Unit {
  readonly name: string;
  readonly rank: number;
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
      if (parts.length === 4 && parts[3] === "schema.ts") return { name: `schema:${third}`, rank: 1 };
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

const SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)["'](\.{1,2}(?:\/[^"']*)?)["']/gm;

function resolveImport(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  return [base, `${base}.ts`, `${base}.js`, join(base, "index.ts")].find((c) => existsSync(c) && !c.endsWith("/") && /\.(ts|js)$/.test(c));
}

export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly fromUnit: Unit;
  readonly toUnit: Unit;
}

export const FILES = [join(REPO_ROOT, "main.ts"), ...sourceFiles(join(REPO_ROOT, "lib")), ...sourceFiles(join(REPO_ROOT, "stacks"))];
export const EDGES: Edge[] = FILES.flatMap((from) => {
  const fromUnit = unitOf(from);
  if (!fromUnit) return [];
  return [...readFileSync(from, "utf8").matchAll(SPECIFIER)].flatMap((m) => {
    const to = resolveImport(from, m[1] ?? "");
    const toUnit = to ? unitOf(to) : undefined;
    return to && toUnit ? [{ from: relative(REPO_ROOT, from), to: relative(REPO_ROOT, to), fromUnit, toUnit }] : [];
  });
});

/** Folder -> the folders it imports (edges inside one folder left out). */
export function folderGraph(edges: readonly Edge[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const e of edges)
    if (e.fromUnit.name !== e.toUnit.name) graph.set(e.fromUnit.name, (graph.get(e.fromUnit.name) ?? new Set()).add(e.toUnit.name));
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
