import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { finalRedaction } from "../../lib/engines/plan/final-redaction";
import { golive, tempDir } from "../helpers/cli";
import { activeText, htmlOutsideCode, renderedHtml } from "./markdown-check";

// Credential-shaped names, built at run time: an Azure connection string's key (the redaction's pattern
// runs to the next `;`, quote, blank or backslash, so a code span's closing backtick was taken with it).
const ACCOUNT_KEY = ["Account", "Key=q"].join("");
const SHARED_KEY = ["SharedAccess", "Key=q"].join("");
const APPROVAL = "<h1>✅ Security review: approved</h1> @octocat";
const LINK = "[click me](https://evil.example/x) @octocat <img src=x> **APPROVED**";

type Json = Record<string, unknown>;

function plan(fields: Json): string {
  return JSON.stringify({ format_version: "1.2", planned_values: {}, resource_changes: [], ...fields });
}

/** An aws_iam_role replaced, forced by two attributes with these names. */
function replacedRole(paths: readonly string[]): string {
  return plan({
    resource_changes: [
      {
        address: "aws_iam_role.r",
        mode: "managed",
        type: "aws_iam_role",
        name: "r",
        change: {
          actions: ["delete", "create"],
          before: { name: "r" },
          after: { name: "r2" },
          after_unknown: {},
          before_sensitive: {},
          after_sensitive: {},
          replace_paths: paths.map((p) => [p]),
        },
      },
    ],
  });
}

/** The auditor's plans: each puts a credential-shaped name in front of live Markdown. */
const PLANS: readonly [string, string][] = [
  [
    "an output named like a connection string's key",
    plan({
      output_changes: {
        [ACCOUNT_KEY]: {
          actions: ["create"],
          before: null,
          after: APPROVAL,
          after_unknown: false,
          before_sensitive: false,
          after_sensitive: false,
        },
      },
    }),
  ],
  ["replace_paths named AccountKey=", replacedRole([ACCOUNT_KEY, LINK])],
  ["replace_paths named SharedAccessKey=", replacedRole([SHARED_KEY, LINK])],
  [
    "a previous address named SharedAccessKey=",
    plan({
      resource_changes: [
        {
          address: `aws_iam_role.r["${APPROVAL}"]`,
          previous_address: SHARED_KEY,
          mode: "managed",
          type: "aws_iam_role",
          name: "r",
          index: APPROVAL,
          change: {
            actions: ["no-op"],
            before: { name: "r" },
            after: { name: "r" },
            after_unknown: {},
            before_sensitive: {},
            after_sensitive: {},
          },
        },
      ],
    }),
  ],
];

/** Fails when any of the hostile text renders as Markdown: each must stay inside a code span. */
function expectInert(markdown: string): void {
  const active = activeText(markdown);
  for (const live of ["<h1>", "@octocat", "<img", "](https://evil.example", "**APPROVED**"]) expect(active).not.toContain(live);
  const html = renderedHtml(markdown);
  if (html === undefined) return;
  const outside = htmlOutsideCode(html);
  expect(outside).not.toMatch(/<h1>|<img|<a |<strong>APPROVED/);
  expect(outside).not.toContain("@octocat");
}

describe("a credential-shaped name never takes the Markdown around it", () => {
  test.each(PLANS)("%s: the name is redacted, every code span stays closed, nothing renders live", (_, text) => {
    const { comment, fullMarkdown, json } = renderPlanReport(
      [{ stack: "stk", file: "stk.json", plan: parsePlanJson("stk.json", text) }],
      "r.md",
    );
    expectInert(comment);
    expectInert(fullMarkdown);
    for (const out of [comment, json]) {
      expect(out).not.toContain(ACCOUNT_KEY);
      expect(out).not.toContain(SHARED_KEY);
    }
    expect(comment).toContain("(redacted)");
  });

  test("plan-report's comment keeps the output's name in its code span", async () => {
    const dir = tempDir("golive-breakout-");
    writeFileSync(join(dir, "stk.json"), PLANS[0]?.[1] ?? "");
    const run = await golive(["plan-report", "stk.json"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("- `(redacted)` (create): `null` → ");
    expectInert(run.stdout);
  });

  test("the last redaction runs between Markdown's syntax characters, never over them", () => {
    const clean = finalRedaction();
    const line = `- \`${SHARED_KEY}\` <b>x</b> \`a\\|${ACCOUNT_KEY}\` | cell |`;
    const out = clean.markdown(line);
    expect(out).not.toContain(SHARED_KEY);
    expect(out).not.toContain(ACCOUNT_KEY);
    // Same syntax characters, in the same order: only text between them was replaced.
    const syntax = (s: string) => s.replace(/[^`\\|<>[\]\n]/g, "");
    expect(syntax(out)).toBe(syntax(line));
  });
});
