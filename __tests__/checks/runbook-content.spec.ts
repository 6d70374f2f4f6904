import { join } from "node:path";
import { readRunbooks } from "../../lib/engines/check/load";
import { runbookShape } from "../../lib/features/readiness/rules/GL-REL-003";
import type { RepoFile } from "../../lib/platform/readiness";
import { REPO_ROOT } from "../helpers/example-config";
import { check, exampleEnv, messages, RUNBOOKS, ruleById } from "./support";

/**
 * GL-REL-003 asks for a heading and the commands to run in each runbook the handover needs, not a file
 * of the right name: a runbook counts when it has a Markdown heading and a command (a fenced code block,
 * or an inline golive, terraform or cdktf command).
 */
const rule = ruleById("GL-REL-003");
const example = exampleEnv();
const verdict = (runbooks: readonly RepoFile[]) => messages(check(rule, example.stacks, { runbooks }));
const HOW = "(a runbook needs a heading and a command: a fenced code block, or an inline `golive`, `terraform` or `cdktf` command)";
const FENCE = "```";

describe("GL-REL-003 reads what a runbook holds", () => {
  test("fails for one file named after every topic that holds `x`: no heading, no command", () => {
    const file = "runbooks/deploy-rollback-rotate-incident-handover.md";
    expect(verdict([{ path: file, text: "x\n" }])).toEqual(
      ["deploy", "rollback", "secret rotation", "incident", "handover"].map(
        (topic) => `no usable runbook for ${topic}: ${file} has no Markdown heading and no command ${HOW}`,
      ),
    );
  });

  test("fails naming what a topic's runbook lacks: prose under a heading, or a command without one", () => {
    const runbooks = RUNBOOKS.map((r) =>
      r.path.includes("rollback")
        ? { ...r, text: "# Rollback\n\nAsk the platform team to roll back.\n" }
        : r.path.includes("deploy")
          ? { ...r, text: `${FENCE}sh\nnpx golive deploy production\n${FENCE}\n` }
          : r,
    );
    expect(verdict(runbooks)).toEqual([
      `no usable runbook for deploy: runbooks/deploy.md has no Markdown heading ${HOW}`,
      `no usable runbook for rollback: runbooks/rollback.md has no command ${HOW}`,
    ]);
  });

  test("passes when one of a topic's runbooks is usable, and names at most 3 of those that are not", () => {
    const poor = Array.from({ length: 5 }, (_, i) => ({ path: `runbooks/deploy-${i}.md`, text: `notes ${i}\n` }));
    const rest = RUNBOOKS.filter((r) => !r.path.includes("deploy"));
    expect(verdict([...poor, ...RUNBOOKS])).toEqual([]);
    expect(verdict([...poor, ...rest])).toEqual([
      `no usable runbook for deploy: runbooks/deploy-0.md has no Markdown heading and no command; runbooks/deploy-1.md has no Markdown heading and no command; runbooks/deploy-2.md has no Markdown heading and no command; and 2 more ${HOW}`,
    ]);
  });

  test("golive's own runbooks/ pass, and every one of them has a heading and a command", () => {
    const own = readRunbooks(join(REPO_ROOT, "runbooks"));
    expect(own.length).toBeGreaterThanOrEqual(5);
    expect(verdict(own)).toEqual([]);
    expect(own.filter((r) => !(runbookShape(r.text).heading && runbookShape(r.text).command)).map((r) => r.path)).toEqual([]);
  });
});

describe("runbookShape: a heading and a command, as CommonMark reads them", () => {
  test.each([
    ["an ATX heading and a fenced block", `# Deploy\n\n${FENCE}sh\nnpx golive synth\n${FENCE}\n`, true, true],
    ["a ~~~ fence, a level-3 heading indented up to 3 spaces", "   ### Steps\n~~~\nterraform plan\n~~~\n", true, true],
    [
      "an inline golive, npx golive, terraform or cdktf command",
      "## Roll back\nRun `npx golive release rollback production`.\n",
      true,
      true,
    ],
    ["inline terraform", "# T\n`terraform state list`\n", true, true],
    ["inline cdktf", "# C\n`cdktf diff`\n", true, true],
    ["the word golive in a code span is no command", "# G\nThe `golive` CLI does it.\n", true, false],
    ["another tool in a code span is no command", "# G\nSee `kubectl get pods`.\n", true, false],
    ["an empty fenced block is no command", `# E\n${FENCE}\n\n${FENCE}\n`, true, false],
    ["a # line inside a fenced block is no heading", `${FENCE}sh\n# a comment\ngolive check\n${FENCE}\n`, false, true],
    ["#tag (no blank after the #) is no heading", "#deploy\n`golive check`\n", false, true],
    ["a fence never closed still holds its command", `# U\n${FENCE}\ngolive check\n`, true, true],
    ["a shorter fence does not close a longer one", `# L\n\`\`\`\`\n${FENCE}\ngolive check\n\`\`\`\`\n`, true, true],
    ["plain text", "x\n", false, false],
  ])("%s", (_, text, heading, command) => {
    expect(runbookShape(text)).toEqual({ heading, command });
  });
});
