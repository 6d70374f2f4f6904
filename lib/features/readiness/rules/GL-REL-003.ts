import { outcome, type Rule } from "../../../platform/readiness";

/** Runbooks the handover needs, found by file name (runbooks/<name>.md) or by their first heading. */
const REQUIRED: readonly { readonly topic: string; readonly match: RegExp }[] = [
  { topic: "deploy", match: /deploy/i },
  { topic: "rollback", match: /roll-?back/i },
  { topic: "secret rotation", match: /rotat/i },
  { topic: "incident", match: /incident|outage|on-?call/i },
  { topic: "handover", match: /handover|hand-over|ownership/i },
];

export const runbooks: Rule = {
  id: "GL-REL-003",
  title: "Runbooks exist for deploy, rollback, secret rotation, incident and handover",
  severity: "blocker",
  row: "rollback-handover",
  scope: "repository",
  explanation:
    "At 3 a.m. the person on call did not write this system; a runbook per operation is the difference between a five-minute rollback and an hour of reading code.",
  fix: "Add runbooks/<topic>.md (deploy, rollback, secret-rotation, incident, handover), each with a heading and the commands to run.",
  check({ runbooks: files, runbooksFolder = "runbooks" }) {
    const usable = files.filter((f) => f.text.trim().length > 0);
    const missing = REQUIRED.filter(
      ({ match }) => !usable.some((f) => match.test(f.path) || match.test(/^#\s+(.*)$/m.exec(f.text)?.[1] ?? "")),
    );
    return outcome(
      missing.map(({ topic }) => ({
        message: `no runbook for ${topic} in ${runbooksFolder}/*.md`,
        location: { kind: "repo" as const, file: runbooksFolder },
      })),
    );
  },
};
