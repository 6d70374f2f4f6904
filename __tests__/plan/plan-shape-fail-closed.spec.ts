import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { unknownMarkMismatch } from "../../lib/core/plan/marks";
import { parsePlanJson } from "../../lib/engines/plan";
import { golive, tempDir } from "../helpers/cli";
import { failureJson } from "../cli/failure-json";
import { fixtureText } from "./fixtures";

// Shapes Terraform never writes, each of which read as golive read a plan hid a change: an action list
// it has no meaning for (["delete", "delete"] read as a no-op), one object listed twice, an
// after_unknown mark unlike its value (the new policy hidden, its flag with it), a state given a
// resource_changes key. Each refuses the plan: one line naming the field and the resource, exit 1.

type Json = Record<string, unknown>;

function planText(changes: readonly Json[], extra: Json = {}): string {
  return JSON.stringify({ format_version: "1.2", terraform_version: "1.11.4", planned_values: {}, resource_changes: changes, ...extra });
}

/** aws_s3_bucket.logs under `actions`: destroyed, as far as its values say. */
function bucket(actions: readonly string[], address = "aws_s3_bucket.logs"): Json {
  return {
    address,
    mode: "managed",
    type: "aws_s3_bucket",
    name: address.split(".")[1],
    provider_name: "registry.terraform.io/hashicorp/aws",
    change: {
      actions,
      before: { bucket: "golive-audit-logs", force_destroy: true },
      after: actions.includes("delete") && !actions.includes("create") ? null : { bucket: "golive-audit-logs", force_destroy: true },
      after_unknown: {},
      before_sensitive: {},
      after_sensitive: actions.includes("delete") && !actions.includes("create") ? false : {},
    },
  };
}

const policy = (action: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: action, Resource: action === "*" ? "*" : "arn:aws:s3:::logs/*" }],
  });

/** aws_iam_role_policy.deploy widened from s3:GetObject to Action "*" on "*", under `afterUnknown`. */
function widenedPolicy(afterUnknown: unknown): Json {
  const change: Json = {
    actions: ["update"],
    before: { id: "deploy:app", name: "app", role: "deploy", policy: policy("s3:GetObject") },
    after: { id: "deploy:app", name: "app", role: "deploy", policy: policy("*") },
    before_sensitive: {},
    after_sensitive: {},
  };
  if (afterUnknown !== undefined) change.after_unknown = afterUnknown;
  return {
    address: "aws_iam_role_policy.deploy",
    mode: "managed",
    type: "aws_iam_role_policy",
    name: "deploy",
    provider_name: "registry.terraform.io/hashicorp/aws",
    change,
  };
}

/** The problem lines of a refused plan, or [] when it is read. */
function problems(text: string): string[] {
  try {
    parsePlanJson("p.json", text);
    return [];
  } catch (err) {
    return String(err instanceof Error ? err.message : err)
      .split("\n")
      .map((line) => line.replace(/^p\.json: /, ""));
  }
}

const EDITED = "the plan was edited, not made by terraform show -json";

async function report(text: string, ...flags: string[]) {
  const dir = tempDir("golive-plan-shape-");
  writeFileSync(join(dir, "secrets-production.json"), text);
  return golive(["plan-report", "secrets-production.json", ...flags], { cwd: dir });
}

