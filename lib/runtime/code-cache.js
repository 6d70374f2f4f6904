// V8's compiled code of every CommonJS module, kept on disk, for Node 20, which lacks
// module.enableCompileCache (Node >= 22.1 uses that instead: register-ts.js). Compiling cdktf, the
// providers and golive's own modules is a sixth to a quarter of a short command's CPU; with the cache a
// warm start skips most of it. Each entry is keyed by the module's path and full source (V8's own check
// of cached data compares only the source's length), written once after a run that compiled it, and
// rejected by V8 (then rewritten) when the Node version or flags differ. A broken or unwritable cache
// only costs the compile.

const { createHash } = require("node:crypto");
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const vm = require("node:vm");

/** The `require` a module's wrapper receives, as Node builds it (lib/internal/modules/helpers.js). */
function requireFor(mod) {
  const require = (id) => mod.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

// A module that may call import() compiles as Node compiles it: on Node 20, a script made from cached
// data loses its dynamic-import callback (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING).
const DYNAMIC_IMPORT = /\bimport\s*\(/;

function install(dir) {
  const toWrite = [];
  const compile = Module.prototype._compile;
  Module.prototype._compile = function compileWithCache(content, filename) {
    if (DYNAMIC_IMPORT.test(content)) return compile.call(this, content, filename);
    // A `#!` line is valid only at the very start of a script, which the wrapper is not.
    const source = content.startsWith("#!") ? `//${content}` : content;
    const entry = path.join(dir, `${createHash("sha1").update(filename).update("\0").update(source).digest("hex")}.bin`);
    let cachedData;
    try {
      cachedData = readFileSync(entry);
    } catch {
      // not cached yet
    }
    const script = new vm.Script(Module.wrap(source), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected) toWrite.push({ entry, script });
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, path.dirname(filename));
  };
  // At exit, so the data holds the functions the run compiled lazily too.
  process.once("exit", () => {
    if (toWrite.length === 0) return;
    try {
      mkdirSync(dir, { recursive: true });
      for (const { entry, script } of toWrite) {
        const tmp = `${entry}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, entry);
      }
    } catch {
      // A read-only checkout still works, only without the cache.
    }
  });
}

module.exports = { install };
