import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { ConfigErrors } from "../../lib/config/errors";
import { buildModel, type StackInput } from "../../lib/core/readiness/model";
import { runChecks } from "../../lib/engines/check/engine";
import { renderTable } from "../../lib/engines/check/scorecard";
import type { Exemption } from "../../lib/features/readiness/schema";
import { golive, tempDir } from "../helpers/cli";
import { configErrorText, editedInput, exampleConfig, REPO_ROOT, WITHOUT_STAGING } from "../helpers/example-config";
import { writeSynthOutput } from "../helpers/synth-output";
import { addResource, blocksOf, clone, envConfig, exampleEnv, isObj, RUNBOOKS, ruleById, TODAY } from "./support";

/**
 * An exemption's `resources` must scope it: `*` and `**` once matched every resource address (addresses
 * hold no `/`) and hid every finding of a rule while the report called the exemption scoped; and
 * GL-SEC-007 (who can read secrets and state) could be exempted at all.
 */
const example = exampleEnv();

const EXEMPTION = {
  rule: "GL-SEC-006",
  reason: "the legacy key is rotated away in the next sprint (ticket OPS-42)",
  expires: "2027-01-31",
};

/** The audit's exemption: GL-SEC-007 for every resource, until far in the future. */
const AUDITED = { rule: "GL-SEC-007", reason: "temporary while we migrate roles", expires: "2099-12-31", resources: ["*"] };

/** Production's check of the example with two IAM access keys (GL-SEC-006 fails on each) and these exemptions. */
function checkedWithKeys(exemptions: Exemption[]) {
  const stacks = clone(example.stacks);
  addResource(stacks, "secrets-", "aws_iam_access_key", "Ci_Key", { user: "ci" });
  addResource(stacks, "access-", "aws_iam_access_key", "Legacy_Key", { user: "legacy" });
  const config = envConfig(example.cfg);
  const report = runChecks({
    model: buildModel(stacks),
    configs: new Map([["production", { ...config, readiness: { ...config.readiness, exemptions } }]]),
    runbooks: RUNBOOKS,
    today: TODAY,
  });
  const result = report.results.find((r) => r.rule.id === "GL-SEC-006");
  if (!result) throw new Error("no GL-SEC-006 result");
  return { report, result };
}

/** The example's stacks without the policy statements of these Sids: the audit's edit of the synth output. */
function withoutStatements(stacks: readonly StackInput[], sids: readonly string[]): { stacks: StackInput[]; removed: string[] } {
  const edited = clone(stacks);
  const removed: string[] = [];
  for (const type of ["aws_s3_bucket_policy", "aws_iam_role_policy"])
    for (const { attrs } of blocksOf(edited, type)) {
      if (typeof attrs.policy !== "string") continue;
      const policy: unknown = JSON.parse(attrs.policy);
      if (!isObj(policy) || !Array.isArray(policy.Statement)) continue;
      const kept = policy.Statement.filter((s) => !(isObj(s) && typeof s.Sid === "string" && sids.includes(s.Sid)));
      if (kept.length === policy.Statement.length) continue;
      removed.push(`${type} ${policy.Statement.length - kept.length}`);
      attrs.policy = JSON.stringify({ ...policy, Statement: kept });
    }
  return { stacks: edited, removed };
}

describe("an exemption's resource globs name a resource type or a stack", () => {
  test.each(["*", "**", "*/*", "*.*", "*_*", "*-production/*_Key", "data.*", "secrets-production"])(
    "fails on %j, which names neither, with one error naming the field",
    (glob) => {
      const text = configErrorText([[["readiness", "exemptions"], [{ ...EXEMPTION, resources: ["aws_iam_access_key.Legacy_Key", glob] }]]]);
      expect(text.split("\n")).toEqual([
        `config/production.yaml: readiness.exemptions[0].resources[1]: must start with a resource type and a dot (aws_iam_access_key.Legacy_Key) or a stack and a slash (access-production/Legacy*): a glob naming neither matches every resource; to exempt every finding of the rule, leave resources out; got ${JSON.stringify(glob)}`,
      ]);
    },
  );

  test("a glob with other characters gets only the error about its characters", () => {
    expect(configErrorText([[["readiness", "exemptions"], [{ ...EXEMPTION, resources: ["* *"] }]]]).split("\n")).toEqual([
      'config/production.yaml: readiness.exemptions[0].resources[0]: must be a resource address or a construct-path glob (letters, digits, _ . - / and *); got "* *"',
    ]);
  });

  test("accepts addresses and globs that start with a resource type and a dot or a stack and a slash", () => {
    const resources = [
      "aws_iam_access_key.Legacy_Key",
      "aws_iam_access_key.*",
      "data.aws_iam_policy_document.Trust",
      "access-production/Legacy*",
      "edge-production/**",
    ];
    expect(exampleConfig([[["readiness", "exemptions"], [{ ...EXEMPTION, resources }]]]).readiness?.exemptions[0]?.resources).toEqual(
      resources,
    );
  });
});

