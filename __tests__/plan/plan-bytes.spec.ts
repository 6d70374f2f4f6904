import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parsePlanBytes } from "../../lib/core/plan/plan-bytes";
import { PlanInputError } from "../../lib/core/plan/schema";

const PLANS = join(__dirname, "..", "fixtures", "plans");
const REAL_PLANS = ["tf-changes.json", "tf-create.json", "tf-noop.json", "tf-policies.json", "cdktf/edge-production.json"];

/** Through the byte scanner whatever the size (the whole-document path is plain JSON.parse). */
const scanned = (text: string): unknown => parsePlanBytes("plan.json", Buffer.from(text, "utf8"), 0);

describe("plan JSON read from bytes (big plans, without one string of the whole file)", () => {
  test.each(REAL_PLANS)("%s: the scanner reads a real terraform plan exactly as JSON.parse does", (name) => {
    const text = readFileSync(join(PLANS, name), "utf8");
    expect(scanned(text)).toEqual(JSON.parse(text));
  });

  test("strings holding quotes, backslashes, brackets and any Unicode; a __proto__ key", () => {
    const text = `{"format_version":"1.2","resource_changes":[{"address":"a\\\\\\"]}[{","x":"\\\\"},{"address":"é😀\\u0000}"}],
      "__proto__":{"polluted":true},"errored":true, "n": -1.5e3 , "t":null}`;
    const data = scanned(text) as Record<string, unknown>;
    expect(data).toEqual(JSON.parse(text));
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(data.errored).toBe(true);
  });

  test.each([
    ["a top-level member", '{"format_version":"1.2","errored":false,"errored":true}', "errored"],
    [
      "a key of one change",
      '{"resource_changes":[{"a":1},{"change":{"actions":["delete"],"actions":["no-op"]}}]}',
      "resource_changes[1].change.actions",
    ],
  ])("refuses a repeated key (%s) by either reader, naming its path", (_name, text, path) => {
    for (const wholeBelow of [0, text.length]) {
      const read = () => parsePlanBytes("plan.json", Buffer.from(text, "utf8"), wholeBelow);
      expect(read).toThrow(PlanInputError);
      expect(read).toThrow(`plan.json: ${path}: duplicate key; `);
    }
  });

  test("members over 1 MB that the report never reads become empty stand-ins; configuration keeps its variables and resources", () => {
    const big = "x".repeat(1_100_000);
    const text = JSON.stringify({
      format_version: "1.2",
      planned_values: { root_module: { resources: [{ values: { content: big } }] } },
      prior_state: [big],
      configuration: { provider_config: { big }, root_module: { resources: [big], variables: { token: { sensitive: true } } } },
      resource_changes: [{ address: "a.b", change: { actions: ["update"], before: { v: big }, after: { v: "" } } }],
    });
    const data = scanned(text) as Record<string, unknown>;
    expect(data.planned_values).toEqual({});
    expect(data.prior_state).toEqual([]);
    expect(data.configuration).toEqual({ root_module: { resources: [big], variables: { token: { sensitive: true } } } });
    // Changes are always read in full, however big.
    expect(data.resource_changes).toEqual(JSON.parse(text).resource_changes);
  });

  test.each([
    ["truncated", '{"format_version":"1.2","resource_changes":[{"a":1}'],
    ["a bracket closed by the wrong kind", '{"format_version":"1.2","planned_values":{"a":[1}]}'],
    ["an unterminated string", '{"format_version":"1.2","x":"abc}'],
    ["trailing text", '{"format_version":"1.2"} x'],
    ["a missing colon", '{"format_version" "1.2"}'],
    ["a bad element", '{"resource_changes":[{"a":tru}]}'],
  ])("refuses %s as not valid JSON, quoting nothing", (_name, text) => {
    expect(() => scanned(text)).toThrow(PlanInputError);
    expect(() => scanned(text)).toThrow("plan.json: (root): not valid JSON");
  });

  test("a document that is not an object is parsed whole (the schema refuses it later)", () => {
    expect(scanned("[1,2]")).toEqual([1, 2]);
  });
});
