import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";

const HOOK = join(REPO_ROOT, "lib", "runtime", "register-ts.js");

/** Compiles one script in a fresh node (with the CLI's loader when `loader`); writes or checks its V8 cached data in `file`. */
function cachedData(loader: boolean, mode: "write" | "read", file: string): string {
  const script = `const vm = require("node:vm"); const fs = require("node:fs");
const source = "function twice(x) { return 2 * x; } twice(2);";
const cachedData = ${JSON.stringify(mode)} === "read" ? fs.readFileSync(${JSON.stringify(file)}) : undefined;
const script = new vm.Script(source, { filename: "twice.js", cachedData });
if (cachedData) console.log(script.cachedDataRejected ? "rejected" : "accepted");
else fs.writeFileSync(${JSON.stringify(file)}, script.createCachedData());`;
  const child = spawnSync(process.execPath, [...(loader ? ["-r", HOOK] : []), "-e", script], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`node exited ${child.status}: ${child.stderr}`);
  return child.stdout.trim();
}

// lib/runtime/register-ts.js raises V8's interrupt budget for the short runs it starts.
describe("V8 flags of a process the CLI's loader starts", () => {
  const dir = tempDir("golive-short-run-");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("are set before any module compiles: code V8 caches under them is rejected by a plain node and taken by the next run", () => {
    const file = join(dir, "twice.bin");
    cachedData(true, "write", file);
    expect([cachedData(false, "read", file), cachedData(true, "read", file)]).toEqual(["rejected", "accepted"]);
  });
});
