import { parsePlanJson, type PlanInput, renderPlanReport } from "../../lib/engines/plan";
import { planDigest } from "../../lib/core/plan/digest";
import { compareWithReview } from "../../lib/engines/plan/compare";
import { reviewDigest } from "../../lib/engines/plan/review-digest";
import { findReviewRecord, recordLine, ReviewRecordError, reviewRecord } from "../../lib/engines/plan/review-record";
import { fixtureText, PLANTED, policyPlan } from "./fixtures";

// Real `terraform show -json` output (scripts/make-plan-fixtures.sh); each test edits a parsed copy.
type Json = Record<string, unknown>;
const real = (): Json => JSON.parse(fixtureText("tf-changes.json"));
const digestOf = (plan: Json): string => planDigest(parsePlanJson("p.json", JSON.stringify(plan))).digest;
const input = (stack: string, plan: Json): PlanInput => ({
  stack,
  file: `${stack}.json`,
  plan: parsePlanJson(stack, JSON.stringify(plan)),
});

function change(plan: Json, address: string): Json {
  const found = (plan.resource_changes as Json[]).find((rc) => rc.address === address);
  if (!found) throw new Error(`no ${address}`);
  return found.change as Json;
}

describe("plan digest of real terraform plans", () => {
  const reviewed = digestOf(real());

  test("covers every change and output change, and nothing of a plan without changes", () => {
    const d = planDigest(parsePlanJson("p.json", fixtureText("tf-changes.json")));
    expect(d.changes.map((c) => `${c.address} ${c.action}`)).toEqual([
      "output.new_output create",
      "output.release update",
      "terraform_data.create_me create",
      "terraform_data.delete_me delete",
      "terraform_data.forget_me forget",
      "terraform_data.new_name move",
      "terraform_data.replace_cbd create,delete",
      "terraform_data.replace_default delete,create",
      "terraform_data.secret_holder update",
      "terraform_data.update_me update",
    ]);
    expect(planDigest(parsePlanJson("p.json", fixtureText("tf-noop.json"))).changes).toEqual([]);
  });

  test("the same plan made again (another timestamp, prior state, order, unchanged values) has the same digest", () => {
    const again = real();
    again.timestamp = "2031-06-01T12:00:00Z";
    again.prior_state = { format_version: "1.0", values: {} };
    again.resource_changes = [...(again.resource_changes as Json[])].reverse();
    change(again, "terraform_data.update_me").before_sensitive = { input: {}, output: {}, id: false };
    expect(digestOf(again)).toBe(reviewed);
  });

  test.each([
    ["a planned value", (p: Json) => void ((change(p, "terraform_data.update_me").after as Json).input = { release: "v2", replicas: 9 })],
    ["the actions", (p: Json) => void (change(p, "terraform_data.replace_default").actions = ["create", "delete"])],
    ["a forcing attribute", (p: Json) => void (change(p, "terraform_data.replace_cbd").replace_paths = [["input"]])],
    [
      "a move's source",
      (p: Json) =>
        void ((p.resource_changes as Json[]).find((rc) => rc.address === "terraform_data.new_name")!.previous_address =
          "terraform_data.elsewhere"),
    ],
    ["an output", (p: Json) => void ((p.output_changes as Json).release = { actions: ["update"], before: "v1", after: "v3" })],
    [
      "a value before the change",
      (p: Json) => void ((change(p, "terraform_data.update_me").before as Json).input = { release: "v1", replicas: 1 }),
    ],
    ["an unchanged value (before and after alike)", (p: Json) => void forgeUnchanged(change(p, "terraform_data.update_me"))],
    [
      "Terraform's reason",
      (p: Json) =>
        void ((p.resource_changes as Json[]).find((rc) => rc.address === "terraform_data.delete_me")!.action_reason =
          "delete_because_count_index"),
    ],
    [
      "one more change",
      (p: Json) =>
        void (p.resource_changes as Json[]).push({ ...(p.resource_changes as Json[])[0], address: "terraform_data.extra", name: "extra" }),
    ],
  ])("differs when %s differs", (_, edit) => {
    const plan = real();
    edit(plan);
    expect(digestOf(plan)).not.toBe(reviewed);
  });

  test.each([
    ["an identity, no id", { identity: { id: "abc" } }],
    ["an id", { id: "abc" }],
    ["an import of unknown id", { unknown: true }],
  ])("an import (%s) never shares its digest with the plan without it, either way", (_, importing) => {
    const imports = real();
    change(imports, "terraform_data.update_me").importing = importing;
    expect(digestOf(imports)).not.toBe(reviewed);
    const pairs: [Json, Json][] = [
      [imports, real()],
      [real(), imports],
    ];
    for (const [review, deploy] of pairs) {
      const verdict = compareWithReview(reviewRecord([input("app-staging", review)], "abcdef1234567"), [input("app-staging", deploy)]);
      expect(verdict.stacks[0]).toMatchObject({ status: "differs", changed: [{ address: "terraform_data.update_me" }], added: [] });
    }
  });

  test("what an import names counts whole, in any key order", () => {
    const withImport = (importing: Json) => {
      const plan = real();
      change(plan, "terraform_data.update_me").importing = importing;
      return digestOf(plan);
    };
    const byId = withImport({ id: "abc" });
    const both = withImport({ id: "abc", identity: { id: "abc", region: "eu-west-1" } });
    expect(both).not.toBe(byId);
    expect(withImport({ identity: { region: "eu-west-1", id: "abc" }, id: "abc" })).toBe(both);
    expect(withImport({ identity: { id: "other" } })).not.toBe(withImport({ identity: { id: "abc" } }));
  });

  test("a sensitive value counts as sensitive: another new secret value is the same change (no hash of it is made)", () => {
    const plan = real();
    const secret = change(plan, "terraform_data.secret_holder");
    const setPassword = (password: string) => void ((secret.after as Json).input = { ...((secret.after as Json).input as Json), password });
    setPassword("first-new-value");
    const one = digestOf(plan);
    expect(one).not.toBe(reviewed); // a sensitive value that changes is a change (a reviewer sees "(sensitive)" change)
    setPassword("second-new-value");
    expect(digestOf(plan)).toBe(one);
    // an unreadable mark ("true") hides the value too (fails closed)
    change(plan, "terraform_data.update_me").after_sensitive = "true";
    const marked = digestOf(plan);
    (change(plan, "terraform_data.update_me").after as Json).input = { release: "v9" };
    expect(digestOf(plan)).toBe(marked);
  });
});

