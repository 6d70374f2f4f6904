import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { hidesOutput, marksLeaf } from "../../lib/core/plan/marks";
import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { tempDir, golive } from "../helpers/cli";
import { expectNoPlanted, fixtureInput } from "./fixtures";

// Sensitivity marks of shapes Terraform never writes hide the value (fail closed). Terraform writes a
// resource's mark in its value's shape (jsonstate SensitiveAsBool: an object for an object, an array for
// a list, a boolean for anything else, never null) and an output's as one boolean (jsonplan
// MarshalOutputChanges). Each value here shows in the clear when its mark is ignored.
const value = (n: number): string => ["golive", "malformed", "mark", String(n), "q7".repeat(4)].join("-");

type Json = Record<string, unknown>;

function planText(resources: readonly Json[], outputs: Json): string {
  return JSON.stringify({
    format_version: "1.2",
    terraform_version: "1.11.4",
    planned_values: {},
    configuration: {},
    applyable: true,
    complete: true,
    errored: false,
    resource_changes: resources,
    output_changes: outputs,
  });
}

/** A terraform_data update of `input` from "old" to `after`, both sides under `mark`. */
function dataUpdate(name: string, after: string, mark: unknown): Json {
  return {
    address: `terraform_data.${name}`,
    mode: "managed",
    type: "terraform_data",
    name,
    provider_name: "terraform.io/builtin/terraform",
    change: {
      actions: ["update"],
      before: { input: "old" },
      after: { input: after },
      after_unknown: {},
      before_sensitive: mark,
      after_sensitive: mark,
    },
  };
}

const created = (after: unknown, mark: unknown): Json => ({
  actions: ["create"],
  before: null,
  after,
  after_unknown: false,
  before_sensitive: false,
  after_sensitive: mark,
});

/** The auditor's plan: two resources and four outputs, each value under a malformed mark. */
const CASES: readonly { readonly name: string; readonly plan: () => string; readonly shown: string }[] = [
  { name: "an empty array marking a resource's object value", plan: () => planText([dataUpdate("a", value(1), [])], {}), shown: value(1) },
  { name: "null marking a resource's object value", plan: () => planText([dataUpdate("b", value(2), null)], {}), shown: value(2) },
  {
    name: 'an output marked by an object with a "true" string leaf',
    plan: () => planText([], { o_obj_str: created({ a: value(3) }, { a: "true" }) }),
    shown: value(3),
  },
  {
    name: "an output marked by an object with a true leaf",
    plan: () => planText([], { o_obj_true: created({ a: value(4) }, { a: true }) }),
    shown: value(4),
  },
  {
    name: "an output marked by a list with a true leaf",
    plan: () => planText([], { o_list: created([value(5)], [true]) }),
    shown: value(5),
  },
  {
    name: "a deleted output whose before is marked by an object",
    plan: () =>
      planText([], {
        o_del: {
          actions: ["delete"],
          before: { a: value(6) },
          after: null,
          after_unknown: false,
          before_sensitive: { a: true },
          after_sensitive: false,
        },
      }),
    shown: value(6),
  },
];

function rendered(text: string): ReturnType<typeof renderPlanReport> {
  return renderPlanReport(
    [{ stack: "edge-production", file: "edge-production.json", plan: parsePlanJson("edge-production.json", text) }],
    "full.md",
  );
}

