import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Writable } from "node:stream";
import { writeFileAtomic } from "../../lib/core/write-file-atomic";
import { runRiskGate } from "../../scripts/ci/gate";
import { runReviewSignature } from "../../scripts/ci/signature";

/**
 * The scripts/ci/*.ts a step sandbox's `node -r ./lib/runtime/register-ts.js scripts/ci/<name>.ts`
 * runs in this process (golive-server.ts): each as its script file wires it, with the script's file
 * access relative to the step's directory. They start ~50 times in the folder at ~0.25 CPU-s a process;
 * each is still run as a process, as the runner runs it, by a step given GOLIVE_TEST_REAL_NODE
 * (REAL_NODE: approval-refresh, config-plan-flags, deploy-risk-gate, plan-review, reviewed-apply).
 */
const SCRIPTS: Readonly<
  Record<string, (argv: string[], cwd: string, env: Record<string, string>, out: Writable, err: Writable) => number>
> = {
  // scripts/ci/review-signature.ts
  "review-signature": (argv, cwd, env, out, err) =>
    runReviewSignature(argv, env, {
      read: (file) => readFileSync(resolve(cwd, file), "utf8"),
      write: (file, text) => writeFileAtomic(resolve(cwd, file), text),
      stdout: (text) => out.write(text),
      stderr: (text) => err.write(text),
    }),
  // scripts/ci/risk-gate.ts
  "risk-gate": (argv, cwd, _env, out, err) =>
    runRiskGate(argv, {
      read: (file) => (existsSync(resolve(cwd, file)) ? readFileSync(resolve(cwd, file), "utf8") : undefined),
      write: (file, text) => writeFileSync(resolve(cwd, file), text),
      stdout: (text) => out.write(text),
      stderr: (text) => err.write(text),
    }),
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
