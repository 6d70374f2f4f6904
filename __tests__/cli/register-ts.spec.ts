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

describe("the .ts loader used by the CLI and the cdktf app", () => {
  test("strips types, resolves extensionless .ts imports and index files", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "dep.ts"), "export const greet = (name: string): string => `hi ${name}`;\n");
    writeFileSync(join(dir, "main.ts"), 'import { greet } from "./dep";\nconst who: string = "golive";\nconsole.log(greet(who));\n');
    const run = runTs(join(dir, "main.ts"));
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("hi golive");
  });

  test("caches the transpiled output by content, and a changed file is transpiled again", () => {
    const dir = tempDir();
    const file = join(dir, "value.ts");
    const cacheFile = (source: string) =>
      join(
        REPO_ROOT,
        "node_modules",
        ".cache",
        "golive-ts",
        `${createHash("sha1").update("1").update("\0").update(file).update("\0").update(source).digest("hex")}.js`,
      );
    const first = `const n: number = ${Date.now()};\nconsole.log(n > 0 ? "one" : "");\n`;
    writeFileSync(file, first);
    expect(runTs(file).stdout.trim()).toBe("one");
    expect(existsSync(cacheFile(first))).toBe(true);
    const second = first.replace('"one"', '"two"');
    writeFileSync(file, second);
    expect(runTs(file).stdout.trim()).toBe("two");
  });

  test("scripts/warm-ts-cache.js fills the cache for the CLI's modules in one process (scripts/test.sh runs it first)", () => {
    const main = join(REPO_ROOT, "lib", "cli", "main.ts");
    const source = readFileSync(main, "utf8");
    const cached = join(
      REPO_ROOT,
      "node_modules",
      ".cache",
      "golive-ts",
      `${createHash("sha1").update("1").update("\0").update(main).update("\0").update(source).digest("hex")}.js`,
    );
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
