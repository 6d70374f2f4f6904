import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { jsonText, MAX_NESTING, tooDeepAt, withDepthCap } from "../../lib/core/json";
import { canonicalJson } from "../../lib/core/plan/json-attributes";
import { diffAttributes } from "../../lib/core/plan/attribute-diff";
import { formatValue } from "../../lib/core/plan/format-value";
import { redactCredentials } from "../../lib/core/plan/redact-values";
import { REDACTED_VALUE } from "../../lib/core/plan/redacted-value";
import { collectSensitive } from "../../lib/core/plan/sensitive-strings";
import { maskValue, SHOW_TOO_DEEP, SHOW_UNKNOWN } from "../../lib/core/plan/values";
import { golive, spawnGolive, tempDir } from "../helpers/cli";
import { fixtureText } from "./fixtures";

// JSON.parse reads any depth; JSON.stringify and recursive walks overflow the stack thousands deep. These
// values are built as text for that reason, and stand where `jsondecode(file("deep.json"))` puts one.
const MARK = '"__deep__"';
const nestedText = (depth: number, leaf = '"x"'): string => `${'{"a":'.repeat(depth)}${leaf}${"}".repeat(depth)}`;
const nested = (depth: number, leaf = '"x"'): unknown => JSON.parse(nestedText(depth, leaf));

/** tf-changes.json with `edit` applied, each MARK in it replaced by a value nested `depth` deep. */
/** The parts of tf-changes.json the tests edit. */
interface EditablePlan {
  resource_changes: Record<string, unknown>[];
  output_changes: Record<string, unknown>;
  variables: Record<string, unknown>;
}

function deepPlan(depth: number, edit: (plan: EditablePlan) => void): string {
  const plan = JSON.parse(fixtureText("tf-changes.json"));
  edit(plan);
  return JSON.stringify(plan).split(MARK).join(nestedText(depth));
}

function planDir(files: Readonly<Record<string, string>>): string {
  const dir = tempDir("golive-deep-");
  mkdirSync(join(dir, "plans"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, "plans", name), text);
  return dir;
}

/** `terraform_data.deep`, its `input` a value nested thousands deep, as `terraform show -json` writes it. */
function deepResource(actions: string[], before: unknown, after: unknown): Record<string, unknown> {
  return {
    address: "terraform_data.deep",
    mode: "managed",
    type: "terraform_data",
    name: "deep",
    provider_name: "terraform.io/builtin/terraform",
    change: { actions, before, after, after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
  };
}

// The first run spawns bin/golive.js, so the overflow is checked on the binary's own stack; the other runs use
// runCli in-process (jest's deeper stack is the harder case) to spare a 2-4 s process start each.
describe("golive plan-report and plan-compare read values nested thousands deep", () => {
  test("resource_changes[0].change.after.deep nested 5,000 deep: a report, valid --json, and a digest plan-compare matches", async () => {
    const dir = planDir({
      "deep-staging.json": deepPlan(5000, (plan) => {
        const first = plan.resource_changes[0] as { change: { after: Record<string, unknown> } };
        first.change.after.deep = "__deep__";
      }),
    });
    const md = await spawnGolive(["plan-report", "--output", "comment.md"], { cwd: dir });
    expect(md.stderr).toBe("");
    expect(md.code).toBe(0);
    const json = await golive(["plan-report", "--json"], { cwd: dir });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ stacks: [{ stack: "deep-staging" }] });
    const compare = await golive(["plan-compare", "comment.md"], { cwd: dir });
    expect(compare.code).toBe(0);
    expect(compare.stdout).toContain("deep-staging: same as the review");
  });

  test("a terraform_data input nested 3,000 deep, updated at its bottom: the change is shown as a placeholder line", async () => {
    const dir = planDir({
      "deep-staging.json": deepPlan(3000, (plan) => {
        plan.resource_changes.push(deepResource(["update"], { input: "__deep__", id: "d" }, { input: "__deep_after__", id: "d" }));
      }).replace('"__deep_after__"', nestedText(3000, '"y"')),
    });
    const md = await golive(["plan-report"], { cwd: dir });
    expect(md.stderr).toBe("");
    expect(md.code).toBe(0);
    expect(md.stdout).toContain(`    input${".a".repeat(MAX_NESTING - 1)}: ${SHOW_TOO_DEEP} -> ${SHOW_TOO_DEEP}`);
    const json = await golive(["plan-report", "--json"], { cwd: dir });
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    const deep = report.stacks[0].changes.find((c: { address: string }) => c.address === "terraform_data.deep");
    expect(deep.attributes).toEqual([{ path: `input${".a".repeat(MAX_NESTING - 1)}`, before: SHOW_TOO_DEEP, after: SHOW_TOO_DEEP }]);
  });

  test("a deep value created whole, as an output and as a sensitive variable is reported too", async () => {
    const dir = planDir({
      "deep-staging.json": deepPlan(3000, (plan) => {
        plan.resource_changes.push(deepResource(["update"], { input: null, id: "d" }, { input: "__deep__", id: "d" }));
        plan.output_changes.deep = { actions: ["create"], before: null, after: "__deep__", after_unknown: false, after_sensitive: false };
        plan.variables.db_password = { value: "__deep__" };
      }),
    });
    const run = await golive(["plan-report", "--json"], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).stacks[0].outputs).toEqual(expect.arrayContaining([expect.objectContaining({ name: "deep" })]));
  });
});

