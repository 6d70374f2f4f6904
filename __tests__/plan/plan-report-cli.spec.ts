import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parsePlanJson, PlanInputError } from "../../lib/engines/plan";
import { golive, tempDir } from "../helpers/cli";
import { CDKTF_PLANS, CDKTF_SYNTH, expectNoPlanted, fixtureText, PLANS } from "./fixtures";

function workdir(): string {
  const dir = tempDir("golive-plan-report-");
  mkdirSync(join(dir, "plans"));
  cpSync(join(CDKTF_PLANS, "edge-production.json"), join(dir, "plans", "edge-production.json"));
  cpSync(join(PLANS, "tf-changes.json"), join(dir, "plans", "data-staging.json"));
  return dir;
}

describe("golive plan-report", () => {
  test("reads every plan in plans/ by default and prints one Markdown comment with the marker", async () => {
    const run = await golive(["plan-report"], { cwd: workdir() });
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith("<!-- golive:plan-report -->\n")).toBe(true);
    expect(run.stdout).toContain("### `data-staging`: 1 to destroy, 2 to replace, 1 to forget, 2 to update, 1 to create, 1 to move");
    expect(run.stdout).toContain("### `edge-production`: 5 to destroy, 11 to update, 1 to create");
    expectNoPlanted(run.stdout, run.stderr);
  });

  test("construct paths come from cdktf.out in the working directory when present, or --synth-dir", async () => {
    const dir = workdir();
    const without = await golive(["plan-report", "plans/edge-production.json"], { cwd: dir });
    expect(without.stdout).toContain(
      "_Construct paths unknown: no synthesized stack `edge-production` was found (plan-report reads them from --synth-dir, default cdktf.out)._",
    );
    const flagged = await golive(["plan-report", "plans/edge-production.json", "--synth-dir", CDKTF_SYNTH], { cwd: dir });
    expect(flagged.stdout).toContain("- `cloudflare_zone.Zone_A5DE4B68` · `edge-production/Zone/Resource`");
    cpSync(CDKTF_SYNTH, join(dir, "cdktf.out"), { recursive: true });
    const byDefault = await golive(["plan-report", "plans/edge-production.json"], { cwd: dir });
    expect(byDefault.stdout).toBe(flagged.stdout);
  });

  test("--format json (and --json) prints the machine report with counts, risks and changes", async () => {
    const dir = workdir();
    const run = await golive(["plan-report", "--format", "json"], { cwd: dir });
    expect(run.code).toBe(0);
    const json: unknown = JSON.parse(run.stdout);
    expect(json).toMatchObject({
      riskCount: 20,
      totals: { delete: 6, replace: 2 },
      stacks: [{ stack: "data-staging" }, { stack: "edge-production", counts: { delete: 5 } }],
    });
    expect((await golive(["plan-report", "--json"], { cwd: dir })).stdout).toBe(run.stdout);
    expectNoPlanted(run.stdout);
  });

  test("--output and --full-report write files atomically instead of printing", async () => {
    const dir = workdir();
    const run = await golive(["plan-report", "--output", "out/comment.md", "--full-report", "out/full.md"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(readFileSync(join(dir, "out", "comment.md"), "utf8")).toContain("<!-- golive:plan-report -->");
    expect(readFileSync(join(dir, "out", "full.md"), "utf8")).toBe(readFileSync(join(dir, "out", "comment.md"), "utf8"));
  });

  test("--fail-on-risk exits 1 when a risk flag is raised, 0 when none is", async () => {
    const dir = workdir();
    expect((await golive(["plan-report", "plans/edge-production.json", "--fail-on-risk"], { cwd: dir })).code).toBe(1);
    expect((await golive(["plan-report", "plans/data-staging.json", "--fail-on-risk"], { cwd: dir })).code).toBe(0);
  });

  test("fails with exit 1 when Terraform reported errors in a plan, and the comment says it is incomplete", async () => {
    const dir = workdir();
    const plan = JSON.parse(readFileSync(join(PLANS, "tf-changes.json"), "utf8"));
    plan.errored = true;
    writeFileSync(join(dir, "plans", "data-staging.json"), JSON.stringify(plan));
    const run = await golive(["plan-report", "plans/data-staging.json"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("Terraform reported errors while planning this stack: the plan is incomplete.");
    expect(run.stderr).toContain("Terraform reported errors in the plan of data-staging");
  });

  test("fails with exit 1, naming file and field, and writes nothing for an invalid plan", async () => {
    const dir = workdir();
    const bad = JSON.parse(readFileSync(join(PLANS, "tf-changes.json"), "utf8"));
    bad.resource_changes[2].change.actions = ["destroy"];
    delete bad.resource_changes[4].address;
    writeFileSync(join(dir, "plans", "broken-staging.json"), JSON.stringify(bad));
    const run = await golive(["plan-report", "--output", "comment.md"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'plans/broken-staging.json: resource_changes[2].change.actions[0]: got "destroy"; allowed: one of "no-op", "create"',
    );
    expect(run.stderr).toContain("plans/broken-staging.json: resource_changes[4].address:");
    expect(run.stderr).toContain("No report was written.");
    expect(existsSync(join(dir, "comment.md"))).toBe(false);
    expectNoPlanted(run.stderr);
  });

  test("fails with exit 1 on a file that is not JSON, without quoting its content", async () => {
    const dir = workdir();
    writeFileSync(join(dir, "plans", "x.json"), '{"format_version": "1.2", "secret": golive-planted-var-5e1c0a}');
    const run = await golive(["plan-report", "plans/x.json"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("plans/x.json: (root): not valid JSON");
    expectNoPlanted(run.stderr);
  });

  test("other JSON in a plan directory (a digest, notes) is skipped by name; a state file there is still refused", async () => {
    const dir = workdir();
    writeFileSync(join(dir, "plans", "notes.json"), JSON.stringify({ owner: "platform-team" }));
    writeFileSync(join(dir, "plans", "list.json"), "[1, 2]");
    const run = await golive(["plan-report"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      [
        "plan-report: skipped plans/list.json: not a plan (no format_version or resource_changes)",
        "plan-report: skipped plans/notes.json: not a plan (no format_version or resource_changes)",
        "",
      ].join("\n"),
    );
    expect(run.stdout).toContain("### `edge-production`");
    writeFileSync(join(dir, "plans", "state.json"), JSON.stringify({ format_version: "1.0", values: { root_module: {} } }));
    const state = await golive(["plan-report"], { cwd: dir });
    expect(state.code).toBe(1);
    expect(state.stderr).toContain("plans/state.json: this is a Terraform state");
  });

  test("fails when other JSON is named as a plan, or a directory holds no plan at all", async () => {
    const dir = workdir();
    writeFileSync(join(dir, "plans", "notes.json"), JSON.stringify({ owner: "platform-team" }));
    const named = await golive(["plan-report", "plans/notes.json"], { cwd: dir });
    expect(named.code).toBe(1);
    expect(named.stderr).toContain("plans/notes.json: format_version: missing; allowed: a string");
    mkdirSync(join(dir, "other"));
    writeFileSync(join(dir, "other", "notes.json"), "{}");
    const none = await golive(["plan-report", "other"], { cwd: dir });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("plan-report: no plan among the files given; nothing to report");
  });

  test("fails with usage (exit 2) for a missing file, an empty directory or a bad flag", async () => {
    const dir = workdir();
    expect((await golive(["plan-report", "nope.json"], { cwd: dir })).stderr).toContain("no such plan file or directory: nope.json");
    expect((await golive(["plan-report", "nope.json"], { cwd: dir })).code).toBe(2);
    mkdirSync(join(dir, "empty"));
    expect((await golive(["plan-report", "empty"], { cwd: dir })).code).toBe(2);
    expect((await golive(["plan-report", "--format", "html"], { cwd: dir })).code).toBe(2);
  });

  test("fails on a missing path of 100,000 characters with one short line: its start and its length, as long flag values are shown", async () => {
    const dir = workdir();
    const r = await golive(["plan-report", "a".repeat(100_000)], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe(
      `golive plan-report: no such plan file or directory: "${"a".repeat(239)}…", a value of 100,000 characters`,
    );
    expect(r.stderr.length).toBeLessThan(2000);
  });
});

describe("plan JSON validation", () => {
  const problems = (text: string): readonly string[] => {
    try {
      parsePlanJson("p.json", text);
      return [];
    } catch (err) {
      return err instanceof PlanInputError ? err.problems : [String(err)];
    }
  };

  test("fails when format_version is missing or the input is a state file, naming the field", () => {
    expect(problems("{}")).toEqual([
      'format_version: missing; allowed: a string, the plan format\'s version, such as "1.2" (terraform show -json <planfile>)',
    ]);
    expect(problems('{"format_version":"1.0","resource_changes":{}}')).toEqual([
      "resource_changes: got an object; allowed: a list, the list of resource changes",
    ]);
    // One line per problem, naming the field, what it holds and what is allowed, never zod's wording.
    expect(
      problems(
        '{"format_version":"1.2","resource_changes":[{"address":"a.b","mode":"weird","type":"a","name":"b","change":{"actions":["update"]}}]}',
      ),
    ).toEqual(['resource_changes[0].mode: got "weird"; allowed: one of "managed", "data"']);
  });

  test("fails on an empty state, which is not a plan; a plan of an empty configuration is one", () => {
    // What terraform 1.11 `show -json` prints for an empty state, and for the plan of an empty configuration.
    expect(problems('{"format_version":"1.0"}')).toEqual([
      expect.stringMatching(/^this is a Terraform state .*not a plan: a plan has planned_values/),
    ]);
    const emptyPlan =
      '{"format_version":"1.2","terraform_version":"1.11.4","planned_values":{"root_module":{}},"configuration":{"root_module":{}},"timestamp":"2026-12-02T00:16:46Z","applyable":false,"complete":true,"errored":false}';
    expect(problems(emptyPlan)).toEqual([]);
    expect(problems(fixtureText("tf-noop.json"))).toEqual([]);
  });

  test("fails on a change without actions and on a bad mode, listing every problem", () => {
    const text = JSON.stringify({
      format_version: "1.2",
      resource_changes: [{ address: "a.b", mode: "weird", type: "a", name: "b", change: { actions: [] } }],
    });
    expect(problems(text)).toEqual([
      expect.stringMatching(/^resource_changes\[0\]\.mode: /),
      "resource_changes[0].change.actions: got a list; allowed: a list of 1 or more of no-op, create, read, update, delete, forget",
    ]);
  });

  test("accepts fields it does not read (newer Terraform versions add some)", () => {
    expect(problems(JSON.stringify({ format_version: "1.2", checks: [], deferred_changes: [], resource_changes: [] }))).toEqual([]);
  });
});
