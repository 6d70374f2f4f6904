// cdktf's package root loads `archiver` at once (cdktf/lib/private/fs.js, for TerraformAsset's zip
// files), and with it lodash, readable-stream, glob and ~200 more modules: about 60 ms of a synth's
// ~1.1 s of CPU, for a zip golive never builds (cdktf makes one in a child `node` process of its own
// anyway). So the `archiver` cdktf gets is a stand-in that loads the real module on first use. cdktf
// 0.21.0 is the final release, so where it finds archiver stays as it is; if it is not found, nothing
// is deferred.

const Module = require("node:module");

/** cdktf's module that requires archiver, or undefined when cdktf is not installed. */
function cdktfFs() {
  try {
    return require.resolve("cdktf/lib/private/fs.js");
  } catch {
    return undefined;
  }
}

function deferArchiver() {
  const requirer = cdktfFs();
  if (requirer === undefined) return;
  const load = Module._load;
  let real;
  let standIn;
  // Only that module's `require("archiver")` gets the stand-in, and nothing enters require.cache until
  // it is used: a process that never loads cdktf shows no trace of it.
  Module._load = function loadDeferringArchiver(request, parent, isMain) {
    if (request !== "archiver" || parent?.filename !== requirer) return load.call(this, request, parent, isMain);
    const loadReal = () => {
      real ??= load.call(Module, request, parent, false);
      return real;
    };
    // archiver's API is a function (`archiver("zip", options)`) with properties (create, registerFormat).
    standIn ??= new Proxy(function archiver() {}, {
      apply: (_target, thisArg, args) => Reflect.apply(loadReal(), thisArg, args),
      get: (_target, key) => Reflect.get(loadReal(), key),
      has: (_target, key) => Reflect.has(loadReal(), key),
    });
    return standIn;
  };
}

module.exports = { deferArchiver };
