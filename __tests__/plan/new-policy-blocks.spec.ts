import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { tempDir, golive } from "../helpers/cli";
import { fixtureText, PLANS } from "./fixtures";

// A real plan of the AWS provider (__tests__/fixtures/plans/tf-new-policy-blocks.sh): an existing role
// gains a second inline_policy block whose second statement allows iam:PassRole on the admin role, a
// created role holds the same block, and the existing role's description, a 200-character pad, changes
// its account after the pad.
const FILE = "tf-new-policy-blocks.json";
const PASS_ROLE = [
  'policy{}.Statement.PassAdmin.Action."iam:PassRole": absent -> listed',
  'policy{}.Statement.PassAdmin.Resource."arn:aws:iam::123456789012:role/admin": absent -> listed',
  'policy{}.Statement.PassAdmin.Effect: absent -> "Allow"',
];
const TAIL_BEFORE = '-a-arn:aws:iam::123456789012:root"';
const TAIL_AFTER = '-b-arn:aws:iam::999999999999:root"';

function comment(plan = parsePlanJson(FILE, fixtureText(FILE)), stack = "access-production"): string {
  return renderPlanReport([{ stack, file: FILE, plan }], "`r.md`").comment;
}

/** The attribute lines of one change in a comment: the lines under its `~`/`+` line. */
function linesOf(md: string, address: string): string[] {
  const lines = md.split("\n");
  const start = lines.findIndex((l) => /^[~+\-!] /.test(l) && l.endsWith(` ${address}`));
  if (start < 0) throw new Error(`no attribute block for ${address}`);
  const end = lines.findIndex((l, i) => i > start && !l.startsWith("    "));
  return lines.slice(start + 1, end).map((l) => l.trim());
}

const longChange = (before: string, after: string) =>
  parsePlanJson(
    "p.json",
    JSON.stringify({
      format_version: "1.2",
      resource_changes: [
        {
          address: "aws_iam_role.app",
          mode: "managed",
          type: "aws_iam_role",
          name: "app",
          change: { actions: ["update"], before: { description: before }, after: { description: after }, after_unknown: {} },
        },
      ],
    }),
  );

describe("a policy inside a new block is shown statement by statement (real plan)", () => {
  test("a block added to an existing role shows its PassRole statement, not one line cut at 160 characters", () => {
    const lines = linesOf(comment(), "aws_iam_role.app");
    for (const leaf of PASS_ROLE) expect(lines).toContain(`inline_policy[1].${leaf}`);
    expect(lines).toContain('inline_policy[1].name: null -> "extra"');
    expect(lines.some((l) => l.startsWith("inline_policy[1]: "))).toBe(false);
  });

  test("a created role shows the statements of each of its blocks", () => {
    const lines = linesOf(comment(), "aws_iam_role.deployer[0]");
    for (const leaf of PASS_ROLE) expect(lines).toContain(`inline_policy[1].${leaf}`);
    expect(lines).toContain(
      'inline_policy[0].policy{}.Statement.ReadSecrets.Resource."arn:aws:secretsmanager:us-east-1:123456789012:secret:app/*": absent -> listed',
    );
    expect(lines.some((l) => l.startsWith("inline_policy: "))).toBe(false);
  });

  test("a new block without a JSON document is still one line", () => {
    const plan = parsePlanJson(
      "p.json",
      JSON.stringify({
        format_version: "1.2",
        resource_changes: [
          {
            address: "aws_security_group.web",
            mode: "managed",
            type: "aws_security_group",
            name: "web",
            change: {
              actions: ["update"],
              before: { ingress: [] },
              after: { ingress: [{ from_port: 443, to_port: 443, cidr_blocks: ["0.0.0.0/0"] }] },
              after_unknown: {},
            },
          },
        ],
      }),
    );
    expect(linesOf(comment(plan), "aws_security_group.web")).toEqual([
      'ingress[0]: null -> {"from_port":443,"to_port":443,"cidr_blocks":["0.0.0.0/0"]}',
    ]);
  });
});

describe("two long strings that differ past the cut never read the same", () => {
  test("the description is shown from just before its first difference, the common prefix counted (real plan)", () => {
    const line = linesOf(comment(), "aws_iam_role.app").find((l) => l.startsWith("description: "));
    expect(line).toBe(
      `description: [178 characters alike]…cdeabcdeabcdeabcdeabcde${TAIL_BEFORE} -> [178 characters alike]…cdeabcdeabcdeabcdeabcde${TAIL_AFTER}`,
    );
  });

  test("a window longer than a line is cut after the difference, as any value", () => {
    const pad = "p".repeat(300);
    const [before, after] = [`${pad}-a-${"x".repeat(400)}`, `${pad}-b-${"x".repeat(400)}`];
    const line = linesOf(comment(longChange(before, after)), "aws_iam_role.app")[0] ?? "";
    const [shownBefore, shownAfter] = line.replace(/^description: /, "").split(" -> ");
    expect(shownBefore).toMatch(/^\[278 characters alike\]…p{23}-a-x+\.\.\.$/);
    expect(shownAfter).toMatch(/^\[278 characters alike\]…p{23}-b-x+\.\.\.$/);
    expect(shownBefore?.length).toBe(160);
  });

  test("a credential after the difference is redacted before the window is taken", () => {
    const token = ["ghp", "Q7".repeat(18)].join("_");
    const pad = "p".repeat(200);
    const md = comment(longChange(`${pad}-a-${token}`, `${pad}-b-${token}`));
    const line = linesOf(md, "aws_iam_role.app")[0] ?? "";
    expect(line).toContain("-a-");
    expect(line).toContain("-b-");
    expect(md).not.toContain("Q7Q7Q7");
  });

  test("two values that differ only inside a credential say so and show none of it", () => {
    const body = "Q7".repeat(17);
    const pad = "p".repeat(200);
    const md = comment(longChange(`${pad} ${["ghp", `${body}aa`].join("_")}`, `${pad} ${["ghp", `${body}bb`].join("_")}`));
    const line = linesOf(md, "aws_iam_role.app")[0] ?? "";
    expect(line).toContain("differs from before in a redacted part");
    expect(md).not.toContain("Q7Q7Q7");
  });
});

describe("golive plan-report on the real plan", () => {
  test("Markdown and --json both show the PassRole statement and the differing tails", async () => {
    const md = await golive(["plan-report", `${PLANS}/${FILE}`], { cwd: tempDir() });
    expect(md.code).toBe(0);
    expect(md.stdout).toContain(`inline_policy[1].${PASS_ROLE[0]}`);
    expect(md.stdout).toContain(TAIL_AFTER);
    const json = await golive(["plan-report", `${PLANS}/${FILE}`, "--json"], { cwd: tempDir() });
    expect(json.code).toBe(0);
    const report: unknown = JSON.parse(json.stdout);
    const text = JSON.stringify(report);
    expect(text).toContain(
      JSON.stringify({ path: 'inline_policy[1].policy{}.Statement.PassAdmin.Action."iam:PassRole"', before: "absent", after: "listed" }),
    );
    expect(text).toContain(
      JSON.stringify({
        path: "description",
        before: `[178 characters alike]…cdeabcdeabcdeabcdeabcde${TAIL_BEFORE}`,
        after: `[178 characters alike]…cdeabcdeabcdeabcdeabcde${TAIL_AFTER}`,
      }),
    );
  });
});
