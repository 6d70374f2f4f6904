// cdktf 0.21, its final release, calls util.isArray (cdktf/lib/terraform-output.js), which Node 22 and
// later deprecate at run time (DEP0044): every synth on a maintained LTS printed a warning a user can do
// nothing about. Only those codes are dropped; every other warning is printed as Node prints it.
const QUIET = new Set(["DEP0044"]);

/** The code of a process.emitWarning call: (warning, type, code), (warning, {code}) or an Error with a code. */
function codeOf(warning, typeOrOptions, code) {
  if (warning instanceof Error && typeof warning.code === "string") return warning.code;
  if (typeof typeOrOptions === "object" && typeOrOptions !== null) return typeOrOptions.code;
  return code;
}

/** Wraps `proc.emitWarning` (the process by default) so that the QUIET codes are not emitted. */
function quietDeprecations(proc = process) {
  const emit = proc.emitWarning;
  proc.emitWarning = function emitWarning(warning, typeOrOptions, code, ...rest) {
    if (QUIET.has(codeOf(warning, typeOrOptions, code))) return;
    return emit.call(this, warning, typeOrOptions, code, ...rest);
  };
}

module.exports = { quietDeprecations };
