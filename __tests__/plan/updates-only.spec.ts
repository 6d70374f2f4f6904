import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parsePlanJson } from "../../lib/engines/plan";
import { buildReport } from "../../lib/engines/plan/report";
import { beyondUpdates } from "../../lib/engines/plan/updates-only";
import { golive, tempDir } from "../helpers/cli";
import { expectNoPlanted, fixtureText } from "./fixtures";
import { setup } from "./stand-in-terraform";
import { GREEN_POOL, type GreenPool, trafficPlan } from "./traffic-plans";

const STACK = "traffic-production";
const ONLY_UPDATES = "--updates-only allows in-place updates only";

/** The line `golive <command>` prints for one refused change. */
function refusal(command: string, address: string, action: string): string {
  return `golive ${command}: ${STACK}: ${address} would be ${action}; ${ONLY_UPDATES}`;
}

/** tf-changes.json (real terraform: every action) with `edit` applied to its parsed JSON. */
function editedChanges(edit: (plan: { resource_changes: Record<string, unknown>[] }) => void): string {
  const plan: { resource_changes: Record<string, unknown>[] } = JSON.parse(fixtureText("tf-changes.json"));
  edit(plan);
  return JSON.stringify(plan);
}

function refusedIn(text: string): string[] {
  const report = buildReport([{ stack: STACK, file: "p.json", plan: parsePlanJson("p.json", text) }]);
  return beyondUpdates(report).map((b) => `${b.address} ${b.action}`);
}

describe("--updates-only: which changes a plan to apply may hold", () => {
  test("fails every create, destroy, replace (either order) and forget of a real plan; updates and moves pass", () => {
    expect(refusedIn(fixtureText("tf-changes.json"))).toEqual([
      "terraform_data.delete_me would be destroyed",
      "terraform_data.replace_cbd would be replaced",
      "terraform_data.replace_default would be replaced",
      "terraform_data.forget_me would be removed from state (forget)",
      "terraform_data.create_me would be created",
    ]);
    // tf-changes.json also updates update_me and secret_holder and moves old_name to new_name: none is named
    expect(refusedIn(fixtureText("tf-noop.json"))).toEqual([]);
  });

  test("fails an import, also one with an update; a data source read passes", () => {
    const text = editedChanges((plan) => {
      for (const rc of plan.resource_changes)
        if (rc.address === "terraform_data.update_me") rc.change = { ...(rc.change as object), importing: { id: "5e0c3801" } };
      plan.resource_changes = plan.resource_changes.filter((rc) => rc.address === "terraform_data.update_me");
      plan.resource_changes.push({
        address: "data.terraform_remote_state.edge",
        mode: "data",
        type: "terraform_remote_state",
        name: "edge",
        change: { actions: ["read"], before: null, after: { backend: "s3" }, after_unknown: { outputs: true } },
      });
    });
    expect(refusedIn(text)).toEqual(["terraform_data.update_me would be imported"]);
    // Counted as Terraform's summary counts it: "1 to import, 1 to change".
    const [stack] = buildReport([{ stack: STACK, file: "p.json", plan: parsePlanJson("p.json", text) }]).stacks;
    expect(stack?.counts).toMatchObject({ import: 1, update: 1 });
  });

  test("an action list Terraform never writes is refused, even on a moved resource (an allow-list, not a deny-list)", () => {
    const text = editedChanges((plan) => {
      plan.resource_changes = plan.resource_changes.filter((rc) => rc.previous_address !== undefined);
      for (const rc of plan.resource_changes) rc.change = { ...(rc.change as object), actions: ["delete", "forget"] };
    });
    // Refused with the plan, before --updates-only reads it (change-shapes.ts).
    expect(() => refusedIn(text)).toThrow(
      'resource_changes[0].change.actions ("terraform_data.new_name"): ["delete","forget"] is no action list',
    );
  });

  test("a rollback's plan passes: weights moved, and with --drain the bad pool disabled in place", () => {
    expect(refusedIn(trafficPlan("no-op"))).toEqual([]);
    expect(refusedIn(trafficPlan("drain"))).toEqual([]);
    expect(refusedIn(trafficPlan("replace"))).toEqual([`${GREEN_POOL} would be replaced`]);
  });
});

