import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { plain } from "../../lib/engines/plan/markdown-text";
import { fixtureText } from "./fixtures";
import { activeText } from "./markdown-check";

// GitHub renders math ($…$, $$…$$, $`…`$: github/roadmap#540) and emoji shortcodes in comments, and no
// escape stops either; a code span does.
const MATH = ["$\\text{approved}$", "$$x$$", "$`\\checkmark`$", "$5 and $6"];
const EMOJI = [":white_check_mark:", ":+1:", "LGTM:shipit:"];

describe("running text from a plan shows math and emoji shortcodes as typed", () => {
  test.each([...MATH, ...EMOJI])("plain(%j) keeps it inside a code span", (text) => {
    const out = plain(`review ${text} done`);
    expect(activeText(out)).not.toMatch(/\$|:[a-z0-9_+-]+:/i);
    expect(activeText(out)).toMatch(/^review .*done$/);
  });

  test("a risk flag's detail: an alarm named with math and an emoji renders neither", () => {
    const plan = JSON.parse(fixtureText("aws-provider", "alarm-weakened.json")) as {
      resource_changes: { change: Record<string, Record<string, unknown>> }[];
    };
    for (const rc of plan.resource_changes)
      rc.change.before = { ...rc.change.before, alarm_name: ":white_check_mark: $\\text{reviewed}$ ok" };
    const { comment } = renderPlanReport([{ stack: "m", file: "m.json", plan: parsePlanJson("m.json", JSON.stringify(plan)) }], "r.md");
    expect(comment).toContain("alarm `:white_check_mark:` `$\\text{reviewed}$` ok");
    const active = activeText(comment);
    expect(active).not.toContain(":white_check_mark:");
    expect(active).not.toContain("$");
  });
});
