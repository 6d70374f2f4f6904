import { isPlanShaped, PlanJson, validatePlanData } from "../../lib/core/plan/schema";
import { syntheticPlan } from "../../lib/engines/plan/synthetic-plan";
import { fixtureText } from "./fixtures";

// validatePlanData takes a plan that passes the plain check (isPlanShaped) as it is, and asks zod only
// about the rest, for its field-named errors: the check must never accept what PlanJson refuses.
type Json = Record<string, unknown>;
const FIXTURES = ["tf-changes.json", "tf-create.json", "tf-noop.json", "cdktf/edge-production.json", "sample/edge-production.json"];
const copy = (file: string): Json => JSON.parse(fixtureText(file));

/** A value of every JSON kind, and a few strings and numbers that some fields refuse. */
const ODD: readonly unknown[] = [null, true, 0, 1.5, "", "x", "1.2", "update", "managed", [], [[]], [["a", 1]], ["create"], {}, { id: 1 }];

/** A copy made as JSON.parse makes objects (structuredClone's come from another realm under jest). */
const jsonCopy = (value: Json): Json => JSON.parse(JSON.stringify(value));

/** A small plan that sets every field the schema reads. */
const SMALL: Json = {
  format_version: "1.2",
  terraform_version: "1.11.4",
  variables: { v: { value: "x" } },
  resource_changes: [
    {
      address: "terraform_data.a",
      previous_address: "terraform_data.b",
      mode: "managed",
      type: "terraform_data",
      name: "a",
      provider_name: "terraform.io/builtin/terraform",
      change: {
        actions: ["delete", "create"],
        before: { input: 1 },
        after: { input: 2 },
        replace_paths: [["input"]],
        importing: { id: "i" },
      },
    },
  ],
  output_changes: { release: { actions: ["update"], before: "v1", after: "v2" } },
  configuration: { root_module: { variables: { v: { sensitive: true } } } },
  errored: false,
};

/** Every way of replacing one field of a plan, a resource change, its change or an output change with an odd value. */
function variants(): Json[] {
  const out: Json[] = [];
  const edit = (make: (plan: Json) => void) => {
    const plan = jsonCopy(SMALL);
    make(plan);
    out.push(plan);
  };
  const rc = (plan: Json): Json => (plan.resource_changes as Json[])[0] as Json;
  const fields = {
    plan: ["format_version", "terraform_version", "variables", "resource_changes", "output_changes", "configuration", "errored"],
    rc: [
      "address",
      "previous_address",
      "deposed",
      "module_address",
      "mode",
      "type",
      "name",
      "index",
      "provider_name",
      "action_reason",
      "change",
    ],
    change: ["actions", "before", "after", "replace_paths", "importing"],
  };
  for (const value of [...ODD, undefined]) {
    for (const f of fields.plan) edit((p) => void (p[f] = value));
    for (const f of fields.rc) edit((p) => void (rc(p)[f] = value));
    for (const f of fields.change) edit((p) => void ((rc(p).change as Json)[f] = value));
    edit((p) => void ((p.output_changes as Json).release = value));
    edit((p) => void ((rc(p).change as Json).importing = { id: value }));
    edit((p) => void ((p.variables as Json).extra = value));
    edit((p) => void (p.configuration = { root_module: { variables: { v: { sensitive: value } } } }));
    edit((p) => void (p.configuration = { root_module: value }));
    edit((p) => void (p.resource_changes = [value]));
  }
  return out;
}

describe("the plain plan check agrees with the zod schema", () => {
  test("every fixture and a large generated plan pass the plain check, and read the same as through zod", () => {
    for (const plan of [...FIXTURES.map(copy), syntheticPlan(50)]) {
      expect(isPlanShaped(plan)).toBe(true);
      expect(validatePlanData("p.json", plan)).toEqual(PlanJson.parse(plan));
    }
  });

  test("a plan with one field of the wrong kind passes the plain check only when zod accepts it", () => {
    const all = variants();
    const disagree = all.filter((plan) => isPlanShaped(plan) !== PlanJson.safeParse(plan).success).map((plan) => JSON.stringify(plan));
    expect(disagree).toEqual([]);
    // Both kinds occur: some odd values are allowed (null before, a number index), most are refused.
    expect(isPlanShaped(SMALL)).toBe(true);
    expect(all.filter((plan) => isPlanShaped(plan)).length).toBeGreaterThan(10);
    expect(all.filter((plan) => !isPlanShaped(plan)).length).toBeGreaterThan(100);
  });

  test("a hole in a list and a record that is not a plain object are refused, as zod refuses them", () => {
    const holes = jsonCopy(SMALL);
    (holes.resource_changes as unknown[]).length += 1;
    const notPlain = { ...SMALL, output_changes: new Map() };
    for (const plan of [holes, notPlain]) expect([isPlanShaped(plan), PlanJson.safeParse(plan).success]).toEqual([false, false]);
  });

  test("keys zod treats in ways of its own (__proto__, constructor) and objects of another realm are left to zod", () => {
    for (const key of ["__proto__", "constructor"]) {
      const plan = JSON.parse(`{"format_version":"1.2","output_changes":{"${key}":{"actions":["create"]}},"variables":{"${key}":{}}}`);
      expect(isPlanShaped(plan)).toBe(false);
      expect(() => validatePlanData("p.json", plan)).not.toThrow(TypeError);
    }
    expect(isPlanShaped(structuredClone(SMALL))).toBe(false);
    expect(validatePlanData("p.json", structuredClone(SMALL))).toEqual(SMALL);
  });
});
