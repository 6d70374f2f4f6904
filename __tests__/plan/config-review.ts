import { renderPlanReport } from "../../lib/engines/plan";
import { configDiff } from "../../lib/engines/plan/config-diff";
import { configDigest } from "../../lib/engines/plan/config-digest";

/** The review `plan-report --config-diff` renders for one stack (base and head synthesized JSON), of `commit`. */
export function renderConfigReview(stack: string, base: unknown, head: unknown, commit: string) {
  const diff = configDiff(base, head);
  const input = {
    stack,
    file: `cdktf.out/stacks/${stack}/cdk.tf.json`,
    plan: diff.plan,
    constructPaths: diff.constructPaths,
    configDiff: diff.note,
  };
  return renderPlanReport(
    [input],
    "(full report)",
    undefined,
    [],
    { commit, failedSteps: [] },
    { configDigests: { [stack]: configDigest(head) } },
  );
}