describe("an exemption whose globs match every resource of the environment is reported as unscoped", () => {
  const everyStack = example.stacks.map((s) => `${s.name}/**`);

  test("a list of every stack's construct paths hides every finding: exempt, and the table says unscoped", () => {
    const { report, result } = checkedWithKeys([{ ...EXEMPTION, resources: everyStack }]);
    expect(result.status).toBe("exempt");
    expect(result.exemption).toMatchObject({ unscoped: true, exempted: 2 });
    expect(renderTable(report)).toContain(`  exempt until 2027-01-31 (unscoped: every finding of the rule): ${EXEMPTION.reason}`);
  });

  test("** (refused by the schema) is unscoped too when an exemption reaches the engine", () => {
    expect(checkedWithKeys([{ ...EXEMPTION, resources: ["**"] }]).result.exemption).toMatchObject({ unscoped: true, exempted: 2 });
  });

  test("a resource type covering both findings is scoped: it does not match every resource", () => {
    const { report, result } = checkedWithKeys([{ ...EXEMPTION, resources: ["aws_iam_access_key.*"] }]);
    expect(result.status).toBe("exempt");
    expect(result.exemption).toMatchObject({ unscoped: false, exempted: 2 });
    expect(renderTable(report)).toContain(`  exempt until 2027-01-31: ${EXEMPTION.reason}`);
  });

  test("with a scoped and an unscoped exemption both used, the result reports the unscoped one", () => {
    const broad = { ...EXEMPTION, reason: "every stack, until the keys are gone", resources: everyStack };
    const { result } = checkedWithKeys([broad, { ...EXEMPTION, resources: ["aws_iam_access_key.Legacy_Key"] }]);
    expect(result.status).toBe("exempt");
    expect(result.exemption).toEqual({ reason: broad.reason, expires: broad.expires, unscoped: true, exempted: 2 });
  });
});

describe("rules that cannot be exempted", () => {
  test("GL-SEC-007 (who can read secrets and state) cannot be exempted, as the GL-READY rules", () => {
    expect(["GL-SEC-007", "GL-READY-001", "GL-READY-002", "GL-READY-003"].map((id) => ruleById(id).exemptable)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  test("fails the check naming each exemption of a rule that cannot be exempted, all at once", () => {
    const config = envConfig(example.cfg);
    const exemptions = [EXEMPTION, { ...AUDITED, resources: ["aws_s3_bucket.State_*"] }, { ...EXEMPTION, rule: "GL-READY-001" }];
    const run = () =>
      runChecks({
        model: buildModel(example.stacks),
        configs: new Map([["production", { ...config, readiness: { ...config.readiness, exemptions } }]]),
        runbooks: RUNBOOKS,
        today: TODAY,
      });
    expect(run).toThrow(ConfigErrors);
    const allowed = "(rules that cannot be exempted: GL-READY-001, GL-READY-002, GL-READY-003, GL-SEC-007)";
    expect(run).toThrow(
      [
        `config/production.yaml: readiness.exemptions[1].rule: GL-SEC-007 cannot be exempted; fix what it reports and remove this exemption ${allowed}`,
        `config/production.yaml: readiness.exemptions[2].rule: GL-READY-001 cannot be exempted; fix what it reports and remove this exemption ${allowed}`,
      ].join("\n"),
    );
  });
});

describe("golive check on the audit's repro: a pull request can read edge state, and an exemption would hide it", () => {
  // The example's output with the statements that keep pull requests to secret-free state removed.
  const edited = withoutStatements(example.stacks, ["PullRequestPlansSecretFreeStateOnly", "NoObjectsButSecretFreeState"]);
  let dir = "";
  let out = "";
  beforeAll(() => {
    dir = tempDir("golive-exemption-scope-");
    out = join(dir, "cdktf.out");
    writeSynthOutput(out, Object.fromEntries(edited.stacks.map((s) => [s.name, s.json])));
    // The repository's runbooks, so that without the fix nothing but the exemption decides the verdict.
    cpSync(join(REPO_ROOT, "runbooks"), join(dir, "runbooks"), { recursive: true });
    mkdirSync(join(dir, "config"));
  });
  const writeConfig = (exemptions: readonly object[]) =>
    writeFileSync(
      join(dir, "config", "production.yaml"),
      stringify(editedInput([WITHOUT_STAGING, [["readiness", "exemptions"], exemptions]])),
    );

  test("the edit removed one statement from the bucket policy and one from the plan role's policy", () => {
    expect(edited.removed).toEqual(["aws_s3_bucket_policy 1", "aws_iam_role_policy 1"]);
  });

  test('check refuses resources: ["*"] in one line naming the field, and writes no report', async () => {
    writeConfig([AUDITED]);
    const run = await golive(["check", "production", "--dir", out, "--today", TODAY], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      /^config\/production\.yaml: readiness\.exemptions\[0\]\.resources\[0\]: must start with a resource type .*; got "\*"\n$/,
    );
  });

  test("an exemption of GL-SEC-007 with a scoped glob is refused too, naming the rule field", async () => {
    writeConfig([{ ...AUDITED, resources: ["aws_s3_bucket.State_*"] }]);
    const run = await golive(["check", "production", "--dir", out, "--today", TODAY], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^config\/production\.yaml: readiness\.exemptions\[0\]\.rule: GL-SEC-007 cannot be exempted; .*\n$/);
  });
});
