import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { firstDuplicateKey } from "../../lib/core/json-duplicate-key";
import { prototypeKeyProblem } from "../../lib/core/plan/misread-keys";
import { parsePlanJson, PlanInputError } from "../../lib/engines/plan";
import { golive, tempDir } from "../helpers/cli";
import { fixtureText, PLANS } from "./fixtures";

interface FixturePlan {
  resource_changes: { address: string; change: { actions: string[] } }[];
  [key: string]: unknown;
}

const FIXTURE = JSON.parse(fixtureText("tf-changes.json")) as FixturePlan;
const isDestroy = (c: FixturePlan["resource_changes"][number]): boolean => c.change.actions.join() === "delete";
/** Where tf-changes.json holds its one destroy. */
const DESTROY = FIXTURE.resource_changes.findIndex(isDestroy);

/** tf-changes.json with a second `resource_changes` at the end: the same changes but the destroy. */
function secondResourceChanges(): string {
  const kept = FIXTURE.resource_changes.filter((c) => !isDestroy(c));
  return JSON.stringify(FIXTURE).replace(/}$/, `,"resource_changes":${JSON.stringify(kept)}}`);
}

/** tf-changes.json whose destroy says `"actions": ["delete"], "actions": ["no-op"]`. */
function secondActions(): string {
  const text = JSON.stringify(FIXTURE);
  const destroy = '"actions":["delete"]';
  expect(text.split(destroy)).toHaveLength(2);
  return text.replace(destroy, `${destroy},"actions":["no-op"]`);
}

/** tf-changes.json with its changes moved under a `__proto__` key. */
function changesUnderProto(): string {
  const { resource_changes: changes, ...rest } = FIXTURE;
  return JSON.stringify(rest).replace(/}$/, `,"__proto__":{"resource_changes":${JSON.stringify(changes)}}}`);
}

const REPEATED =
  "duplicate key; JSON keeps only the last one, which could hide a change from the review: run terraform show -json <planfile> again";
const PROTO = '"__proto__" cannot be a key (it names the prototype of an object)';

function refusal(read: () => unknown): string {
  try {
    read();
  } catch (err) {
    if (err instanceof PlanInputError) return err.message;
    throw err;
  }
  throw new Error("the plan was read");
}