/** An id both sides of an update hold (unchanged): the review's risk rules read such values (names, other statements). */
function forgeUnchanged(c: Json): void {
  (c.before as Json).id = "forged-id";
  (c.after as Json).id = "forged-id";
}

describe("a plan whose review would differ never has the reviewed digest", () => {
  test('only the values before a change forged (after + " "): the flag and the policy line vanish, and the digest differs', () => {
    const reviewedPlan = policyPlan({ key: "aws_kms_key" });
    const forged = policyPlan({ key: "aws_kms_key" });
    const key = ((forged.resource_changes as Json[])[0] as Json).change as Json;
    (key.before as Json).policy = `${String((key.after as Json).policy)} `;
    const [shown, hidden] = [reviewedPlan, forged].map((p) => renderPlanReport([input("secrets-production", p)], "r.md"));
    expect(shown?.report.riskCount).toBe(1);
    expect(shown?.comment).toContain("kms:ViaService");
    expect(hidden?.report.riskCount).toBe(0);
    expect(hidden?.comment).not.toContain("kms:ViaService");
    const record = reviewRecord([input("secrets-production", forged)], "abcdef1234567");
    const verdict = compareWithReview(record, [input("secrets-production", reviewedPlan)], "abcdef1234567");
    expect(verdict.stacks[0]).toMatchObject({ status: "differs", changed: [{ address: "aws_kms_key.key" }] });
  });
});