describe("plan-report: malformed sensitivity marks are treated as sensitive", () => {
  test.each(CASES)("fails closed on $name: the value shows as (sensitive) in the comment and the JSON", ({ plan, shown }) => {
    const r = rendered(plan());
    for (const text of [r.comment, r.fullMarkdown, r.json]) {
      expect(text).not.toContain(shown);
      expect(text).toContain("(sensitive)");
    }
  });

  test("golive plan-report hides all six in Markdown and --json, and exits 0 as for any report", async () => {
    const dir = tempDir("golive-malformed-marks-");
    const all = CASES.map((c) => JSON.parse(c.plan()) as { resource_changes: Json[]; output_changes: Json });
    const plan = planText(
      all.flatMap((p) => p.resource_changes),
      Object.assign({}, ...all.map((p) => p.output_changes)),
    );
    writeFileSync(join(dir, "edge-production.json"), plan);
    for (const args of [
      ["plan-report", "edge-production.json"],
      ["plan-report", "edge-production.json", "--json"],
    ]) {
      const run = await golive(args, { cwd: dir });
      expect(run.code).toBe(0);
      expect(run.stderr).toBe("");
      for (const c of CASES) expect(run.stdout).not.toContain(c.shown);
    }
    const json = JSON.parse((await golive(["plan-report", "edge-production.json", "--json"], { cwd: dir })).stdout);
    expect(json.stacks[0].outputs).toEqual([
      { name: "o_del", kind: "delete", before: "(sensitive)", after: "null" },
      { name: "o_list", kind: "create", before: "null", after: "(sensitive)" },
      { name: "o_obj_str", kind: "create", before: "null", after: "(sensitive)" },
      { name: "o_obj_true", kind: "create", before: "null", after: "(sensitive)" },
    ]);
    expect(json.stacks[0].changes.map((c: { attributes: unknown }) => c.attributes)).toEqual([
      [{ path: "(value)", before: "(sensitive)", after: "(sensitive)" }],
      [{ path: "(value)", before: "(sensitive)", after: "(sensitive)" }],
    ]);
  });

  test("a null mark on a null value hides nothing: a delete's null after beside a shown before", () => {
    const plan = JSON.stringify({
      ...JSON.parse(planText([], {})),
      resource_changes: [
        {
          ...dataUpdate("gone", "unused", {}),
          change: {
            actions: ["delete"],
            before: { input: "kept-in-view" },
            after: null,
            after_unknown: {},
            before_sensitive: {},
            after_sensitive: null,
          },
        },
      ],
      output_changes: {
        o_gone: {
          actions: ["delete"],
          before: "kept-in-view",
          after: null,
          after_unknown: false,
          before_sensitive: false,
          after_sensitive: null,
        },
      },
    });
    const r = rendered(plan);
    expect(r.report.stacks[0]?.outputs).toEqual([{ name: "o_gone", kind: "delete", before: '"kept-in-view"', after: "null" }]);
    expect(r.report.stacks[0]?.changes.map((c) => c.address)).toEqual(["terraform_data.gone"]);
    expect(r.json).not.toContain("(sensitive)");
  });
});

describe("reading a mark", () => {
  test("marks of the value's shape are read part by part; absent, false and empty marks hide nothing", () => {
    expect(marksLeaf({ input: "x" }, {})).toBe(false);
    expect(marksLeaf({ input: "x" }, undefined)).toBe(false);
    expect(marksLeaf(["x"], [])).toBe(false);
    expect(marksLeaf(["x"], [false])).toBe(false);
    expect(marksLeaf("x", false)).toBe(false);
    expect(marksLeaf(null, null)).toBe(false);
    expect(marksLeaf(null, {})).toBe(false);
  });

  test("fails closed on a mark shaped unlike its value, on null, and on a leaf that is no boolean", () => {
    expect(marksLeaf({ input: "x" }, [])).toBe(true);
    expect(marksLeaf(["x"], {})).toBe(true);
    expect(marksLeaf("x", {})).toBe(true);
    expect(marksLeaf("x", [])).toBe(true);
    expect(marksLeaf({ input: "x" }, null)).toBe(true);
    expect(marksLeaf("x", "true")).toBe(true);
  });

  test("an output's mark hides the whole output unless false, absent, or of the value's shape marking nothing", () => {
    expect(hidesOutput({ a: "x" }, false)).toBe(false);
    expect(hidesOutput("x", undefined)).toBe(false);
    // golive's config diff marks a plain output block `{}`.
    expect(hidesOutput({ value: "x" }, {})).toBe(false);
    expect(hidesOutput(null, null)).toBe(false);
    for (const mark of [true, "true", null, { a: true }, { a: "true" }, { a: null }, [true], [], { value: true }])
      expect(hidesOutput({ a: "x" }, mark)).toBe(true);
    expect(hidesOutput(["x"], [true])).toBe(true);
  });
});

