import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readsAsGoliveReport, writtenByGolive } from "../../lib/core/golive-output";
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
import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";

const recognised = readsAsGoliveReport;
const PLAN_FIXTURE = join(REPO_ROOT, "__tests__", "fixtures", "plans", "tf-changes.json");

/** check's report for an empty model, with a blocker (no runbooks) and, `skip`, a skipped rule. */
function checkFormats(skip: readonly string[]): Record<string, string> {
  const report = runChecks({ model: buildModel([]), configs: new Map(), runbooks: [], today: "2026-12-01", skip: [...skip] });
  return {
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
}

/** plan-report's files for the fixture plan: the comment, --full-report, --json and --digest. */
function planReportFormats(): Record<string, string> {
  const rendered = renderPlanReport(
    [{ stack: "tf-changes", file: PLAN_FIXTURE, plan: parsePlanJson(PLAN_FIXTURE, readFileSync(PLAN_FIXTURE, "utf8")) }],
    "r.md",
  );
  return {
    comment: rendered.comment,
    "full report": rendered.fullMarkdown,
    json: rendered.json,
    digest: `${JSON.stringify(rendered.record, null, 2)}\n`,
  };
}

/**
 * A flag replaces an existing file only when golive wrote it (lib/core/golive-output.ts): every format
 * golive writes must be recognised, or CI's next run would be refused; nothing else may be.
 */
describe("golive recognises every report it writes, and nothing else", () => {
  test("every check format (table, compact, json, sarif, junit), with and without skipped rules", () => {
    for (const skip of [[], ["GL-SEC-001"]])
      for (const [format, text] of Object.entries(checkFormats(skip)))
        expect({ format, recognised: recognised(text) }).toEqual({ format, recognised: true });
  });

  test("every plan-report file (the comment, the full report, JSON, the digest), and the comment CI signed", () => {
    const formats = planReportFormats();
    // scripts/ci/signature.ts adds the flags line and the signature after the digest line, in place.
    const signed = `${formats.comment}<!-- golive:plan-flags {"v":1} -->\n<!-- golive:plan-digest-hmac sha256:${"0".repeat(64)} -->\n`;
    for (const [format, text] of Object.entries({ ...formats, "signed comment": signed }))
      expect({ format, recognised: recognised(text) }).toEqual({ format, recognised: true });
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
    ["Terraform's plan (terraform show -json)", readFileSync(PLAN_FIXTURE, "utf8")],
    ["notes ending with a pasted verdict line", "# Launch log (hand-written)\n…notes…\nNOT READY: 6 blocker(s), 0 warning(s), 0 exempt\n"],
    ["a pasted verdict line alone, without its line break", "READY: 0 blocker(s), 0 warning(s), 0 exempt"],
  ])("fails to take %s for a report of golive's", (_name, text) => {
    expect(recognised(text)).toBe(false);
  });

  test("fails to take one of golive's reports with notes before or after it for golive's", () => {
    const notes = "my notes: ask Sam about the rollback\n";
    const reports = {
      ...checkFormats(["GL-SEC-001"]),
      ...planReportFormats(),
      failure: failureRecord({ stack: "e", step: "plan", message: "x" }),
    };
    const taken: string[] = [];
    for (const [format, text] of Object.entries(reports))
      for (const [where, edited] of Object.entries({ before: `${notes}${text}`, after: `${text}${notes}` }))
        if (recognised(edited)) taken.push(`${format}, notes ${where}`);
    expect(taken).toEqual([]);
  });

  test("fails to take a compact report with a line of notes among its rules for golive's", () => {
    const { compact } = checkFormats(["GL-SEC-001"]);
    expect(recognised(compact as string)).toBe(true);
    expect(recognised(`note: the WAF blocker is waived\n${compact}`)).toBe(false);
    const amongRules = (compact as string).replace(/\n(?=(?:NOT )?READY: )/, "\nnote: the WAF blocker is waived\n");
    expect(amongRules).toContain("\nnote: ");
    expect(recognised(amongRules)).toBe(false);
  });

  test("fails to take JSON with golive's keys and one more, or a JSON report cut short, for golive's", () => {
    const { json, sarif } = checkFormats([]);
    const withMore = JSON.parse(json as string) as Record<string, unknown>;
    expect(recognised(`${JSON.stringify({ ...withMore, notes: "mine" }, null, 2)}\n`)).toBe(false);
    expect(recognised((sarif as string).slice(0, -40))).toBe(false);
    const otherTool = (sarif as string).replace('"name": "golive check"', '"name": "eslint"');
    expect(otherTool).not.toBe(sarif);
    expect(recognised(otherTool)).toBe(false);
  });
});
