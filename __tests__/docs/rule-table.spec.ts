import { readFileSync } from "node:fs";
import { RULES } from "../../lib/engines/check/rules";
import { RULE_TABLE_PAGE, ruleTable, withRuleTable } from "../../scripts/write-rule-table";

describe("docs/readiness.md rule table", () => {
  const page = readFileSync(RULE_TABLE_PAGE, "utf8");

  test("is what the rule registry generates (run: node -r ./lib/runtime/register-ts.js scripts/write-rule-table.ts)", () => {
    expect(page).toBe(withRuleTable(page));
  });

  test("has one row per registered rule with its id, title, severity and checklist row", () => {
    const table = ruleTable();
    expect(table.split("\n").length).toBe(RULES.length + 2);
    for (const r of RULES) expect(table).toContain(`| ${r.id} | ${r.title.replace(/\|/g, "\\|")} | ${r.severity} |`);
  });

  test("fails a page whose table is stale, and one without the markers", () => {
    expect(withRuleTable(page, RULES.slice(1))).not.toBe(page);
    expect(() => withRuleTable("# no markers\n")).toThrow(/markers/);
  });
});