describe("well-formed marks of real plans", () => {
  test("tf-changes.json's non-sensitive values still show, its sensitive ones stay hidden", () => {
    const r = renderPlanReport([fixtureInput("tf-changes.json")], "full.md");
    const stack = r.report.stacks[0];
    expect(stack?.outputs).toContainEqual({ name: "release", kind: "update", before: '"v1"', after: '"v2"' });
    const update = stack?.changes.find((c) => c.address === "terraform_data.update_me");
    expect(update?.attributes).toContainEqual({ path: "input.release", before: '"v1"', after: '"v2"' });
    expect(update?.attributes).toContainEqual({ path: "input.replicas", before: "2", after: "3" });
    const holder = stack?.changes.find((c) => c.address === "terraform_data.secret_holder");
    expect(holder?.attributes).toContainEqual({ path: "input.token", before: "null", after: "(sensitive)" });
    expect(r.fullMarkdown).toContain('input.release: "v1" -> "v2"');
    expectNoPlanted(r.comment, r.fullMarkdown, r.json);
  });
});

describe("what a sensitive value hides elsewhere in the review", () => {
  // A provider marks a whole attribute sensitive (aws_ssm_parameter.value) whatever it holds; a flag
  // such as "true" there must not blank every "true" of the plan, while a real secret still does.
  const secret = value(7);
  const plan = planText(
    [
      dataUpdate("flag", "true", { input: true }),
      dataUpdate("secret", secret, { input: true }),
      dataUpdate("tags", "true", {}),
      dataUpdate("echo", secret, {}),
    ],
    {},
  );

  test("a sensitive 'true' leaves another attribute's true in view; a sensitive secret is hidden wherever it occurs", () => {
    const r = rendered(plan);
    expect(r.fullMarkdown).toContain('"old" -> "true"');
    for (const text of [r.comment, r.fullMarkdown, r.json]) expect(text).not.toContain(secret);
  });
});

describe("a value that only becomes sensitive", () => {
  // Terraform plans `~ input = (sensitive value)` when a variable turns sensitive; the value is the same.
  const quiet = value(8);
  const change = (beforeMark: unknown, afterMark: unknown): Json => {
    const rc = dataUpdate("quiet", quiet, {});
    const c = rc.change as Json;
    rc.change = { ...c, before: { input: quiet }, before_sensitive: beforeMark, after_sensitive: afterMark };
    return rc;
  };

  test("is a changed attribute, its value hidden on both sides", () => {
    const r = rendered(planText([change({}, { input: true })], {}));
    expect(r.fullMarkdown).toContain("input: (sensitive) -> (sensitive) (value unchanged; now marked sensitive)");
    for (const text of [r.comment, r.fullMarkdown, r.json]) expect(text).not.toContain(quiet);
  });

  test("and the reverse says it is no longer marked; an unchanged mark stays quiet", () => {
    expect(rendered(planText([change({ input: true }, {})], {})).fullMarkdown).toContain("(value unchanged; no longer marked sensitive)");
    expect(rendered(planText([change({ input: true }, { input: true })], {})).fullMarkdown).not.toContain("value unchanged");
  });
});

describe("an output created with parts known only after apply", () => {
  // Terraform: `+ newlist = ["first", (known after apply), "third"]`, `+ newobj = { id = (known after apply), kind = "k" }`.
  const created = (after: unknown, unknown: unknown): Json => ({
    actions: ["create"],
    before: null,
    after,
    after_unknown: unknown,
    before_sensitive: false,
    after_sensitive: false,
  });

  test("shows those parts as known after apply, not as null or missing", () => {
    const r = rendered(
      planText([], {
        newlist: created(["first", null, "third"], [false, true, false]),
        newobj: created({ kind: "k" }, { id: true }),
      }),
    );
    expect(r.fullMarkdown).toContain('["first","(known after apply)","third"]');
    expect(r.fullMarkdown).toMatch(/"id":"\(known after apply\)"/);
  });
});