describe("depth-safe JSON helpers", () => {
  const deep = nested(20_000);

  test("jsonText writes what JSON.stringify writes, also where JSON.stringify overflows", () => {
    for (const v of [{ b: [1, undefined, null, "x"], a: undefined, c: { d: true } }, [], {}, "s", 1, null])
      expect(jsonText(v)).toBe(JSON.stringify(v));
    expect(jsonText(deep)).toBe(nestedText(20_000));
  });

  test("canonicalJson is unchanged for ordinary values (the digest holds it) and works at any depth", () => {
    const recursive = (value: unknown): string => {
      if (Array.isArray(value)) return `[${value.map(recursive).join(",")}]`;
      if (typeof value === "object" && value !== null)
        return `{${Object.keys(value)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${recursive((value as Record<string, unknown>)[k])}`)
          .join(",")}}`;
      return JSON.stringify(value ?? null);
    };
    for (const file of ["tf-changes.json", "tf-policies.json", "cdktf/edge-production.json"]) {
      const plan = JSON.parse(fixtureText(file));
      expect(canonicalJson(plan)).toBe(recursive(plan));
    }
    const odd = JSON.parse('{"b":[1,null,"\\u2028"],"a":{"10":1,"2":2,"__proto__":{}},"c":-0}');
    expect(canonicalJson({ ...odd, d: undefined })).toBe(recursive({ ...odd, d: undefined }));
    expect(canonicalJson(deep)).toBe(nestedText(20_000));
  });

  test("tooDeepAt names the first container MAX_NESTING levels down; withDepthCap cuts there", () => {
    expect(tooDeepAt(nested(MAX_NESTING))).toBeUndefined();
    expect(tooDeepAt(nested(MAX_NESTING + 1))).toEqual(Array(MAX_NESTING).fill("a"));
    const shallow = { a: [1] };
    expect(withDepthCap(shallow, "cut")).toBe(shallow);
    expect(jsonText(withDepthCap(deep, "cut", 2))).toBe('{"a":{"a":"cut"}}');
  });
});

describe("plan values nested thousands deep", () => {
  const before = nested(5000);
  const after = nested(5000, '"y"');

  test("diffAttributes compares them whole below MAX_NESTING: a change at the bottom is one placeholder line, none when equal", () => {
    const input = { beforeSensitive: {}, afterSensitive: {}, afterUnknown: {} };
    const { diffs } = diffAttributes({ ...input, before: { v: before }, after: { v: after } });
    expect(diffs).toEqual([{ path: `v${".a".repeat(MAX_NESTING - 1)}`, before: SHOW_TOO_DEEP, after: SHOW_TOO_DEEP }]);
    expect(diffAttributes({ ...input, before: { v: before }, after: { v: nested(5000) } }).diffs).toEqual([]);
  });

  test("maskValue and formatValue stop at MAX_NESTING with the placeholder", () => {
    expect(tooDeepAt(maskValue(before, {}, {}), MAX_NESTING + 1)).toBeUndefined();
    expect(jsonText(maskValue(before, {}, {}))).toContain(SHOW_TOO_DEEP);
    expect(formatValue(before)).toMatch(/^\{"a":\{"a":.*\.\.\.$/);
  });

  test("an unknown mark thousands deep reads as known after apply where the walk stops", () => {
    const { diffs } = diffAttributes({
      before: { id: "x" },
      after: { id: "x" },
      beforeSensitive: {},
      afterSensitive: {},
      afterUnknown: { input: nested(5000, "true") },
    });
    expect(diffs).toEqual([{ path: `input${".a".repeat(MAX_NESTING - 1)}`, before: "null", after: SHOW_UNKNOWN }]);
  });

  test("a JSON document in a string, too deep to read for secret names, is hidden whole; so is its base64", () => {
    const doc = `{"db_password":"golive-deep-pw-1a2b","a":${nestedText(5000)}}`;
    expect(formatValue(doc)).toBe(`"${REDACTED_VALUE}"`);
    expect(redactCredentials(`user_data ${Buffer.from(doc).toString("base64")}`)).toBe(`user_data ${REDACTED_VALUE}`);
  });

  test("a secret under a sensitive mark thousands deep is still collected for scrubbing", () => {
    const into = new Set<string>();
    collectSensitive(nested(5000, '"golive-deep-secret-7c1d"'), nested(5000, "true"), into);
    expect([...into]).toEqual(["golive-deep-secret-7c1d"]);
  });
});
