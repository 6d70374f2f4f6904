import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { parsePlanJson, type PlanInput, renderPlanReport } from "../../lib/engines/plan";
import { addressDisagreements } from "../../lib/core/plan/addresses";
import { planDigest } from "../../lib/core/plan/digest";
import { PlanJson, type ResourceChange } from "../../lib/core/plan/schema";
import { compareWithReview } from "../../lib/engines/plan/compare";
import { fixtureText } from "./fixtures";

// A real plan (fixtures/plans/offline/README.md): a new account in a role trust and a key policy, a
// secret's recovery window 30 -> 0, an alarm threshold 3 -> 10, the alert topic replaced, its on-call
// subscriber destroyed. Each test forges a copy the way a pull request's own job could.
type Json = Record<string, unknown>;
const STACK = "trust-widened";
const NEW_ACCOUNT = "999999999999";
const real = (): Json => JSON.parse(fixtureText("offline", "trust-widened.json"));
const changesOf = (plan: Json): Json[] => plan.resource_changes as Json[];
const isChange = (rc: Json): boolean => (rc.change as { actions: string[] }).actions.join() !== "no-op";
const input = (plan: Json): PlanInput => ({ stack: STACK, file: `${STACK}.json`, plan: parsePlanJson(STACK, JSON.stringify(plan)) });
/** The plan as zod reads it, without the address check: what the digest alone makes of a forged plan. */
const unchecked = (plan: Json) => PlanJson.parse(plan);

/** The auditor's forgery: every changed resource called a terraform_data, its address left as it is. */
function retyped(): Json {
  const plan = real();
  for (const rc of changesOf(plan)) if (isChange(rc)) rc.type = "terraform_data";
  return plan;
}

/** The real plan with a sensitive variable holding `value`: no resource change is edited. */
function withSensitiveVariable(value: unknown): Json {
  const plan = real();
  (plan.variables as Json).planted = { value };
  const root = (plan.configuration as { root_module: { variables: Json } }).root_module;
  root.variables.planted = { sensitive: true };
  return plan;
}

const flagsOf = (markdown: string): string[] => markdown.split("\n").filter((l) => l.startsWith("- **"));

describe("a plan forged to drop its risk flags is refused", () => {
  const reviewed = renderPlanReport([input(real())], "r.md");

  test("the real plan raises its 8 flags, naming the new account", () => {
    expect(reviewed.report.riskCount).toBe(8);
    expect(flagsOf(reviewed.comment).filter((l) => l.includes(NEW_ACCOUNT)).length).toBeGreaterThanOrEqual(2);
  });

  test("fails to read a plan whose addresses disagree with their types, one line per change naming the field", () => {
    const retypedIndexes = changesOf(retyped()).flatMap((rc, i) => (isChange(rc) ? [i] : []));
    expect(() => parsePlanJson("b.json", JSON.stringify(retyped()))).toThrow(
      retypedIndexes
        .map(
          (i) =>
            `b.json: resource_changes[${i}].address: disagrees with its type (Terraform writes [module_address.][data.]type.name[index])`,
        )
        .join("; the plan was edited, not made by terraform show -json\n"),
    );
  });

  test("plan-report refuses it and writes no review", async () => {
    const dir = tempDir("golive-forged-");
    mkdirSync(join(dir, "plans"));
    writeFileSync(join(dir, "plans", `${STACK}.json`), JSON.stringify(retyped()));
    const run = await golive(["plan-report", "plans", "--output", "comment.md"], { cwd: dir });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`plans/${STACK}.json: resource_changes[0].address: disagrees with its type`);
    expect(run.stdout).not.toContain("golive:plan-digest");
  });

  test("its digest differs from the real plan's, change by change, wherever the type was changed", () => {
    const forged = planDigest(unchecked(retyped()));
    const { record } = renderPlanReport([{ stack: STACK, file: "f.json", plan: unchecked(retyped()) }], "r.md");
    expect(forged.digest).not.toBe(planDigest(unchecked(real())).digest);
    const verdict = compareWithReview(record, [input(real())]).stacks[0];
    expect(verdict).toMatchObject({ status: "differs" });
    const changed = verdict?.status === "differs" ? verdict.changed.map((c) => c.address).sort() : [];
    expect(changed).toEqual(
      changesOf(real())
        .filter(isChange)
        .map((rc) => String(rc.address))
        .sort(),
    );
  });

  test.each([
    ["mode", (rc: Json) => void (rc.mode = "data")],
    ["name", (rc: Json) => void (rc.name = "other")],
    ["index", (rc: Json) => void (rc.index = 0)],
    ["module_address", (rc: Json) => void (rc.module_address = "module.app")],
    ["provider_name", (rc: Json) => void (rc.provider_name = "registry.terraform.io/example/aws")],
  ])("a change's %s is part of the digest", (_, edit) => {
    const plan = real();
    edit(changesOf(plan).find((rc) => rc.address === "aws_iam_role.deploy") as Json);
    const [was, is] = [real(), plan].map((p) => planDigest(unchecked(p)));
    expect(is?.digest).not.toBe(was?.digest);
    // A data source is no change to apply: the role leaves the digest; otherwise its own hash differs.
    const hashOf = (d: typeof was) => d?.changes.find((c) => c.address === "aws_iam_role.deploy")?.hash;
    expect(hashOf(is)).not.toBe(hashOf(was));
  });
});

