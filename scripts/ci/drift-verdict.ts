// drift.yml: reads `golive plan-report --json` (stdin) and prints one word: `drift` when a plan changes
// a resource or an output in a way that is not the known Cloudflare provider v5 noise (an update whose
// only differences are values known after apply or empty vs null: plan-report's likelyDrift), `noise`
// when every change is such noise, `error` when a stack failed or errored, `clean` when nothing changes.
// The counts go to stderr. Usage: golive plan-report plans --json | node -r ./lib/runtime/register-ts.js scripts/ci/drift-verdict.ts
import { readFileSync } from "node:fs";
import { isRecord } from "../../lib/core/json";

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

let report: unknown;
try {
  report = JSON.parse(readFileSync(0, "utf8"));
} catch {
  report = undefined;
}
if (!isRecord(report) || !Array.isArray(report.stacks)) {
  process.stderr.write("drift-verdict: stdin is not golive plan-report --json output\n");
  process.stdout.write("error\n");
  process.exit(1);
}
const stacks = report.stacks.filter(isRecord);
const changes = stacks.flatMap((s) => list(s.changes).filter(isRecord));
const noise = changes.filter((c) => c.likelyDrift === true).length;
const real = changes.length - noise + stacks.reduce((n, s) => n + list(s.outputs).length, 0);
const broken = list(report.failures).length + stacks.filter((s) => s.errored === true).length;
const verdict = broken > 0 ? "error" : real > 0 ? "drift" : noise > 0 ? "noise" : "clean";
process.stderr.write(`drift-verdict: ${real} change(s) to review, ${noise} provider-noise update(s), ${broken} stack(s) not planned\n`);
process.stdout.write(`${verdict}\n`);
