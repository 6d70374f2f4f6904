import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";

const CODE_CACHE = join(REPO_ROOT, "lib", "runtime", "code-cache.js");

/** Runs `entry` in a fresh node with the Node 20 code cache installed on `cache`; its stdout. */
function run(cache: string, entry: string): string {
  const script = `require(${JSON.stringify(CODE_CACHE)}).install(${JSON.stringify(cache)}); require(${JSON.stringify(entry)});`;
  const child = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`node exited ${child.status}: ${child.stderr}`);
  return child.stdout;
}

const entries = (cache: string): string[] => readdirSync(cache).sort();

// lib/runtime/code-cache.js: V8's compiled code on disk for Node 20 (Node 22+ has enableCompileCache).
describe("the Node 20 code cache (lib/runtime/code-cache.js)", () => {
  const dir = tempDir("golive-code-cache-");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cache = join(dir, "cache");
  const app = join(dir, "app");
  mkdirSync(app);
  const main = join(app, "main.js");
  writeFileSync(
    main,
    [
      "#!/usr/bin/env node",
      'const { dep } = require("./dep");',
      'console.log(dep(), require.resolve("./dep") === __dirname + "/dep.js", require.main === process.mainModule);',
      'require("./dynamic").then((m) => console.log(m.value));',
      "",
    ].join("\n"),
  );
  writeFileSync(join(app, "dep.js"), 'exports.dep = () => "dep v1";\n');
  writeFileSync(join(app, "dynamic.js"), 'module.exports = import("./esm.mjs");\n');
  writeFileSync(join(app, "esm.mjs"), 'export const value = "esm loaded";\n');

  test("modules load as without it (a #! line, require.resolve, import()), and each compiled module is cached once", () => {
    expect(run(cache, main)).toBe("dep v1 true true\nesm loaded\n");
    const first = entries(cache);
    // main.js and dep.js; dynamic.js calls import(), which code from cached data cannot on Node 20, and
    // the ES module is not CommonJS
    expect(first).toHaveLength(2);
    expect(run(cache, main)).toBe("dep v1 true true\nesm loaded\n");
    expect(entries(cache)).toEqual(first);
  });

  test("a changed module gets its own entry: code compiled from other source is never used", () => {
    writeFileSync(join(app, "dep.js"), 'exports.dep = () => "dep v2";\n');
    expect(run(cache, main)).toBe("dep v2 true true\nesm loaded\n");
    expect(entries(cache)).toHaveLength(3);
  });

  test("an entry V8 rejects (corrupt) still loads the module, and is written again", () => {
    for (const entry of entries(cache)) writeFileSync(join(cache, entry), "not V8 code cache data");
    expect(run(cache, main)).toBe("dep v2 true true\nesm loaded\n");
    const rewritten = entries(cache).filter((e) => readFileSync(join(cache, e), "utf8") !== "not V8 code cache data");
    expect(rewritten).toHaveLength(2);
  });
});
