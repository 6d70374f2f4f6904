import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { diffAttributes } from "../../lib/core/plan/attribute-diff";
import { alignScalars } from "../../lib/core/plan/scalar-alignment";
import { fixtureText } from "./fixtures";

/** The attribute lines of `address` in the review of a plan of fixtures/plans/aws-provider (README there). */
function lines(file: string, address: string): string[] {
  const plan = parsePlanJson(file, fixtureText("aws-provider", file));
  const change = renderPlanReport([{ stack: "s", file, plan }], "r.md").report.stacks[0]?.changes.find((c) => c.address === address);
  return change?.attributes.map((a) => `${a.path}: ${a.before} -> ${a.after}`) ?? [];
}

const diff = (before: unknown[], after: unknown[]) =>
  diffAttributes({
    before: { input: before },
    after: { input: after },
    beforeSensitive: {},
    afterSensitive: {},
    afterUnknown: {},
  }).diffs.map((d) => `${d.path}: ${d.before} -> ${d.after}`);

describe("an element removed from or inserted into a list of plain values is that one element, as Terraform shows it", () => {
  test("a real plan: one argument and one alarm action removed read as one element removed each", () => {
    expect(lines("list-element-removed.json", "terraform_data.cmd")).toEqual([
      'input[1]: "--dry-run" -> null',
      'output: ["deploy","--dry-run","--region","us-east-1","--force"] -> (known after apply)',
    ]);
    expect(lines("list-element-removed.json", "aws_cloudwatch_metric_alarm.x")).toEqual([
      'alarm_actions[1]: "arn:aws:sns:us-east-1:123456789012:b-pager" -> null',
    ]);
  });

  test("an insertion is one element added; a value changed in place stays one line; a swap is one removed and one added", () => {
    expect(diff(["deploy", "--region", "us-east-1"], ["deploy", "--force", "--region", "us-east-1"])).toEqual([
      'input[1]: null -> "--force"',
    ]);
    expect(diff(["deploy", "--region", "us-east-1"], ["deploy", "--region", "eu-west-1"])).toEqual([
      'input[2]: "us-east-1" -> "eu-west-1"',
    ]);
    expect(diff([1, 2, 3], [2, 3, 1])).toEqual(["input[0]: 1 -> null", "input[2]: null -> 1"]);
  });

  // Untimed: that the alignment is linear in the list (<= 2 s) is npm run bench's (bench/plan-values.bench.ts).
  test("two edits far apart in a long list are found as one removed and one added element", () => {
    const long = Array.from({ length: 100_000 }, (_, i) => `item-${i}`);
    const edited = [...long.slice(0, 10), ...long.slice(11, 90_000), "new", ...long.slice(90_000)];
    expect(alignScalars(long, edited)).toEqual([{ before: 10 }, { after: 89_999 }]);
  });

  test("a list that reads in fewer lines by position is compared by position: a reversed list is two values swapped", () => {
    expect(diff([1, 2, 3], [3, 2, 1])).toEqual(["input[0]: 1 -> 3", "input[2]: 3 -> 1"]);
  });

  test("lists that differ in more places than are worth aligning, or hold blocks, are compared by position", () => {
    const a = Array.from({ length: 1_000 }, (_, i) => i);
    expect(
      alignScalars(
        a,
        a.map((i) => -i - 1),
      ),
    ).toBeUndefined();
    expect(alignScalars([{ a: 1 }, "x"], ["x"])).toBeUndefined();
    expect(diff(a.slice(0, 3), [-1, -2, -3])).toEqual(["input[0]: 0 -> -1", "input[1]: 1 -> -2", "input[2]: 2 -> -3"]);
  });
});
