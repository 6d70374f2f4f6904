import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readsLikeGoliveOutput, writtenByGolive } from "../../lib/core/golive-output";
import { recordWritten } from "../../lib/core/written-record";
import { PLAN_FILE } from "../../lib/engines/plan/runner/plan-stacks";
import { RUN_FILES } from "../../lib/engines/synth/output-layout";
import { tempDir } from "../helpers/cli";
import { renderCompact } from "../../lib/engines/check/compact";
import { runChecks } from "../../lib/engines/check/engine";
import { toJunit } from "../../lib/engines/check/junit";
import { toSarif } from "../../lib/engines/check/sarif";
import { renderTable, toJson } from "../../lib/engines/check/scorecard";
import { buildModel } from "../../lib/core/readiness/model";
import { failureRecord } from "../../lib/engines/plan/runner/files";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";

const recognised = (text: string) => readsLikeGoliveOutput(text.slice(0, 4096), text.slice(-4096));

/**
 * A flag replaces an existing file only when golive wrote it (lib/core/golive-output.ts): every format
 * golive writes must be recognised, or CI's next run would be refused; nothing else may be.
 */
describe("golive recognises every report it writes, and nothing else", () => {
  test("every check format (table, compact, json, sarif, junit), with and without skipped rules", () => {
    for (const skip of [[], ["GL-SEC-001"]]) {
      const report = runChecks({ model: buildModel([]), configs: new Map(), runbooks: [], today: "2026-12-01", skip });
      const formats = {
        table: renderTable(report),
        compact: renderCompact(report),
        json: `${JSON.stringify(toJson(report), null, 2)}\n`,
        sarif: `${JSON.stringify(
          toSarif(report, () => undefined),
          null,
          2,
        )}\n`,
        junit: toJunit(report),
      };
      for (const [format, text] of Object.entries(formats))
        expect({ format, recognised: recognised(text) }).toEqual({ format, recognised: true });
    }
  });

  test("the binary plan golive plan --keep-plan-file leaves in a stack folder is in the synth output layout: synth accepts it there", () => {
    expect(RUN_FILES).toContain(PLAN_FILE);
  });

  test("plan's record of a stack that could not be planned", () => {
    expect(recognised(failureRecord({ stack: "edge-production", step: "plan", message: "Error: x" }))).toBe(true);
  });

  test("a plan golive saved (Terraform's JSON) is golive's only while the record beside it proves it, byte for byte", () => {
    const dir = tempDir("golive-recorded-");
    const plan = readFileSync(join(REPO_ROOT, "__tests__", "fixtures", "plans", "tf-changes.json"), "utf8");
    const saved = join(dir, "edge-production.json");
    writeFileSync(saved, plan);
    writeFileSync(join(dir, "by-hand.json"), plan);
    expect(writtenByGolive(saved)).toBe(false);
    recordWritten(saved, plan);
    expect(writtenByGolive(saved)).toBe(true);
    expect(writtenByGolive(join(dir, "by-hand.json"))).toBe(false);
    writeFileSync(saved, `${plan} `);
    expect(writtenByGolive(saved)).toBe(false);
  });

  test.each([
    ["a config", readFileSync(join(EXAMPLE_CONFIG_DIR, "production.yaml"), "utf8")],
    ["package.json", readFileSync(join(REPO_ROOT, "package.json"), "utf8")],
    ["the README", readFileSync(join(REPO_ROOT, "README.md"), "utf8")],
    ["git's HEAD", "ref: refs/heads/main\n"],
    ["a Markdown file mentioning golive", "# notes\n<!-- golive: not at the start -->\n"],
    ["JSON with other keys", '{\n  "today": "x",\n  "v": 2\n}\n'],
    ["Terraform's state (terraform show -json)", '{"format_version":"1.0","terraform_version":"1.11.4","values":{}}\n'],
    ["Terraform's plan (terraform show -json)", readFileSync(join(REPO_ROOT, "__tests__", "fixtures", "plans", "tf-changes.json"), "utf8")],
  ])("fails to take %s for a report of golive's", (_name, text) => {
    expect(recognised(text)).toBe(false);
  });
});