describe("action lists Terraform never writes refuse the plan", () => {
  const never = ["delete,delete", "update,delete", "no-op,delete", "read,delete", "forget,delete", "create,create"];
  test.each(never.map((a) => [a.split(",")]))("fails on %j, naming the resource and the field", (actions) => {
    expect(problems(planText([bucket(actions)]))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^resource_changes\\[0\\]\\.change\\.actions \\("aws_s3_bucket\\.logs"\\): ${JSON.stringify(actions).replace(/[[\]]/g, "\\$&")} is no action list Terraform writes \\(\\["no-op"\\], .*\\); ${EDITED}$`,
        ),
      ),
    ]);
  });

  test("fails on an output's action list Terraform never writes", () => {
    const output = {
      actions: ["delete", "delete"],
      before: "a",
      after: null,
      after_unknown: false,
      before_sensitive: false,
      after_sensitive: false,
    };
    expect(problems(planText([], { output_changes: { endpoint: output } }))).toEqual([
      expect.stringContaining('output_changes.endpoint.actions ("output.endpoint"): ["delete","delete"] is no action list'),
    ]);
  });

  test("every list Terraform writes is read, create-then-forget included", () => {
    for (const actions of [
      ["no-op"],
      ["create"],
      ["read"],
      ["update"],
      ["delete"],
      ["forget"],
      ["delete", "create"],
      ["create", "delete"],
      ["create", "forget"],
    ])
      expect(problems(planText([bucket(actions)]))).toEqual([]);
    // A real plan of every action but read (tf-changes.sh).
    expect(problems(fixtureText("tf-changes.json"))).toEqual([]);
  });

  test('golive plan-report fails ["delete","delete"] with --updates-only --fail-on-risk: exit 1, no report', async () => {
    const dir = tempDir("golive-plan-shape-");
    writeFileSync(join(dir, "secrets-production.json"), planText([bucket(["delete", "delete"])]));
    const run = await golive(["plan-report", "secrets-production.json", "--updates-only", "--fail-on-risk"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `secrets-production.json: resource_changes[0].change.actions ("aws_s3_bucket.logs"): ["delete","delete"] is no action list Terraform writes (["no-op"], ["create"], ["read"], ["update"], ["delete"], ["forget"], ["delete","create"], ["create","delete"], ["create","forget"]); ${EDITED}\nNo report was written.\n`,
    );
  });
});

describe("one object listed twice refuses the plan", () => {
  test("fails on a delete and an update of one address, naming it and both places", async () => {
    const text = planText([bucket(["delete"]), bucket(["update"])]);
    expect(problems(text)).toEqual([
      `resource_changes[1].address ("aws_s3_bucket.logs"): listed twice (first at resource_changes[0]); Terraform lists each object once: ${EDITED}`,
    ]);
    const run = await report(text, "--json");
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: failureJson(run) });
    expect(run.stderr).toContain('resource_changes[1].address ("aws_s3_bucket.logs"): listed twice');
  });

  test("a deposed object beside its instance's current one is two objects, read", () => {
    const deposed = { ...bucket(["delete"]), deposed: "00000001" };
    expect(problems(planText([bucket(["create", "delete"]), deposed]))).toEqual([]);
    expect(problems(planText([deposed, deposed]))).toEqual([
      expect.stringContaining('resource_changes[1].address ("aws_s3_bucket.logs"): listed twice with one deposed key'),
    ]);
  });
});

describe("after_unknown not in its value's shape refuses the plan", () => {
  test("a widened inline policy with Terraform's marks is flagged, exit 1 with --fail-on-risk", async () => {
    const run = await report(planText([widenedPolicy({})]), "--fail-on-risk");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("IAM permissions widened");
    expect((await report(planText([widenedPolicy(undefined)]), "--fail-on-risk")).stdout).toContain("IAM permissions widened");
  });

  test("fails on an object marking the policy string: the change and its flag are not hidden", async () => {
    const text = planText([widenedPolicy({ policy: {} })]);
    const expected = `resource_changes[0].change.after_unknown.policy ("aws_iam_role_policy.deploy"): an object marks a string; Terraform writes after_unknown in its value's shape (true for an unknown value, an object or array mirroring a container): ${EDITED}`;
    expect(problems(text)).toEqual([expected]);
    const run = await report(text, "--fail-on-risk");
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
      code: 1,
      stdout: "",
      stderr: `secrets-production.json: ${expected}\nNo report was written.\n`,
    });
  });

  test.each([["true"], [1], [true], [null], [[]], [false]])("fails on %j as the whole resource's after_unknown", async (mark) => {
    const text = planText([widenedPolicy(mark)]);
    expect(problems(text)).toEqual([
      expect.stringMatching(
        /^resource_changes\[0\]\.change\.after_unknown \("aws_iam_role_policy\.deploy"\): (a string|a number|a boolean|null|a list), not an object /,
      ),
    ]);
    const run = await report(text, "--fail-on-risk");
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain("(known after apply)");
  });

  test("fails on a nested mark of the wrong kind, naming its path", () => {
    const rc = (after: Json, afterUnknown: Json): Json => {
      const change = widenedPolicy(afterUnknown);
      return { ...change, change: { ...(change.change as Json), after } };
    };
    expect(problems(planText([rc({ tags: { a: "b" } }, { tags: [true] })]))).toEqual([
      expect.stringContaining('after_unknown.tags ("aws_iam_role_policy.deploy"): an array marks an object;'),
    ]);
    expect(problems(planText([rc({ rules: [{ a: "x" }] }, { rules: [{ a: "true" }] })]))).toEqual([
      expect.stringContaining(
        'after_unknown.rules[0].a ("aws_iam_role_policy.deploy"): a string is no mark (Terraform writes true, false, an object or an array);',
      ),
    ]);
    expect(problems(planText([rc({ rules: [1] }, { rules: [{}] })]))).toEqual([expect.stringContaining("after_unknown.rules[0] (")]);
  });

  test("marks Terraform writes are read: containers mirroring values, true where a value is absent, null or a set's dropped element", () => {
    expect(unknownMarkMismatch({ tags: { a: "b" }, rules: [{ a: "x" }], id: null }, { tags: {}, rules: [{}], id: true })).toBeUndefined();
    expect(unknownMarkMismatch({ items: ["a"] }, { items: [false, true] })).toBeUndefined();
    // A set's unknown element dropped from `after` (older Terraform) puts `true` on a known element.
    expect(unknownMarkMismatch({ items: ["a", "b"] }, { items: [true, false] })).toBeUndefined();
    // A delete: after null, after_unknown {}.
    expect(unknownMarkMismatch(null, {})).toBeUndefined();
    // Every real plan fixture.
    for (const file of [
      "tf-changes.json",
      "tf-policies.json",
      "tf-create.json",
      "cdktf/edge-production.json",
      "aws-provider/read-during-apply-3.json",
    ])
      expect(problems(fixtureText(...file.split("/")))).toEqual([]);
  });

  test("an output's after_unknown may be one boolean; its parts must mirror the value", () => {
    const output = (after: unknown, mark: unknown) => ({
      actions: ["create"],
      before: null,
      after,
      after_unknown: mark,
      before_sensitive: false,
      after_sensitive: false,
    });
    expect(
      problems(planText([], { output_changes: { a: output(null, true), b: output("x", false), c: output({ k: null }, { k: true }) } })),
    ).toEqual([]);
    expect(problems(planText([], { output_changes: { d: output("x", "true") } }))).toEqual([
      expect.stringContaining('output_changes.d.after_unknown ("output.d"): a string is no mark'),
    ]);
    expect(problems(planText([], { output_changes: { e: output(["x"], { k: true }) } }))).toEqual([
      expect.stringContaining('output_changes.e.after_unknown ("output.e"): an object marks a list'),
    ]);
  });
});

describe("a state is refused whatever else the file holds", () => {
  test("fails on a state's values beside an empty resource_changes", () => {
    const state = JSON.stringify({ format_version: "1.0", terraform_version: "1.11.4", values: { root_module: {} }, resource_changes: [] });
    expect(problems(state)).toEqual([expect.stringMatching(/^this is a Terraform state .*not a plan: a plan has planned_values/)]);
    expect(problems(JSON.stringify({ format_version: "1.0", values: {}, output_changes: {} }))).toHaveLength(1);
  });

  test("a plan with planned_values is read", () => {
    expect(problems(JSON.stringify({ format_version: "1.2", planned_values: { root_module: {} } }))).toEqual([]);
  });
});

describe("problem lines stay one line", () => {
  test("an address with a line break is quoted, its break shown, not obeyed", () => {
    const rc = { ...bucket(["delete", "delete"]), address: 'aws_s3_bucket.logs["a\nb"]', index: "a\nb" };
    const [line] = problems(planText([rc]));
    expect(line).toContain('("aws_s3_bucket.logs[\\"a\\nb\\"]")');
    expect(line).not.toContain("\n");
  });
});
