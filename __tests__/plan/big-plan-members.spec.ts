import { parsePlanBytes, UNREAD_MEMBERS } from "../../lib/core/plan/plan-bytes";
import { PlanJson } from "../../lib/core/plan/schema";
import { renderPlanReport, validatePlanData } from "../../lib/engines/plan";
import { fixtureText } from "./fixtures";

// A plan over 32 MiB is read member by member (plan-bytes.ts); `wholeBelow = 0` takes that path for a
// plan of a few MB. Every member of over 1 MiB the review reads must be read in full.
type Json = Record<string, unknown>;
const sample = (): Json => JSON.parse(fixtureText("sample", "edge-production.json"));
const scanned = (plan: Json): unknown => parsePlanBytes("edge-production.json", Buffer.from(JSON.stringify(plan), "utf8"), 0);

/** 1,200 output updates of about 2 KB each: 2.4 MB of output_changes. */
function manyOutputs(): Json {
  const value = "v".repeat(2000);
  const outputs: Json = {};
  for (let i = 0; i < 1200; i++)
    outputs[`out_${i}`] = {
      actions: ["update"],
      before: `${value}-old`,
      after: `${value}-new`,
      after_unknown: false,
      before_sensitive: false,
      after_sensitive: false,
    };
  return outputs;
}

function review(plan: Json) {
  const input = { stack: "edge-production", file: "edge-production.json", plan: validatePlanData("edge-production.json", scanned(plan)) };
  return renderPlanReport([input], "details");
}

describe("a big plan's members the review reads are read in full", () => {
  test("fails to drop output changes of over 1 MiB: all are reviewed, and the digest differs from the plan without them", () => {
    const withOutputs = review({ ...sample(), output_changes: manyOutputs() });
    const without = review({ ...sample(), output_changes: {} });
    expect(withOutputs.report.stacks[0]?.outputs).toHaveLength(1200);
    const digests = [withOutputs, without].map((r) => r.record.stacks["edge-production"]?.digest);
    expect(digests[0]).toBeDefined();
    expect(digests[0]).not.toBe(digests[1]);
  });

  test("variables, deferred changes and the configuration's root resources of over 1 MiB are read as JSON.parse reads them", () => {
    const big = "x".repeat(1_100_000);
    const plan = {
      ...sample(),
      variables: { token: { value: big } },
      complete: false,
      deferred_changes: [
        {
          reason: "resource_config_unknown",
          resource_change: { address: "a.b", mode: "managed", type: "a", name: "b", change: { actions: ["create"], after: { v: big } } },
        },
      ],
      configuration: {
        provider_config: { aws: { expressions: { region: { constant_value: big } } } },
        root_module: {
          resources: [{ address: "a.b", expressions: { policy: { references: [big] } } }],
          variables: { token: { sensitive: true } },
        },
      },
    };
    const data = scanned(plan) as Json;
    for (const key of ["variables", "deferred_changes"]) expect(data[key]).toEqual(plan[key as keyof typeof plan]);
    expect(data.configuration).toEqual({ root_module: plan.configuration.root_module });
  });

  test("a member stood in for is one nothing reads: the plan schema declares none of them", () => {
    const declared = Object.keys(PlanJson.shape);
    expect(declared.filter((k) => UNREAD_MEMBERS.has(k))).toEqual([]);
    expect(declared).toEqual(
      expect.arrayContaining(["output_changes", "resource_changes", "variables", "deferred_changes", "configuration"]),
    );
  });
});