describe("golive plan --updates-only (with a stand-in terraform on PATH)", () => {
  /** A working directory whose stand-in terraform plans traffic-production as `green` says. */
  function traffic(green: GreenPool) {
    const s = setup("terraform", [STACK]);
    writeFileSync(join(s.cwd, ".fixtures", `${STACK}.json`), trafficPlan(green));
    const plan = (...flags: string[]) => golive(["plan", STACK, "--updates-only", ...flags], { cwd: s.cwd, env: s.env });
    const saved = () => existsSync(join(s.cwd, "cdktf.out", "stacks", STACK, "golive.tfplan"));
    return { s, plan, saved };
  }

  test("a plan of in-place updates exits as without it: 0, or 2 with --detailed-exitcode, its plan file kept", async () => {
    const t = traffic("drain");
    const plain = await t.plan();
    expect({ code: plain.code, stderr: plain.stderr }).toMatchObject({ code: 0, stderr: expect.not.stringContaining(ONLY_UPDATES) });
    expect(plain.stdout).toContain(`### \`${STACK}\`: 2 to update`);
    expect((await t.plan("--detailed-exitcode", "--keep-plan-file")).code).toBe(2);
    expect(t.saved()).toBe(true);
  });

  test("a broken --risk-rules file is found before anything is planned: no plan file to apply either", async () => {
    const t = traffic("drain");
    writeFileSync(join(t.s.cwd, "rules.json"), "{ not json");
    const run = await t.plan("--keep-plan-file", "--risk-rules", "rules.json");
    expect(run.code).toBe(1);
    expect(t.saved()).toBe(false);
    expect(run.stderr).toContain("Nothing was planned.");
  });

  test.each([
    ["replace", "replaced"],
    ["delete", "destroyed"],
    ["create", "created"],
  ] as const)("fails (exit 1) when the green pool would be %sd, naming stack, address and action", async (green, action) => {
    const t = traffic(green);
    const run = await t.plan();
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")).toContain(refusal("plan", GREEN_POOL, action));
    expect(run.stderr).toContain("golive plan: nothing may be applied: 1 change beyond in-place updates");
    // the review is still written: the plan JSON and the report
    expect(existsSync(join(t.s.cwd, "plans", `${STACK}.json`))).toBe(true);
    expect(run.stdout).toContain(`### \`${STACK}\``);
  });

  test("with --detailed-exitcode, the refusal wins (1, not 2), the report still goes to --output, no plan file is left to apply", async () => {
    const t = traffic("replace");
    const flags = ["--updates-only", "--detailed-exitcode", "--keep-plan-file", "--output", "rollback-plan.md"];
    const run = await golive(["plan", STACK, ...flags], { cwd: t.s.cwd, env: t.s.env });
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")).toContain(refusal("plan", GREEN_POOL, "replaced"));
    expect(run.stderr).toContain(`golive plan: removed the saved golive.tfplan of ${STACK}: there is nothing to apply`);
    expect(readFileSync(join(t.s.cwd, "rollback-plan.md"), "utf8")).toContain("<!-- golive:plan-report -->");
    expect(t.saved()).toBe(false);
    // the same plan without the option: planned, kept, changes present; the refusal is --updates-only's alone
    expect((await golive(["plan", STACK, "--detailed-exitcode", "--keep-plan-file"], { cwd: t.s.cwd, env: t.s.env })).code).toBe(2);
    expect(t.saved()).toBe(true);
  });

  test("--help names the option, in plan and in plan-report", async () => {
    const dir = tempDir("golive-updates-only-");
    for (const command of ["plan", "plan-report"])
      expect((await golive([command, "--help"], { cwd: dir })).stdout).toContain(
        "--updates-only          exit 1 when any plan would create",
      );
  });
});

describe("golive plan-report --updates-only (saved plans)", () => {
  function savedPlan(text: string): string {
    const dir = tempDir("golive-updates-only-");
    mkdirSync(join(dir, "plans"));
    writeFileSync(join(dir, "plans", `${STACK}.json`), text);
    return dir;
  }

  test("fails (exit 1) with one line per change beyond in-place updates, the report still printed", async () => {
    const run = await golive(["plan-report", "plans", "--updates-only"], { cwd: savedPlan(fixtureText("tf-changes.json")) });
    expect(run.code).toBe(1);
    const lines = run.stderr.split("\n").filter((l) => l.endsWith(ONLY_UPDATES));
    expect(lines).toEqual([
      refusal("plan-report", "terraform_data.delete_me", "destroyed"),
      refusal("plan-report", "terraform_data.replace_cbd", "replaced"),
      refusal("plan-report", "terraform_data.replace_default", "replaced"),
      refusal("plan-report", "terraform_data.forget_me", "removed from state (forget)"),
      refusal("plan-report", "terraform_data.create_me", "created"),
    ]);
    expect(run.stderr).toContain("golive plan-report: nothing may be applied: 5 changes beyond in-place updates");
    expect(run.stdout).toContain("<!-- golive:plan-report -->");
    expectNoPlanted(run.stdout, run.stderr);
  });

  test("an address holding a newline or a credential reaches stderr on its one line, escaped and redacted", async () => {
    const token = ["ghp", "0123456789abcdefghijklmnopqrstuvwxyzAB"].join("_"); // assembled: the file stays clean for the gate
    const text = editedChanges((plan) => {
      for (const rc of plan.resource_changes)
        if (rc.address === "terraform_data.create_me") {
          rc.index = `x\n## approved ${token}`;
          rc.address = `terraform_data.create_me["${rc.index}"]`;
        }
    });
    const run = await golive(["plan-report", "plans", "--updates-only"], { cwd: savedPlan(text) });
    const created = run.stderr.split("\n").filter((l) => l.includes("would be created"));
    expect(created).toEqual([expect.stringContaining('terraform_data.create_me["x\\n## approved ')]);
    expect(run.stderr).not.toContain(token);
  });

  test("passes (exit 0) a plan that only updates in place", async () => {
    const run = await golive(["plan-report", "plans", "--updates-only"], { cwd: savedPlan(trafficPlan("drain")) });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
  });
});