describe("the review record in the comment", () => {
  const inputs = [input("app-staging", real())];
  const record = reviewRecord(inputs, "abcdef1234567");

  test("plan-report's comment and full report end with the record line, which reads back as the record", () => {
    const r = renderPlanReport(inputs, "r.md", undefined, [], { commit: "abcdef1234567", failedSteps: [] });
    const last = r.comment.trimEnd().split("\n").pop() ?? "";
    expect(last).toMatch(/^<!-- golive:plan-digest \{.*\} -->$/);
    expect(r.fullMarkdown.trimEnd().endsWith(last)).toBe(true);
    expect(findReviewRecord("comment.md", r.comment)).toEqual(record);
    expect(findReviewRecord("report.json", r.json)).toEqual(record);
    expect(record.stacks["app-staging"]).toMatchObject({ changes: 10, digest: reviewDigest(inputs[0]!).digest });
    for (const secret of PLANTED) expect(last).not.toContain(secret);
  });

  test("a stack name cannot end the HTML comment the record sits in", () => {
    const line = recordLine(reviewRecord([input("x--><script>", real())]));
    expect(line.indexOf("-->")).toBe(line.length - 3);
    expect(Object.keys(findReviewRecord("c.md", line)?.stacks ?? {})).toEqual(["x--><script>"]);
  });

  test("over its budget the line drops per-change hashes, largest stack first, and keeps every digest", () => {
    const big = reviewRecord([
      input("small-staging", real()),
      input("big-staging", parsePlanJsonText(fixtureText("cdktf", "edge-production.json"))),
    ]);
    const full = recordLine(big, 1_000_000);
    const cut = recordLine(big, full.length - 10);
    const read = findReviewRecord("c.md", cut);
    expect(read?.stacks["big-staging"]?.entries).toBeUndefined();
    expect(read?.stacks["big-staging"]?.flags).toBeUndefined();
    expect(read?.stacks["small-staging"]?.entries).toBeDefined();
    expect(read?.stacks["small-staging"]?.flags).toBeDefined();
    expect(read?.stacks["big-staging"]?.digest).toBe(big.stacks["big-staging"]?.digest);
  });

  test("fails on a malformed record or two records, naming the field", () => {
    expect(() => findReviewRecord("c.md", '<!-- golive:plan-digest {"v":2,"stacks":{"a":{"digest":"xyz","changes":1}}} -->')).toThrow(
      /c\.md: stacks\.a\.digest: must be a sha256 digest/,
    );
    const line = recordLine(record);
    expect(() => findReviewRecord("c.md", `${line}\n${line}`)).toThrow(ReviewRecordError);
    expect(findReviewRecord("c.md", "a comment without a record")).toBeUndefined();
  });
});

function parsePlanJsonText(text: string): Json {
  return JSON.parse(text);
}

describe("compare after merge", () => {
  const record = reviewRecord([input("app-staging", real()), input("web-staging", real())], "abcdef1234567");

  test("the same plan may be applied; a plan without changes has nothing to apply", () => {
    const noop: Json = JSON.parse(fixtureText("tf-noop.json"));
    const r = compareWithReview(record, [input("app-staging", real()), input("web-staging", noop)], "abcdef1234567890");
    expect(r.ok).toBe(true);
    expect(r.stacks.map((s) => s.status)).toEqual(["same", "no-changes"]);
  });

  test("fails on a changed plan, naming what changed, what is new and what was reviewed but is gone", () => {
    const plan = real();
    (change(plan, "terraform_data.update_me").after as Json).input = { release: "v2", replicas: 9 };
    const rcs = plan.resource_changes as Json[];
    rcs.push({ ...JSON.parse(JSON.stringify(rcs[0])), address: "terraform_data.extra", name: "extra" });
    change(plan, "terraform_data.create_me").actions = ["no-op"];
    const r = compareWithReview(record, [input("app-staging", plan)]);
    expect(r.ok).toBe(false);
    expect(r.stacks[0]).toMatchObject({
      status: "differs",
      perChange: true,
      changed: [{ address: "terraform_data.update_me" }],
      added: [{ address: "terraform_data.extra" }],
      gone: ["terraform_data.create_me"],
    });
  });

  test("fails on changes no review covers: a stack it did not plan, a review of another commit, no review", () => {
    expect(compareWithReview(record, [input("other-staging", real())]).stacks[0]?.status).toBe("not-reviewed");
    const stale = compareWithReview(record, [input("app-staging", real())], "1234567");
    expect(stale).toMatchObject({ ok: false, stale: { reviewed: "abcdef1234567", merged: "1234567" } });
    expect(compareWithReview(undefined, [input("app-staging", real())]).stacks[0]?.status).toBe("not-reviewed");
  });

  test("fails on a plan Terraform errored on, and without per-change hashes still refuses a changed stack", () => {
    const errored = { ...real(), errored: true };
    expect(compareWithReview(record, [input("app-staging", errored)]).stacks[0]?.status).toBe("errored");
    const { entries: _, ...digestOnly } = record.stacks["app-staging"] ?? { digest: "", changes: 0 };
    const plan = real();
    (change(plan, "terraform_data.update_me").after as Json).input = { replicas: 1 };
    const r = compareWithReview({ ...record, stacks: { "app-staging": digestOnly } }, [input("app-staging", plan)]);
    expect(r.stacks[0]).toMatchObject({ status: "differs", perChange: false });
  });
});
