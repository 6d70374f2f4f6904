import { existsSync } from "node:fs";
import { join } from "node:path";
import { ConfigErrors } from "../../lib/config/errors";
import { buildModel } from "../../lib/core/readiness/model";
import { runChecks } from "../../lib/engines/check/engine";
import { exemptionLifetimeIssues, MAX_EXEMPTION_DAYS } from "../../lib/engines/check/exemptions";
import { golive } from "../helpers/cli";
import { editedInput, WITHOUT_STAGING } from "../helpers/example-config";
import { envConfig, exampleEnv, RUNBOOKS, workspace } from "./support";

/**
 * An exemption is a dated promise (GL-READY-001), so it may run at most MAX_EXEMPTION_DAYS past the day
 * check judges (--today): `expires: "9999-12-31"` was a permanent waiver, reported as "1 exempt".
 */
const DAY = "2026-12-01";
const exemption = (expires: string) => ({ rule: "GL-EDGE-008", reason: "the chat path is rate limited by the app until Q1", expires });
const REFUSAL =
  "readiness.exemptions[0].expires: 9999-12-31 is more than 90 days after 2026-12-01; allowed: a date up to 2027-03-01 (renew it then, with an updated reason)";

describe("an exemption runs at most MAX_EXEMPTION_DAYS past --today", () => {
  test("up to today + 90 days passes (through its last day, and expired ones: GL-READY-001 reports those); a day more is refused", () => {
    expect(MAX_EXEMPTION_DAYS).toBe(90);
    const issues = (expires: string, today = DAY) => exemptionLifetimeIssues({ exemptions: [exemption(expires)] }, today);
    for (const expires of ["2027-03-01", DAY, "2026-01-01"]) expect(issues(expires)).toEqual([]);
    expect(issues("2027-03-02")).toEqual([
      {
        path: ["readiness", "exemptions", 0, "expires"],
        message:
          "2027-03-02 is more than 90 days after 2026-12-01; allowed: a date up to 2027-03-01 (renew it then, with an updated reason)",
      },
    ]);
  });

  test("an exemption accepted once stays accepted as the days pass: the bound moves with --today", () => {
    const accepted = { exemptions: [exemption("2027-03-01")] };
    for (const today of [DAY, "2027-01-15", "2027-03-01", "2027-06-30"]) expect(exemptionLifetimeIssues(accepted, today)).toEqual([]);
  });

  test("fails the check in process with one line per field, every exemption at once", () => {
    const example = exampleEnv();
    const config = envConfig(example.cfg);
    const exemptions = [exemption("9999-12-31"), exemption("2027-01-31"), { ...exemption("2027-03-02"), rule: "GL-SEC-006" }];
    const run = () =>
      runChecks({
        model: buildModel(example.stacks),
        configs: new Map([["production", { ...config, readiness: { ...config.readiness, exemptions } }]]),
        runbooks: RUNBOOKS,
        today: DAY,
      });
    expect(run).toThrow(ConfigErrors);
    expect(run).toThrow(
      [
        `config/production.yaml: ${REFUSAL}`,
        "config/production.yaml: readiness.exemptions[2].expires: 2027-03-02 is more than 90 days after 2026-12-01; allowed: a date up to 2027-03-01 (renew it then, with an updated reason)",
      ].join("\n"),
    );
  });

  test("golive check refuses expires 9999-12-31 in one line naming the field, exit 1, nothing synthesized or written", async () => {
    const dir = workspace({ production: editedInput([WITHOUT_STAGING, [["readiness", "exemptions"], [exemption("9999-12-31")]]]) });
    const run = await golive(["check", "--today", DAY, "--output", "check.txt"], { cwd: dir });
    expect(run).toEqual({ code: 1, stdout: "", stderr: `config/production.yaml: ${REFUSAL}\n` });
    expect(existsSync(join(dir, "cdktf.out"))).toBe(false);
    expect(existsSync(join(dir, "check.txt"))).toBe(false);
  });
});
