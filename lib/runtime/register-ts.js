// Minimal TypeScript loader for the golive CLI, the cdktf app and the scripts: strips types with
// esbuild (no type-check: `npm run typecheck` does that), caches the output by content hash, and hooks
// only `.ts` files, so the thousands of `.js` modules of cdktf and the providers load untouched.
// A general-purpose loader (tsx) inspects every module and costs a noticeable share of a synth.

require("./quiet-deprecations.js").quietDeprecations();

const { createHash } = require("node:crypto");
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require("node:fs");
const path = require("node:path");

const CACHE_ROOT = path.join(__dirname, "..", "..", "node_modules", ".cache");
const CACHE_DIR = path.join(CACHE_ROOT, "golive-ts");
// Bump when the transform options change, so stale cache entries are never used.
const CACHE_VERSION = "1";
let esbuild;

function transpile(source, filename) {
  esbuild = esbuild || require("esbuild");
  return esbuild.transformSync(source, { loader: "ts", format: "cjs", target: "node20", sourcefile: filename }).code;
}

/** Where the transpiled `source` of `filename` is cached. */
function cacheFileOf(filename, source) {
  const key = createHash("sha1").update(CACHE_VERSION).update("\0").update(filename).update("\0").update(source).digest("hex");
  return path.join(CACHE_DIR, `${key}.js`);
}

/** The JavaScript of a .ts file: from the cache, or transpiled and cached. */
function transpiled(filename) {
  const source = readFileSync(filename, "utf8");
  const cached = cacheFileOf(filename, source);
  try {
    return readFileSync(cached, "utf8");
  } catch {
    const code = transpile(source, filename);
    try {
      mkdirSync(CACHE_DIR, { recursive: true });
      const tmp = `${cached}.${process.pid}.tmp`;
      writeFileSync(tmp, code);
      renameSync(tmp, cached);
    } catch {
      // A read-only checkout still works, only without the cache.
    }
    return code;
  }
}

function compileTs(module, filename) {
  module._compile(transpiled(filename), filename);
}

/**
 * Fills the cache for `files` in this one process (one esbuild service): processes started at the same
 * time on a fresh checkout would otherwise each transpile the same modules (scripts/warm-ts-cache.js).
 */
function warmCache(files) {
  for (const file of files) transpiled(file);
}

// Node >= 22.1 can keep V8's compiled code of every module on disk, so a warm start compiles nothing
// (compiling cdktf and the providers is about a quarter of a synth's time); on Node 20, code-cache.js
// does the same for CommonJS modules (not inside a jest worker, whose modules jest compiles itself).
// NODE_DISABLE_COMPILE_CACHE=1 turns either off; a read-only checkout only loses the cache.
const { enableCompileCache } = require("node:module");
if (enableCompileCache) enableCompileCache(path.join(CACHE_ROOT, "golive-v8"));
else if (!process.env.NODE_DISABLE_COMPILE_CACHE && !process.env.JEST_WORKER_ID)
  require("./code-cache.js").install(path.join(CACHE_ROOT, `golive-v8-${process.version}`));

// Registering the extension also lets Node resolve `./foo` to `./foo.ts` and `./dir` to `./dir/index.ts`.
require.extensions[".ts"] = compileTs;

module.exports = { cacheFileOf, warmCache };
