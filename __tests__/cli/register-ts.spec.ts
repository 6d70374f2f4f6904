import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";

const HOOK = join(REPO_ROOT, "lib", "runtime", "register-ts.js");

function runTs(file: string) {
  return spawnSync(process.execPath, ["-r", HOOK, file], { encoding: "utf8" });
}

/** Where the loader caches the transpiled `source` of `file` (lib/runtime/register-ts.js, cacheFileOf). */
function cacheFile(file: string, source: string): string {
  const key = createHash("sha1").update("1").update("\0").update(file).update("\0").update(source).digest("hex");
  return join(REPO_ROOT, "node_modules", ".cache", "golive-ts", `${key}.js`);
}

describe("the .ts loader used by the CLI and the cdktf app", () => {
  // One program for the first two tests: each loader start costs about 0.35 s of CPU (esbuild included).
  const dir = tempDir();
  const dep = join(dir, "dep.ts");
  const first = `export const greet = (name: string): string => \`hi \${name} ${Date.now()}\`;\n`;
  writeFileSync(dep, first);
  // cdktf 0.21's util.isArray warning (DEP0044 on Node 22+), as Node emits it: the loader drops it, so
  // the first test's empty stderr says so on every Node.
  writeFileSync(
    join(dir, "main.ts"),
    'import { greet } from "./dep";\nconst who: string = "golive";\nconsole.log(greet(who));\nprocess.emitWarning("The `util.isArray` API is deprecated.", "DeprecationWarning", "DEP0044");\n',
  );
  let firstRun: ReturnType<typeof runTs> | undefined;
  const runFirst = () => (firstRun ??= runTs(join(dir, "main.ts")));

  test("strips types, resolves extensionless .ts imports and index files", () => {
    const run = runFirst();
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toMatch(/^hi golive \d+$/);
  });

  test("caches the transpiled output by content, and a changed file is transpiled again", () => {
    expect(runFirst().stdout.trim()).toMatch(/^hi golive \d+$/);
    expect(existsSync(cacheFile(dep, first))).toBe(true);
    const second = first.replace("`hi ", "`bye ");
    writeFileSync(dep, second);
    expect(runTs(join(dir, "main.ts")).stdout.trim()).toMatch(/^bye golive \d+$/);
    expect(existsSync(cacheFile(dep, second))).toBe(true);
  });

  test("scripts/warm-ts-cache.js fills the cache for the CLI's modules in one process (scripts/test.sh runs it first)", () => {
    const main = join(REPO_ROOT, "lib", "cli", "main.ts");
    const cached = cacheFile(main, readFileSync(main, "utf8"));
    rmSync(cached, { force: true });
    const run = spawnSync(process.execPath, [join(REPO_ROOT, "scripts", "warm-ts-cache.js")], { encoding: "utf8" });
    expect([run.status, run.stderr]).toEqual([0, ""]);
    expect(readFileSync(cached, "utf8")).toContain("runCli");
  });

  test("fails with the file named when the TypeScript does not parse", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "broken.ts"), "const x: = 1;\n");
    const run = runTs(join(dir, "broken.ts"));
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("broken.ts");
  });
});

describe("the deprecation warnings the loader drops", () => {
  const { quietDeprecations } = require("../../lib/runtime/quiet-deprecations.js") as {
    quietDeprecations: (proc: { emitWarning: (...args: unknown[]) => void }) => void;
  };
  const emitted = (...args: unknown[]) => {
    const seen: unknown[][] = [];
    const proc = { emitWarning: (...a: unknown[]) => void seen.push(a) };
    quietDeprecations(proc);
    proc.emitWarning(...args);
    return seen.length;
  };

  test("drops DEP0044 in each form Node's emitWarning takes, and passes every other warning on", () => {
    const dep44 = Object.assign(new Error("util.isArray"), { code: "DEP0044" });
    expect([
      emitted("util.isArray", "DeprecationWarning", "DEP0044"),
      emitted("util.isArray", { type: "DeprecationWarning", code: "DEP0044" }),
      emitted(dep44),
      emitted("Buffer()", "DeprecationWarning", "DEP0005"),
      emitted("Buffer()", { code: "DEP0005" }),
      emitted("a plain warning"),
    ]).toEqual([0, 0, 0, 1, 1, 1]);
  });
});
