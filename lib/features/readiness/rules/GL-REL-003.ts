import { type Finding, outcome, type RepoFile, type Rule } from "../../../platform/readiness";

/** Runbooks the handover needs, found by file name (runbooks/<name>.md) or by their first heading. */
const REQUIRED: readonly { readonly topic: string; readonly match: RegExp }[] = [
  { topic: "deploy", match: /deploy/i },
  { topic: "rollback", match: /roll-?back/i },
  { topic: "secret rotation", match: /rotat/i },
  { topic: "incident", match: /incident|outage|on-?call/i },
  { topic: "handover", match: /handover|hand-over|ownership/i },
];

/** How many of a topic's runbooks a finding names; the count covers the rest. */
const MAX_NAMED_RUNBOOKS = 3;

/** What a usable runbook holds, as CommonMark reads it (an ATX heading; a fenced code block). */
export interface RunbookShape {
  /** A heading line (`#` to `######`, a blank, text) outside a code block. */
  readonly heading: boolean;
  /**
   * A command to run: a fenced code block (``` or ~~~) with a line that is not blank, or, outside one, a
   * code span running golive, terraform or cdktf (`golive check`, `npx golive synth`, `terraform plan`).
   */
  readonly command: boolean;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}#{1,6}[ \t]+\S/;
const INLINE_COMMAND = /`(?:npx[ \t]+)?(?:golive|terraform|cdktf)[ \t]+[a-z][^`\n]*`/;

/** Whether a runbook has a heading and a command (RunbookShape), read line by line. */
export function runbookShape(text: string): RunbookShape {
  let heading = false;
  let command = false;
  let fence: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (fence !== undefined) {
      const close = FENCE.exec(line)?.[1];
      if (close !== undefined && close[0] === fence[0] && close.length >= fence.length && line.trim() === close) fence = undefined;
      else if (line.trim() !== "") command = true;
      continue;
    }
    const open = FENCE.exec(line)?.[1];
    if (open !== undefined) fence = open;
    else {
      heading ||= HEADING.test(line);
      command ||= INLINE_COMMAND.test(line);
    }
    if (heading && command) break;
  }
  return { heading, command };
}

/** What a runbook lacks, in words, or undefined when it has both. */
function lacking(shape: RunbookShape): string | undefined {
  if (shape.heading && shape.command) return undefined;
  const missing = [shape.heading ? [] : ["no Markdown heading"], shape.command ? [] : ["no command"]].flat();
  return missing.join(" and ");
}

export const runbooks: Rule = {
  id: "GL-REL-003",
  title: "Runbooks exist for deploy, rollback, secret rotation, incident and handover",
  severity: "blocker",
  row: "rollback-handover",
  scope: "repository",
  explanation:
    "At 3 a.m. the person on call did not write this system; a runbook per operation is the difference between a five-minute rollback and an hour of reading code.",
  fix: "Add runbooks/<topic>.md (deploy, rollback, secret-rotation, incident, handover), each with a heading and the commands to run: a fenced code block, or an inline `golive`, `terraform` or `cdktf` command.",
  check({ runbooks: files, runbooksFolder = "runbooks" }) {
    const usable = files.filter((f) => f.text.trim().length > 0);
    const lacks = new Map(usable.map((f) => [f, lacking(runbookShape(f.text))]));
    const shown = (f: RepoFile) => `${runbooksFolder}/${f.path.slice(f.path.lastIndexOf("/") + 1)}`;
    const findings = REQUIRED.flatMap(({ topic, match }): Finding[] => {
      const named = usable.filter((f) => match.test(f.path) || match.test(/^#\s+(.*)$/m.exec(f.text)?.[1] ?? ""));
      if (named.length === 0)
        return [{ message: `no runbook for ${topic} in ${runbooksFolder}/*.md`, location: { kind: "repo", file: runbooksFolder } }];
      const poor = named.flatMap((f) => {
        const what = lacks.get(f);
        return what === undefined ? [] : [`${shown(f)} has ${what}`];
      });
      if (poor.length < named.length) return [];
      const more = poor.length > MAX_NAMED_RUNBOOKS ? `; and ${poor.length - MAX_NAMED_RUNBOOKS} more` : "";
      return [
        {
          message: `no usable runbook for ${topic}: ${poor.slice(0, MAX_NAMED_RUNBOOKS).join("; ")}${more} (a runbook needs a heading and a command: a fenced code block, or an inline \`golive\`, \`terraform\` or \`cdktf\` command)`,
          location: { kind: "repo", file: named[0] === undefined ? runbooksFolder : shown(named[0]) },
        },
      ];
    });
    return outcome(findings);
  },
};
