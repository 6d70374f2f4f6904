import { join } from "node:path";
import { FEATURE_STACKS } from "../../lib/features";
import { golive, tempDir } from "../helpers/cli";
import { writeSynthOutput } from "../helpers/synth-output";

/**
 * `golive stacks` selects stacks by what each declares (appliedBy, createsStateBackend,
 * stateHoldsSecrets), so the workflows ask it for "the deploy role's stacks" or "the stacks a pull
 * request may plan" and name no stack kind (.github/workflows, docs/ci.md).
 */
const dir = tempDir("golive-stacks-selectors-");
writeSynthOutput(join(dir, "cdktf.out"), Object.fromEntries(FEATURE_STACKS.map((s) => [`${s.kind}-production`, {}])));
const kinds = (holds: (s: (typeof FEATURE_STACKS)[number]) => boolean) =>
  FEATURE_STACKS.filter(holds)
    .map((s) => `${s.kind}-production\n`)
    .join("");

test("--applied-by deploy lists the stacks the deploy role applies, in deploy order", async () => {
  const run = await golive(["stacks", "production", "--applied-by", "deploy"], { cwd: dir });
  expect(run).toMatchObject({ code: 0, stderr: "" });
  expect(run.stdout).toBe(kinds((s) => s.appliedBy === "deploy"));
  expect(run.stdout).toBe("edge-production\nemail-production\nmonitoring-production\ntraffic-production\n");
});

test("--state-in-backend --state-without-secrets lists what pull requests plan; --json says what each declares", async () => {
  const run = await golive(["stacks", "--state-in-backend", "--state-without-secrets"], { cwd: dir });
  expect(run.stdout).toBe(kinds((s) => !s.createsStateBackend && !s.stateHoldsSecrets));
  const json = await golive(["stacks", "--state-in-backend", "--json"], { cwd: dir });
  const listed = JSON.parse(json.stdout) as { name: string; appliedBy: string; stateHoldsSecrets: boolean }[];
  expect(listed.map((s) => s.name).join("\n")).not.toContain("bootstrap");
  expect(listed.find((s) => s.name === "edge-production")).toMatchObject({ appliedBy: "deploy", stateHoldsSecrets: true });
  expect(listed.find((s) => s.name === "secrets-production")).toMatchObject({ appliedBy: "admin-deploy", stateHoldsSecrets: false });
});

test("fails with one line naming the roles when --applied-by names none the stacks declare", async () => {
  const run = await golive(["stacks", "--applied-by", "ci"], { cwd: dir });
  expect(run.code).toBe(2);
  expect(run.stderr).toBe(
    'golive stacks: --applied-by: got "ci", allowed: administrator, admin-deploy, deploy\nsee: golive stacks --help\n',
  );
  expect(run.stdout).toBe("");
});
