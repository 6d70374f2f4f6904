import { cpSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { toChangeView } from "../../lib/core/plan/changes";
import { planDigest } from "../../lib/core/plan/digest";
import { exactJson, parseJson } from "../../lib/core/plan/exact-numbers";
import { parsePlanBytes } from "../../lib/core/plan/plan-bytes";
import type { ResourceChange } from "../../lib/core/plan/schema";
import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { parseRiskRules } from "../../lib/engines/plan/custom-rules";
import { riskFlags } from "../../lib/engines/plan/risks";
import { golive, tempDir } from "../helpers/cli";
import { api } from "../monitoring/moto-alarms";
import { fixtureInput, fixtureText, PLANS } from "./fixtures";
import { providerPlan } from "./provider-plan";

// Real plans of terraform_data inputs set with tonumber() (__tests__/fixtures/plans/tf-big-numbers.sh):
// Terraform writes every digit of its arbitrary-precision numbers, and a double keeps 15 to 17.
const HEAD = "abcdef0123456789abcdef0123456789abcdef01";
const FOUR_HUNDRED_ZEROS = "0".repeat(400);

let rendered: ReturnType<typeof renderPlanReport> | undefined;
const big = () => (rendered ??= renderPlanReport([fixtureInput("tf-big-numbers.json")], "full.md"));

function attributes(address: string): string[] {
  const change = big().report.stacks[0]?.changes.find((c) => c.address === address);
  return (change?.attributes ?? []).map((a) => `${a.path}: ${a.before} -> ${a.after}`);
}

/** A plan of one resource change, written as text so its numbers stay as written. */
function planText(type: string, before: string, after: string): string {
  return `{"format_version":"1.2","resource_changes":[{"address":"${type}.x","mode":"managed","type":"${type}","name":"x",
    "change":{"actions":["update"],"before":${before},"after":${after},"after_unknown":{},"before_sensitive":{},"after_sensitive":{}}}]}`;
}

describe("numbers past double precision: shown, compared and digested as Terraform wrote them", () => {
  test("the fixtures hold Terraform's digits, which JSON.parse rounds", () => {
    const text = fixtureText("tf-big-numbers.json");
    for (const written of ['"input":9007199254740995', '"input":0.10000000000000000001', `"input":2${FOUR_HUNDRED_ZEROS}`])
      expect(text).toContain(written);
    expect(fixtureText("tf-big-numbers-near.json")).toContain('"input":9007199254740996');
    expect(JSON.parse("9007199254740995")).toBe(9007199254740996);
  });

  test("each review line shows Terraform's own text of the change", () => {
    expect(attributes("terraform_data.a")).toContain("input: 100 -> 9007199254740995");
    expect(attributes("terraform_data.b")).toContain("input: 9007199254740993 -> 9007199254740992");
    expect(attributes("terraform_data.c")).toContain("input: 0.10000000000000000001 -> 0.1");
    // 1e400 and 2e400 as Terraform writes them (401 digits), cut as any long value, never null or Infinity.
    const [input] = attributes("terraform_data.d");
    expect(input).toMatch(/^input: 1000000000+\.\.\. -> 2000000000+\.\.\.$/);
    expect(big().report.stacks[0]?.outputs).toEqual([
      { name: "e", kind: "update", before: "12345678901234567891", after: "12345678901234567892" },
    ]);
    expect(big().comment).not.toMatch(/9007199254740996|12345678901234567000|Infinity|input: null/);
  });

  test("two plans that differ only past double precision have different digests; the same plan the same one", () => {
    const read = (name: string) => planDigest(parsePlanJson(name, fixtureText(name)));
    const [reviewed, near] = [read("tf-big-numbers.json"), read("tf-big-numbers-near.json")];
    expect(near.digest).not.toBe(reviewed.digest);
    expect(near.changes.filter((c, i) => c.hash !== reviewed.changes[i]?.hash).map((c) => c.address)).toEqual(["terraform_data.a"]);
    expect(read("tf-big-numbers.json").digest).toBe(reviewed.digest);
    // The byte scanner of big plans reads the same numbers, so plan-compare and plan-report agree.
    const scanned = parsePlanBytes("big.json", Buffer.from(fixtureText("tf-big-numbers.json")), 0);
    expect(planDigest(parsePlanJson("big.json", exactJson(scanned) ?? "")).digest).toBe(reviewed.digest);
  });

  test("plan-compare refuses a plan that differs from the review only past double precision", async () => {
    const dir = tempDir("golive-exact-numbers-");
    mkdirSync(join(dir, "plans"));
    const plan = join(dir, "plans", "app-staging.json");
    cpSync(join(PLANS, "tf-big-numbers.json"), plan);
    const review = await golive(["plan-report", "--commit", HEAD, "--output", "comment.md"], { cwd: dir });
    expect(review.code).toBe(0);
    const same = await golive(["plan-compare", "comment.md", "plans", "--commit", HEAD], { cwd: dir });
    expect(same.stdout).toContain("app-staging: same as the review");
    expect(same.code).toBe(0);
    cpSync(join(PLANS, "tf-big-numbers-near.json"), plan);
    const near = await golive(["plan-compare", "comment.md", "plans", "--commit", HEAD], { cwd: dir });
    expect(near.stdout).toContain("app-staging: REFUSED: the plan differs from the review");
    expect(near.stdout).toContain("terraform_data.a (update)");
    expect(near.code).toBe(1);
  });

  test("a policy document in a string compares its numbers by their digits", () => {
    const policy = (n: string) =>
      JSON.stringify(
        `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":${n}}}}]}`,
      );
    const text = planText("aws_iam_policy", `{"policy":${policy("9007199254740993")}}`, `{"policy":${policy("9007199254740992")}}`);
    const [change] = parsePlanJson("plan.json", text).resource_changes ?? [];
    expect(toChangeView(change as ResourceChange, undefined).attributes).toEqual([
      expect.objectContaining({ before: "9007199254740993", after: "9007199254740992" }),
    ]);
  });

  test("golive's rules read such a number as its nearest double, and still flag", () => {
    const alarm = (period: string) =>
      `{"alarm_name":"api-5xx","evaluation_periods":2,"period":${period},"threshold":5,"comparison_operator":"GreaterThanThreshold"}`;
    const text = planText("aws_cloudwatch_metric_alarm", alarm("60"), alarm("100000000000000000001"));
    const [change] = parsePlanJson("plan.json", text).resource_changes ?? [];
    const view = toChangeView(change as ResourceChange, undefined);
    expect(view.attributes).toEqual([{ path: "period", before: "60", after: "100000000000000000001" }]);
    expect(riskFlags(view).map((f) => f.detail)).toContain("alarm api-5xx: fires after 120s -> 200000000000000000000s");
  });

  test("a flag quotes such a number as its attribute line shows it, every digit", () => {
    // The real alarm update of moto-alarms.ts, its threshold written with the digits Terraform keeps for a
    // number a provider does not round (the AWS provider's float64 made it 9007199254740992).
    const text = JSON.stringify(providerPlan(api)).replace('"threshold":9007199254740992', '"threshold":9007199254740993');
    const report = renderPlanReport([{ stack: "monitoring-production", file: "m.json", plan: parsePlanJson("m.json", text) }], "r.md");
    const stack = report.report.stacks[0];
    expect(stack?.changes[0]?.attributes).toContainEqual({ path: "threshold", before: "500", after: "9007199254740993" });
    expect(stack?.risks.map((r) => r.detail)).toContain("alarm api-5xx: threshold 500 -> 9007199254740993 (GreaterThanOrEqualToThreshold)");
    const role = planText(
      "aws_iam_role",
      '{"name":"app","max_session_duration":3600}',
      '{"name":"app","max_session_duration":12345678901234567891}',
    );
    const [change] = parsePlanJson("plan.json", role).resource_changes ?? [];
    expect(riskFlags(toChangeView(change as ResourceChange, undefined)).map((f) => f.detail)).toEqual([
      "role app: max_session_duration 3600 -> 12345678901234567891 seconds: its credentials, stolen or leaked, stay valid longer",
    ]);
  });

  test("a repository's rule sees a change that rounding would hide, with its digits", () => {
    const [rule] = parseRiskRules(
      "risk-rules.json",
      JSON.stringify({
        rules: [{ id: "team-input", label: "input changed", severity: "low", match: { type: "terraform_data", attribute: "input" } }],
      }),
    );
    const report = renderPlanReport([fixtureInput("tf-big-numbers.json")], "r.md", undefined, [], undefined, {
      customRules: rule ? [rule] : [],
    });
    const details = report.report.stacks[0]?.risks.filter((r) => r.rule === "team-input").map((r) => r.detail);
    expect(details).toEqual(
      expect.arrayContaining(["input: 9007199254740993 -> 9007199254740992", "input: 0.10000000000000000001 -> 0.1"]),
    );
  });

  test("a sensitive number is hidden where an unmarked copy shows it, with all its digits", () => {
    const text = `{"format_version":"1.2","resource_changes":[{"address":"terraform_data.x","mode":"managed","type":"terraform_data","name":"x",
      "change":{"actions":["update"],"before":{"input":1,"output":1},"after":{"input":12345678901234567891,"output":12345678901234567891},
      "after_unknown":{},"before_sensitive":{},"after_sensitive":{"input":true}}}]}`;
    const report = renderPlanReport([{ stack: "s", file: "s.json", plan: parsePlanJson("s.json", text) }], "r.md");
    expect(report.comment).not.toContain("12345678901234567891");
    expect(report.comment).not.toContain("12345678901234567");
  });

  test("reading: only number tokens outside strings, any depth, a __proto__ key a key, invalid JSON still refused", () => {
    const text =
      '{"s":"a:12345678901234567891","n":[12345678901234567891,1.5,"\\"12345678901234567891"],"__proto__":0.30000000000000000004}';
    const value = parseJson(text);
    expect(exactJson(value)).toBe(text);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    const deep = `${"[".repeat(20_000)}12345678901234567891${"]".repeat(20_000)}`;
    expect(exactJson(parseJson(deep))).toBe(deep);
    for (const invalid of ["[12345678901234567891", "[012345678901234567891]", '{"a":12345678901234567891x}', "[1e400.5]"])
      expect(() => parseJson(invalid)).toThrow(SyntaxError);
    // Numbers a double writes back as written stay doubles: an ordinary plan reads exactly as before.
    expect(parseJson("[100000000000000000000,1e21,0.1,-12.5,1234567.89012345]")).toEqual([1e20, 1e21, 0.1, -12.5, 1234567.89012345]);
  });
});
