import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/example-config";

const HOOK = join(REPO_ROOT, "lib", "runtime", "register-ts.js");

/** Runs `script` in a fresh node started with the CLI's loader; its stdout as JSON. */
function run(script: string): unknown {
  const child = spawnSync(process.execPath, ["-r", HOOK, "-e", script], { cwd: REPO_ROOT, encoding: "utf8" });
  if (child.status !== 0) throw new Error(`node exited ${child.status}: ${child.stderr}`);
  return JSON.parse(child.stdout);
}

// lib/runtime/defer-archiver.js: cdktf's root loads archiver for TerraformAsset's zip, which synth never builds.
describe("the archiver cdktf loads (lib/runtime/defer-archiver.js)", () => {
  test("loading cdktf loads no archiver code, and the first call loads the real one, which then makes zip archives", () => {
    const script = `const zipModules = () => Object.keys(require.cache).filter((f) => /node_modules\\/(archiver\\/lib|zip-stream|lodash)\\//.test(f)).length;
require("cdktf");
// What cdktf/lib/private/fs.js gets when it requires archiver
const archiver = require("node:module")._load("archiver", require.cache[require.resolve("cdktf/lib/private/fs.js")], false);
const before = zipModules();
const zip = archiver("zip", { zlib: { level: 9 } });
console.log(JSON.stringify({ before, after: zipModules() > 0, pipes: typeof zip.pipe, registered: archiver.isRegisteredFormat("zip") }));`;
    expect(run(script)).toEqual({ before: 0, after: true, pipes: "function", registered: true });
  });
});
