import type { Writable } from "node:stream";
import { gateFileIo, runRiskGate } from "../../scripts/ci/gate";
import { runReviewSignature, signatureFileIo } from "../../scripts/ci/signature";

/**
 * The scripts/ci/*.ts a step sandbox's `node -r ./lib/runtime/register-ts.js scripts/ci/<name>.ts`
 * runs in this process (golive-server.ts): with the io its script file gives it (gateFileIo,
 * signatureFileIo), files relative to the step's directory. They start ~50 times in the folder at
 * ~0.25 CPU-s a process; each is still run as a process, as the runner runs it, by a step given GOLIVE_TEST_REAL_NODE
 * (REAL_NODE: approval-refresh, config-plan-flags, deploy-risk-gate, plan-review, reviewed-apply).
 */
const SCRIPTS: Readonly<
  Record<string, (argv: string[], cwd: string, env: Record<string, string>, out: Writable, err: Writable) => number>
> = {
  "review-signature": (argv, cwd, env, out, err) => runReviewSignature(argv, env, signatureFileIo(cwd, out, err)),
  "risk-gate": (argv, cwd, _env, out, err) => runRiskGate(argv, gateFileIo(cwd, out, err)),
};

/** The first argument of a request for a script rather than golive: this prefix, then the script's name. */
export const CI_SCRIPT_REQUEST = "--golive-test-ci-script=";

/** The names of the scripts run here (the node stand-in hands over only these). */
export const IN_PROCESS_SCRIPTS = Object.keys(SCRIPTS);

/** Runs the script a request names; an exception ends it as an uncaught one ends node: exit 1, the error on stderr. */
export function runCiScript(request: readonly string[], cwd: string, env: Record<string, string>, out: Writable, err: Writable): number {
  const [first = "", ...argv] = request;
  const script = SCRIPTS[first.slice(CI_SCRIPT_REQUEST.length)];
  if (!script) {
    err.write(`golive server: no in-process script ${first}\n`);
    return 70;
  }
  try {
    return script(argv, cwd, env, out, err);
  } catch (error) {
    err.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
