import { renderPlanReport } from "../../lib/engines/plan";
import { expectNoPlanted, fixtureInput, fixtureText, PLANTED } from "./fixtures";

// Real `terraform show -json` output of terraform_data resources (scripts/make-plan-fixtures.sh).
// Rendered once per fixture: the tests below only read the reports.
const rendered = new Map<string, ReturnType<typeof renderPlanReport>>();
function reportOf(file: string): ReturnType<typeof renderPlanReport> {
  let r = rendered.get(file);
  if (!r) {
    r = renderPlanReport([fixtureInput(file)], "full.md");
    rendered.set(file, r);
  }
  return r;
}
const changes = () => reportOf("tf-changes.json");

function changeOf(address: string) {
  const c = changes().report.stacks[0]?.changes.find((x) => x.address === address);
  if (!c) throw new Error(`no change ${address}`);
  return c;
}

describe("plan-report on real terraform_data plans", () => {
  test("the fixtures hold every action the fixture script sets up, with the planted values in the clear", () => {
    const text = fixtureText("tf-changes.json");
    for (const actions of ['"create"', '"update"', '"delete"', '"forget"', '"previous_address"']) expect(text).toContain(actions);
    expect(text).toContain(PLANTED[0]);
    expect(text).toContain(PLANTED[1]);
  });

  test("counts every action: destroy, replace both ways, forget, update, create, move", () => {
    expect(changes().report.stacks[0]?.counts).toMatchObject({
      delete: 1,
      replace: 2,
      forget: 1,
      update: 2,
      create: 1,
      move: 1,
      "no-op": 0,
    });
  });

  test("replacements carry Terraform's order and the attribute forcing them", () => {
    expect(changeOf("terraform_data.replace_cbd")).toMatchObject({
      kind: "replace",
      replaceOrder: "create-then-destroy",
      replacePaths: ["triggers_replace"],
    });
    expect(changeOf("terraform_data.replace_default")).toMatchObject({ kind: "replace", replaceOrder: "destroy-then-create" });
  });

  test("moved and forgotten resources are shown for what they are", () => {
    expect(changeOf("terraform_data.new_name")).toMatchObject({ kind: "move", previousAddress: "terraform_data.old_name" });
    expect(changeOf("terraform_data.forget_me").kind).toBe("forget");
    const md = changes().comment;
    expect(md).toContain("- `terraform_data.old_name` → `terraform_data.new_name`");
    expect(md).toMatch(/Forget\*\* \(removed from state; the object itself stays\) \(1\)\n\n- `terraform_data.forget_me`/);
  });

  test("destroys and replaces come before forgets, updates and creates", () => {
    const md = changes().comment;
    const order = ["**Destroy**", "**Replace**", "**Forget**", "**Update**", "**Create**", "**Moved**"].map((h) => md.indexOf(h));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test("no-op resources are hidden: a plan with nothing to do lists no resource", () => {
    const r = reportOf("tf-noop.json");
    expect(r.report.stacks[0]?.counts["no-op"]).toBe(7);
    expect(r.report.stacks[0]?.changes).toEqual([]);
    expect(r.comment).toContain("`tf-noop`: no changes");
    expect(r.comment).not.toContain("terraform_data.");
  });

  test("sensitive values show as (sensitive) and unknown ones as (known after apply)", () => {
    const holder = changeOf("terraform_data.secret_holder");
    expect(holder.attributes).toContainEqual({ path: "input.token", before: "null", after: "(sensitive)" });
    expect(changeOf("terraform_data.update_me").attributes).toContainEqual({
      path: "output",
      before: '{"release":"v1","replicas":2}',
      after: "(known after apply)",
    });
  });

  test("a sensitive value echoed into an attribute Terraform left unmarked is hidden too", () => {
    // terraform_data.output mirrors the sensitive input, but its before_sensitive mask is {}; its key
    // names a secret, so the known -> unknown line redacts it as a secret-named leaf is.
    expect(changeOf("terraform_data.secret_holder").attributes).toContainEqual({
      path: "output",
      before: '{"password":"(redacted)","user":"app"}',
      after: "(known after apply)",
    });
  });

  test("no planted sensitive value appears in the comment, the full report or the JSON of any fixture", () => {
    for (const file of ["tf-create.json", "tf-noop.json", "tf-changes.json"]) {
      const r = reportOf(file);
      expectNoPlanted(r.comment, r.fullMarkdown, r.json);
    }
  });

  test("output changes are listed, sensitive outputs masked", () => {
    const outputs = changes().report.stacks[0]?.outputs;
    expect(outputs).toContainEqual({ name: "release", kind: "update", before: '"v1"', after: '"v2"' });
    expect(outputs).toContainEqual({ name: "new_output", kind: "create", before: "null", after: "(known after apply)" });
    expect(outputs?.map((o) => o.name)).not.toContain("db_password"); // unchanged
    const created = reportOf("tf-create.json").report.stacks[0]?.outputs;
    expect(created).toContainEqual({ name: "db_password", kind: "create", before: "null", after: "(sensitive)" });
  });
});
