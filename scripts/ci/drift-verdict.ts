// drift.yml: reads `golive plan-report --json` (stdin) and prints one word: `drift` when a plan changes
// a resource or an output in a way that is not the known Cloudflare provider v5 noise (an update whose
// only differences are values known after apply or empty vs null: plan-report's likelyDrift), `noise`
// when every change is such noise, `error` when a stack failed or errored, `clean` when nothing changes.
// The counts go to stderr. Usage: golive plan-report plans --json | node -r ./lib/runtime/register-ts.js scripts/ci/drift-verdict.ts
import { readFileSync } from "node:fs";
import { driftVerdict } from "./verdict";

const result = driftVerdict(() => readFileSync(0, "utf8"));
process.stderr.write(result.stderr);
process.stdout.write(result.stdout);
process.exitCode = result.code;