describe("plan JSON whose keys JSON.parse would misread is refused, naming the key's path", () => {
  test("the hostile plans would hide tf-changes.json's destroy from a plain JSON.parse", () => {
    expect(DESTROY).toBe(1);
    const hidden = (text: string) => (JSON.parse(text) as FixturePlan).resource_changes.filter(isDestroy);
    expect(hidden(secondResourceChanges())).toEqual([]);
    expect(hidden(secondActions())).toEqual([]);
    const proto = JSON.parse(changesUnderProto()) as Record<string, unknown>;
    expect(Object.hasOwn(proto, "resource_changes")).toBe(false);
  });

  test("fails on a second resource_changes key", () => {
    expect(refusal(() => parsePlanJson("plan.json", secondResourceChanges()))).toBe(`plan.json: resource_changes: ${REPEATED}`);
  });

  test("fails on a second actions key inside one change", () => {
    expect(refusal(() => parsePlanJson("plan.json", secondActions()))).toBe(`plan.json: resource_changes[1].change.actions: ${REPEATED}`);
  });

  test("fails on a __proto__ key instead of reading the changes under it", () => {
    expect(refusal(() => parsePlanJson("plan.json", changesUnderProto()))).toBe(`plan.json: __proto__: ${PROTO}`);
  });

  test("fails on a __proto__ key inside a planned value, naming its path", () => {
    const changes = FIXTURE.resource_changes.map((c, i) => (i === DESTROY ? { ...c, change: { ...c.change, before: "@@" } } : c));
    const plan = JSON.stringify({ ...FIXTURE, resource_changes: changes }).replace('"@@"', '{"tags":{"__proto__":{"a":1}}}');
    expect(refusal(() => parsePlanJson("plan.json", plan))).toBe(`plan.json: resource_changes[1].change.before.tags.__proto__: ${PROTO}`);
  });

  /** What plan-report and plan-compare refuse, with the path they name. */
  const refusedByCommands: [string, () => string, string][] = [
    ["a __proto__ key", changesUnderProto, `__proto__: ${PROTO}`],
    ["a second resource_changes key", secondResourceChanges, `resource_changes: ${REPEATED}`],
    ["a second actions key inside one change", secondActions, `resource_changes[1].change.actions: ${REPEATED}`],
  ];

  test.each(refusedByCommands)(
    "plan-report fails with exit 1 on %s, one line naming file and key, and writes nothing",
    async (_name, text, problem) => {
      const dir = tempDir("golive-misread-keys-");
      mkdirSync(join(dir, "plans"));
      writeFileSync(join(dir, "plans", "app-staging.json"), text());
      const run = await golive(["plan-report", "plans/app-staging.json", "--output", "comment.md"], { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stderr.split("\n")).toEqual([`plans/app-staging.json: ${problem}`, "No report was written.", ""]);
      expect(run.stdout).toBe("");
      expect(existsSync(join(dir, "comment.md"))).toBe(false);
    },
  );

  test.each(refusedByCommands)("plan-compare fails with exit 1 on %s, naming file and key", async (_name, text, problem) => {
    const dir = tempDir("golive-misread-keys-");
    writeFileSync(join(dir, "app-staging.json"), text());
    writeFileSync(join(dir, "comment.md"), "no review\n");
    const run = await golive(["plan-compare", "comment.md", "app-staging.json"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")).toEqual([`app-staging.json: ${problem}`, "Nothing was compared.", ""]);
  });

  test("the fixture itself, every key once, is read", () => {
    expect(parsePlanJson("plan.json", JSON.stringify(FIXTURE)).resource_changes).toHaveLength(FIXTURE.resource_changes.length);
  });
});

describe("firstDuplicateKey: one pass over JSON text", () => {
  test.each([
    ['{"a":1,"a":2}', ["a"]],
    ['{"a":1,"\\u0061":2}', ["a"]],
    ['{"a":{"b":[0,{"c":1,"c":1}]}}', ["a", "b", 1, "c"]],
    ['[{"a":1},{"a":2},{"b":{"a":1},"a":3}]', undefined],
    ['{"x":"\\"a\\":{","a":1,"y":"}","z":"\\\\","b":[{"a":1}]}', undefined],
    ['{"a\\"b":1,"a\\\\":2,"a":3}', undefined],
    ['{"é":1,"e":2,"é":3}', ["é"]],
    ['{"b":1,"ab":2,"\\u0062":3}', ["b"]],
    ['{"a\\u0062":[{"x":1},{"y":[],"x":{},"z":1,"y":2}]}', ["ab", 1, "y"]],
  ])("%s -> %j", (text, path) => {
    expect(firstDuplicateKey(text)).toEqual(path);
  });

  test("no plan Terraform wrote among the fixtures has a repeated key (no false refusal)", () => {
    const plans = readdirSync(PLANS, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".json"));
    expect(plans.length).toBeGreaterThan(10);
    for (const plan of plans) expect([plan, firstDuplicateKey(readFileSync(join(PLANS, plan)))]).toEqual([plan, undefined]);
  });

  test("a key repeated after many others of one object is found (past the keys scanned without a Set)", () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `"k${i}":${i}`);
    expect(firstDuplicateKey(`{"m":{${keys.join(",")},"k17":0}}`)).toEqual(["m", "k17"]);
    expect(firstDuplicateKey(`{"m":{${keys.join(",")}}}`)).toBeUndefined();
  });

  test("bytes that are not UTF-8 are compared as JSON.parse reads them (U+FFFD)", () => {
    const bytes = Buffer.concat([Buffer.from('{"'), Buffer.from([0xff]), Buffer.from('":1,"'), Buffer.from([0xfe]), Buffer.from('":2}')]);
    expect(Object.keys(JSON.parse(bytes.toString("utf8")))).toEqual(["\ufffd"]);
    expect(firstDuplicateKey(bytes)).toEqual(["\ufffd"]);
  });

  test("values nested 100,000 deep are walked without overflowing the stack", () => {
    const deep = `${"[".repeat(100_000)}{"a":1,"a":2}${"]".repeat(100_000)}`;
    expect(firstDuplicateKey(deep)?.slice(-2)).toEqual([0, "a"]);
    expect(prototypeKeyProblem(JSON.parse(deep))).toBeUndefined();
  });

  test("text that is not JSON ends the scan without throwing", () => {
    expect(firstDuplicateKey('{"a":1,"b')).toBeUndefined();
    expect(firstDuplicateKey('}]{"a":"\\q","a\\q":1,"a\\q":2')).toEqual(["a\\q"]);
  });
});
