import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { COMMANDS } from "../../lib/cli/commands";
import { REPO_ROOT } from "../helpers/example-config";
import { EDGES, FILES, findCycles, folderGraph, importsOf, unitOf } from "./import-graph";

// The layering lib/README.md and docs/architecture.md describe, enforced: imports flow one way
// (cli -> engines -> stacks -> registry -> features -> platform -> config -> feature schemas -> core)
// and no two folders import each other, directly or round a loop.

/** Layers where one folder may import a sibling folder of the same layer (no cycles, checked below). */
const SIDEWAYS_OK = new Set([4, 7]);

/** What prints or picks an exit code: a write to stdout/stderr, the console, a stream handed down, the CLI's IO or exit codes. */
const PRINTS_OR_EXITS = [
  /\b(stdout|stderr)\s*\.\s*write\s*\(/,
  /\bconsole\s*\.\s*[a-z]+\s*\(/,
  /\bNodeJS\.WritableStream\b|\bWritable\b/,
  /\b(CliIo|ExitCode|EXIT)\b/,
];

/** Source (comment lines left out) that prints or picks an exit code. */
function printsOrExits(source: string): boolean {
  const code = source.replace(/^\s*(\/\/|\*).*$/gm, "");
  return PRINTS_OR_EXITS.some((re) => re.test(code));
}

describe("import direction", () => {
  test("the import graph was read (a broken reader cannot pass silently)", () => {
    expect(FILES.length).toBeGreaterThan(150);
    expect(EDGES.some((e) => e.fromUnit.name === "cli" && e.toUnit.name.startsWith("engine:"))).toBe(true);
    expect(EDGES.some((e) => e.fromUnit.name === "feature:email" && e.toUnit.name === "core")).toBe(true);
  });

  test("every file under lib belongs to a layer", () => {
    const unlayered = FILES.map((f) => ({ f: relative(REPO_ROOT, f), u: unitOf(f) })).filter((x) => x.u?.name.startsWith("unlayered"));
    expect(unlayered.map((x) => x.f)).toEqual([]);
  });

  test("no import points up a layer", () => {
    const upward = EDGES.filter((e) => e.toUnit.rank > e.fromUnit.rank).map(
      (e) => `${e.from} (${e.fromUnit.name}) -> ${e.to} (${e.toUnit.name})`,
    );
    expect(upward).toEqual([]);
  });

  test("folders of one layer import each other only where siblings are allowed (features, engines)", () => {
    const sideways = EDGES.filter(
      (e) => e.toUnit.rank === e.fromUnit.rank && e.toUnit.name !== e.fromUnit.name && !SIDEWAYS_OK.has(e.fromUnit.rank),
    );
    expect(sideways.map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  // Run-time imports between the real folders: a concern's schema section counts in its concern's
  // folder (import-graph.ts), and type-only imports, which load nothing, are left out.
  test("there is no cycle between folders", () => {
    expect(findCycles(folderGraph(EDGES))).toEqual([]);
  });

  test("a concern's schema section is in its concern's folder, so a loop through it is a cycle", () => {
    const at = (file: string) => join(REPO_ROOT, file);
    expect(unitOf(at("lib/features/ci-access/schema.ts"))).toEqual({ name: "feature:ci-access", rank: 1, configSection: true });
    // What lib/features/state/bucket-policy.ts did before the CI role kinds moved to lib/core/ci-roles.ts:
    // ci-access loads state, and state would load ci-access's schema section.
    const from = "lib/features/state/bucket-policy.ts";
    const to = "lib/features/ci-access/schema.ts";
    const [fromUnit, toUnit] = [unitOf(at(from)), unitOf(at(to))];
    if (!fromUnit || !toUnit) throw new Error("both files are in the layered code");
    const cycles = findCycles(folderGraph([...EDGES, { from, to, fromUnit, toUnit, typeOnly: false }]));
    expect(cycles.filter((c) => c.includes("feature:state") && c.includes("feature:ci-access"))).not.toEqual([]);
  });

  // lib/config composes AppConfig from the concerns' schema sections, and the concerns take AppConfig:
  // the two folders import each other, but at run time only one way (docs/architecture.md).
  test("lib/features imports lib/config only as `import type` of the composed AppConfig", () => {
    const fromFeatures = EDGES.filter((e) => e.from.startsWith("lib/features/") && e.to.startsWith("lib/config/"));
    expect(fromFeatures.length).toBeGreaterThan(20);
    expect(fromFeatures.filter((e) => !e.typeOnly || e.to !== "lib/config/schema.ts").map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  test("lib/config imports of lib/features only the concerns' schema sections", () => {
    const fromConfig = EDGES.filter((e) => e.from.startsWith("lib/config/") && e.to.startsWith("lib/features/"));
    expect(fromConfig.length).toBeGreaterThan(5);
    expect(fromConfig.filter((e) => !/^lib\/features\/[a-z-]+\/schema\.ts$/.test(e.to)).map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  test("pure builders (model.ts) import neither cdktf nor a provider", () => {
    const models = FILES.filter((f) => f.endsWith("/model.ts"));
    expect(models.length).toBeGreaterThan(2);
    const impure = models.filter((f) => /from\s+["'](cdktf|constructs|@cdktf\/[^"']+)["']/.test(readFileSync(f, "utf8")));
    expect(impure.map((f) => relative(REPO_ROOT, f))).toEqual([]);
  });

  test("no code loads a module with a dynamic import(): the CLI's .ts loader hooks require only", () => {
    const dynamic = FILES.filter((f) => /(?<!typeof\s)\bimport\s*\(\s*["']/.test(readFileSync(f, "utf8")));
    expect(dynamic.map((f) => relative(REPO_ROOT, f))).toEqual([]);
  });

  // lib/runtime is the process's module loader, started with `node -r` before any golive code runs: it
  // honours Node's own NODE_DISABLE_COMPILE_CACHE and stays out of jest's workers.
  test("below lib/cli nothing reads process.env, prints or exits", () => {
    const offenders = FILES.filter(
      (f) =>
        unitOf(f)?.name !== "cli" &&
        unitOf(f)?.name !== "runtime" &&
        /process\.(env|exit|stdout|stderr)\b/.test(readFileSync(f, "utf8").replace(/^\s*(\/\/|\*).*$/gm, "")),
    );
    expect(offenders.map((f) => relative(REPO_ROOT, f))).toEqual([]);
  });

  // lib/cli/io.ts defines what lib/cli hands its commands (CliIo) and the exit codes it picks (EXIT), so
  // importing them from below is an upward edge (the layering test); the layers below return data for lib/cli to print, and a long run reports progress through a
  // callback typed in its engine (lib/engines/release/watch-log.ts, WatchProgress), not a stream.
  test("below lib/cli nothing imports the CLI's IO or exit codes, writes to a stream it was handed or picks an exit code", () => {
    const importers = EDGES.filter((e) => e.to.startsWith("lib/cli/") && e.fromUnit.name !== "cli").map((e) => e.from);
    const writers = FILES.filter((f) => unitOf(f)?.name !== "cli" && printsOrExits(readFileSync(f, "utf8")));
    expect([...importers, ...writers.map((f) => relative(REPO_ROOT, f))]).toEqual([]);
  });
});

describe("the output check the test above uses", () => {
  test.each([
    ["io.stdout.write(`${lines}\\n`);"],
    ["ctx.io.stderr .write(message);"],
    ['import { EXIT, type ExitCode } from "../../cli/io";'],
    ['import type { CliIo } from "../../cli/types";'],
    ["constructor(private readonly out: NodeJS.WritableStream) {}"],
    ["return ok ? EXIT.ok : EXIT.failure;"],
    ['console.error("refused");'],
  ])("fails on %s", (line) => {
    expect(printsOrExits(`const x = 1;\n${line}\n`)).toBe(true);
  });

  test("passes a child process's captured output, a progress callback and comments", () => {
    const text = [
      'child.stdout.on("data", (d: Buffer) => out.push(d));',
      "export type WatchProgress = (lines: readonly string[]) => void;",
      "// lib/cli writes it to io.stdout.write and picks EXIT.ok",
      " * returns an ExitCode no more",
    ].join("\n");
    expect(printsOrExits(text)).toBe(false);
  });
});

describe("the cycle finder the test above uses", () => {
  const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([from, to]) => [from, new Set(to)]));

  test("fails on a loop between folders, naming it", () => {
    expect(findCycles(graph({ a: ["b"], b: ["c"], c: ["a"], d: ["a"] }))).toEqual(["a -> b -> c -> a"]);
    expect(findCycles(graph({ a: ["a"] }))).toEqual(["a -> a"]);
  });

  test("passes a graph without one, shared targets included", () => {
    expect(findCycles(graph({ a: ["b", "c"], b: ["c"], c: [], d: ["a", "c"] }))).toEqual([]);
  });

  test("reads folders from import edges, leaving out imports inside one folder", () => {
    const unit = (name: string) => ({ name, rank: 0 });
    const edge = (from: string, to: string) => ({
      from: `${from}.ts`,
      to: `${to}.ts`,
      fromUnit: unit(from),
      toUnit: unit(to),
      typeOnly: false,
    });
    expect(findCycles(folderGraph([edge("x", "x"), edge("x", "y")]))).toEqual([]);
    expect(findCycles(folderGraph([edge("x", "y"), edge("y", "x")]))).toEqual(["x -> y -> x"]);
  });

  test("leaves out type-only imports, which load nothing, and still fails on the run-time loop", () => {
    const unit = (name: string) => ({ name, rank: 0 });
    const edge = (from: string, to: string, typeOnly: boolean) => ({
      from: `${from}.ts`,
      to: `${to}.ts`,
      fromUnit: unit(from),
      toUnit: unit(to),
      typeOnly,
    });
    expect(findCycles(folderGraph([edge("x", "y", false), edge("y", "x", true)]))).toEqual([]);
    expect(findCycles(folderGraph([edge("x", "y", false), edge("y", "x", false)]))).toEqual(["x -> y -> x"]);
  });
});

describe("the import reader the tests above use", () => {
  test("marks import type, export type and typeof import() type-only, as they load nothing at run time", () => {
    const text = [
      'import type { AppConfig } from "../../config/schema";',
      'export type { Rule } from "./readiness";',
      'type Stack = typeof import("./stack");',
      'import { type ConfigIssue, formatPath } from "../core/issues";',
      'import {\n  idCollisions,\n  crossCollisions,\n} from "../../core/collisions";',
      'export { edgeFeature } from "./edge";',
      'import "./side-effect";',
      'const stack = require("./stack") as Stack;',
      'import { z } from "zod";',
    ].join("\n");
    expect(importsOf(text)).toEqual([
      { spec: "../../config/schema", typeOnly: true },
      { spec: "./readiness", typeOnly: true },
      { spec: "../core/issues", typeOnly: false },
      { spec: "../../core/collisions", typeOnly: false },
      { spec: "./edge", typeOnly: false },
      { spec: "./side-effect", typeOnly: false },
      { spec: "./stack", typeOnly: true },
      { spec: "./stack", typeOnly: false },
    ]);
  });

  test("reads the tree's type-only imports (a reader that marks none cannot pass)", () => {
    expect(EDGES.some((e) => e.typeOnly && e.to === "lib/config/schema.ts")).toBe(true);
    expect(EDGES.some((e) => !e.typeOnly && e.to === "lib/config/schema.ts")).toBe(true);
  });
});

describe("lazy loading", () => {
  const ENTRIES = [
    ["the registry (validators, rules, risks)", "./lib/features/index.ts"],
    ["config loading", "./lib/engines/config/load.ts"],
    ["golive verify", "./lib/cli/commands/verify.ts"],
    ["golive check", "./lib/cli/commands/check.ts"],
    ["golive plan-report", "./lib/cli/commands/plan-report.ts"],
    ["synthesizing", "./lib/engines/synth/synthesize.ts"],
  ] as const;
  /** Every command module, as help and completion load them. */
  const COMMAND_MODULES = COMMANDS.map((c) => `./lib/cli/commands/${c.name}.ts`);
  interface LoadedModules {
    readonly entries: string[][];
    readonly commands: string[];
    readonly client: string[];
  }
  let loaded: LoadedModules | undefined;
  /**
   * Modules a fresh node process has loaded, through the CLI's own .ts loader (jest's module registry
   * would not show what a plain `require` loads): after requiring each entry in turn, then every command
   * module, then after making a Cloudflare client, which must load the SDK (so the probe can see one).
   * One process for all (each is a second or two of CPU), so a list also holds what was required before
   * it; synthesizing comes last of the entries, as the one that must load cdktf.
   */
  function loadedModules(): LoadedModules {
    if (!loaded) {
      const script = `require("./lib/runtime/register-ts.js");
const files = () => Object.keys(require.cache);
const entries = [];
for (const e of ${JSON.stringify(ENTRIES.map((e) => e[1]))}) { require(e); entries.push(files()); }
for (const c of ${JSON.stringify(COMMAND_MODULES)}) require(c);
const commands = files();
require("./lib/core/cloudflare-client.ts").cloudflareClient({ token: "t", baseUrl: "http://127.0.0.1:9", timeoutMs: 1, maxRetries: 0 });
console.log(JSON.stringify({ entries, commands, client: files() }));`;
      const out = execFileSync(process.execPath, ["-e", script], { cwd: REPO_ROOT, encoding: "utf8" });
      const lists = JSON.parse(out) as LoadedModules;
      const relativeTo = (files: string[]) => files.map((f) => relative(REPO_ROOT, f));
      loaded = { entries: lists.entries.map(relativeTo), commands: relativeTo(lists.commands), client: relativeTo(lists.client) };
    }
    return loaded;
  }
  const loadedAfter = (entry: string): string[] => loadedModules().entries[ENTRIES.findIndex((e) => e[1] === entry)] ?? [];

  test.each(ENTRIES.slice(0, -1))("%s loads neither cdktf nor a provider nor an SDK until it synthesizes or calls out", (_label, entry) => {
    const files = loadedAfter(entry);
    expect(files.some((f) => f.startsWith("lib/"))).toBe(true);
    expect(files.filter((f) => /node_modules\/(cdktf|@cdktf|@aws-sdk|cloudflare|mailauth)\//.test(f)).slice(0, 3)).toEqual([]);
  });

  test("synthesizing does load cdktf (the check above can fail)", () => {
    expect(loadedAfter("./lib/engines/synth/synthesize.ts").some((f) => /(^|\/)node_modules\/cdktf\//.test(f))).toBe(true);
  });

  test("API SDKs load only when a command calls the API: every command module, as help and completion load them, loads neither the Cloudflare nor an AWS SDK; a client does", () => {
    const packages = (files: string[]) =>
      [...new Set(files.map((f) => /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1]).filter((p) => p !== undefined))].sort();
    const sdks = (files: string[]) =>
      packages(files).filter((p) => p === "cloudflare" || p.startsWith("@aws-sdk/") || p.startsWith("@cloud-copilot/"));
    const { commands, client } = loadedModules();
    expect(commands.filter((f) => f.startsWith("lib/cli/commands/")).length).toBeGreaterThanOrEqual(COMMANDS.length);
    expect(sdks(commands)).toEqual([]);
    expect(sdks(client)).toEqual(["cloudflare"]);
  });
});
