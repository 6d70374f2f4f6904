import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { finalRedaction } from "../../lib/engines/plan/final-redaction";
import { joinedLength, joinLines } from "../../lib/engines/plan/markdown-blocks";
import { commentFor, summaryComment } from "../../lib/engines/plan/limit";
import { markdownLines, renderMarkdown } from "../../lib/engines/plan/render-markdown";
import { buildReport } from "../../lib/engines/plan/report";
import { flaggedPlan } from "../../lib/engines/plan/synthetic-plan";

// A summary is made from the full report's length alone, so the full Markdown (76 million characters for
// 250,000 flags) is not held while the summaries render (index.ts; bench: plan-report.bench.ts).
// 80 flags: about 23,600 characters, the fewest that pass LIMIT with room, so the comment is a summary.
const input = { stack: "edge-flags", file: "flags.json", plan: parsePlanJson("flags.json", JSON.stringify(flaggedPlan(80))) };
const LIMIT = 20_000;
/** Built once, on first use (inside the tests, so the CPU log counts it): rendering never changes a report. */
let built: ReturnType<typeof buildReport> | undefined;
const theReport = () => {
  built ??= buildReport([input]);
  return built;
};

describe("a comment cut to a summary needs only the full report's length", () => {
  test("the summary told the full report's length is the summary of the full report", () => {
    const report = theReport();
    const full = renderMarkdown(report);
    expect(full.length).toBeGreaterThan(LIMIT);
    const summary = summaryComment(report, "r.md", LIMIT, full.length);
    expect(summary).toEqual(commentFor(report, "r.md", LIMIT, full));
    expect(summary.markdown).toContain(`The full report is ${full.length.toLocaleString("en-US")} characters`);
  });

  test("the comment is the same whether the full report is read before it, after it or not at all", () => {
    const first = renderPlanReport([input], "r.md", LIMIT);
    const comment = first.comment;
    expect(first.summarized).toBe(true);
    const second = renderPlanReport([input], "r.md", LIMIT);
    const full = second.fullMarkdown;
    expect(second.comment).toBe(comment);
    expect(first.fullMarkdown).toBe(full);
    // The full report is its Markdown, then a line joining the digest line.
    const markdown = full.slice(0, full.lastIndexOf("\n", full.length - 2));
    expect(comment).toContain(`The full report is ${markdown.length.toLocaleString("en-US")} characters`);
  });
});

describe("the last redaction of a Markdown report, run by run", () => {
  const clean = finalRedaction();
  test("text between syntax characters is redacted, the syntax kept", () => {
    const token = `ghp_${"a1B2c3D4e5".repeat(3)}abcdef`;
    const md = `| \`${token}\` | x ${token}\n- [${token}](u) <b>${token}</b>`;
    const out = clean.markdown(md);
    expect(out).not.toContain(token);
    expect(
      out
        .split("")
        .filter((c) => "`|[]<>\n".includes(c))
        .join(""),
    ).toBe(
      md
        .split("")
        .filter((c) => "`|[]<>\n".includes(c))
        .join(""),
    );
  });

  test("a report without credential shapes is returned unchanged", () => {
    const md = "## golive plan review\n\n| `a` | b |\n- **flag** · `edge` · `aws_s3_bucket.x`: text\n";
    expect(clean.markdown(md)).toBe(md);
  });
});

describe("a report's length is measured on its lines, never joined", () => {
  const token = `ghp_${"a1B2c3D4e5".repeat(3)}abcdef`;
  const cases: readonly (readonly string[])[] = [
    [],
    ["", "  ", ""],
    ["# a", "", "b  ", " \n ", ""],
    ["- `x`", `text ${token} more`, `| \\"v=spf1 ${token.slice(0, 20)}\\" \\"${token.slice(20)}\\" |`, `last ${token}   `, "   "],
  ];
  test.each(cases.map((lines) => [lines]))("the length of joinLines(%j), redacted, without joining", (lines) => {
    const clean = finalRedaction();
    expect(joinedLength(lines)).toBe(joinLines(lines).length);
    expect(joinedLength(lines, clean.markdown)).toBe(clean.markdown(joinLines(lines)).length);
  });

  test("a rendered report's lines measure what it renders to", () => {
    const report = theReport();
    expect(joinedLength(markdownLines(report))).toBe(renderMarkdown(report).length);
  });
});