describe("a resource change's address agrees with what it is made of", () => {
  const rc = (fields: Partial<ResourceChange>): ResourceChange => ({
    address: "aws_iam_role.deploy",
    mode: "managed",
    type: "aws_iam_role",
    name: "deploy",
    change: { actions: ["update"] },
    ...fields,
  });

  test.each([
    ["a root resource", {}],
    ["a data source", { address: "data.aws_iam_policy_document.trust", mode: "data", type: "aws_iam_policy_document", name: "trust" }],
    ["a counted resource", { address: "aws_iam_role.deploy[0]", index: 0 }],
    [
      "a resource in a nested module",
      { address: 'module.app["eu"].module.roles[1].aws_iam_role.deploy', module_address: 'module.app["eu"].module.roles[1]' },
    ],
    [
      "a for_each key with a quote, a backslash and a line break (HCL quoting)",
      { address: String.raw`aws_iam_role.deploy["a\"b\\c\nd"]`, index: 'a"b\\c\nd' },
    ],
    ["a for_each key with a template introducer, doubled", { address: 'aws_iam_role.deploy["$${x}"]', index: "${x}" }],
    [
      "a for_each key with an unprintable character, as \\u or as Go's \\x",
      { address: String.raw`aws_iam_role.deploy["a\u200eb\x1f"]`, index: "a\u200eb\u001f" },
    ],
  ] as [string, Partial<ResourceChange>][])("%s agrees", (_, fields) => {
    expect(addressDisagreements(rc(fields))).toEqual([]);
  });

  test.each([
    ["type", { type: "terraform_data" }],
    ["name", { name: "ci" }],
    ["mode", { mode: "data" }],
    ["index", { index: 0 }],
    ["index", { address: 'aws_iam_role.deploy["one"]', index: "two" }],
    ["index", { address: "aws_iam_role.deploy[1]", index: "1" }],
    ["module_address", { address: "module.app.aws_iam_role.deploy" }],
    ["module_address", { module_address: "module.app" }],
  ] as [string, Partial<ResourceChange>][])("fails naming the %s when it disagrees", (field, fields) => {
    expect(addressDisagreements(rc(fields))).toEqual([field]);
  });

  test("every real plan fixture agrees", () => {
    for (const file of [
      ["tf-changes.json"],
      ["tf-policies.json"],
      ["cdktf", "edge-production.json"],
      ["offline", "collapse-long-values.json"],
    ])
      expect(() => parsePlanJson(file.join("/"), fixtureText(...file))).not.toThrow();
  });
});

describe("what a review hides is part of the digest", () => {
  const reviewed = renderPlanReport([input(real())], "r.md");

  test("a sensitive variable holding the new account hides it in the flags, and the deploy refuses the changes it hid", () => {
    const forged = renderPlanReport([input(withSensitiveVariable(NEW_ACCOUNT))], "r.md");
    expect(forged.comment).not.toContain(NEW_ACCOUNT);
    expect(flagsOf(forged.comment)).toContain(
      "- **Role trust widened** · `trust-widened` · `aws_iam_role.deploy`: role opsbot-production-deploy trust: new AWS account (sensitive) in a trust or grant",
    );
    const verdict = compareWithReview(forged.record, [input(real())]).stacks[0];
    expect(verdict).toMatchObject({ status: "differs", added: [], gone: [] });
    expect(verdict?.status === "differs" ? verdict.changed.map((c) => c.address) : []).toEqual([
      "aws_iam_role.deploy",
      "aws_kms_key.secrets",
    ]);
    // The other way round too: a review that hid nothing does not cover a plan that hides the account.
    expect(compareWithReview(reviewed.record, [input(withSensitiveVariable(NEW_ACCOUNT))]).ok).toBe(false);
  });

  test("a sensitive value the review never shows changes neither the review nor the digest", () => {
    for (const value of ["golive-planted-var-unused-7c2d", 246813579]) {
      const quiet = renderPlanReport([input(withSensitiveVariable(value))], "r.md");
      expect(quiet.comment).toBe(reviewed.comment);
      expect(quiet.record).toEqual(reviewed.record);
      expect(compareWithReview(reviewed.record, [input(withSensitiveVariable(value))]).ok).toBe(true);
    }
  });

  test("a plan made with the same sensitive variable has the digest of its review", () => {
    const honest = renderPlanReport([input(withSensitiveVariable(NEW_ACCOUNT))], "r.md");
    expect(compareWithReview(honest.record, [input(withSensitiveVariable(NEW_ACCOUNT))]).ok).toBe(true);
    expect(planDigest(input(withSensitiveVariable(NEW_ACCOUNT)).plan).hidden).toEqual(new Set([NEW_ACCOUNT]));
  });

  test("another stack's secrets hide nothing in this stack's review", () => {
    const other: Json = {
      format_version: "1.2",
      variables: { account: { value: NEW_ACCOUNT } },
      configuration: { root_module: { variables: { account: { sensitive: true } } } },
      resource_changes: [],
    };
    const both = renderPlanReport(
      [{ stack: "secrets-production", file: "s.json", plan: parsePlanJson("s", JSON.stringify(other)) }, input(real())],
      "r.md",
    );
    expect(flagsOf(both.comment)).toEqual(flagsOf(reviewed.comment));
    expect(both.record.stacks[STACK]).toEqual(reviewed.record.stacks[STACK]);
  });
});
