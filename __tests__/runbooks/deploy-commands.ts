import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/example-config";

export const RUNBOOKS_DIR = join(REPO_ROOT, "runbooks");

/** Every runbook's file name and text. */
export function runbookTexts(): { file: string; text: string }[] {
  return readdirSync(RUNBOOKS_DIR)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(RUNBOOKS_DIR, file), "utf8") }));
}

/** One `cdktf deploy` command as written: its stacks, its flags and where it stands. */
export interface DeployCommand {
  readonly line: number;
  readonly stacks: readonly string[];
  readonly flags: readonly string[];
  /** The text of the command's line. */
  readonly text: string;
}

/**
 * The `cdktf deploy` commands of a text, in code blocks, inline code or a printed hint: the words after
 * `cdktf deploy` up to the end of the code span, a shell separator, a comment, a comma or a closing parenthesis.
 * A bare `cdktf deploy` (prose about the command) names no stack.
 */
export function deployCommands(text: string): DeployCommand[] {
  return text.split("\n").flatMap((lineText, i) =>
    [...lineText.matchAll(/cdktf deploy((?: +[^\s`;&|#),]+)*)/g)].map((m) => {
      const words = (m[1] ?? "").trim().split(/\s+/).filter(Boolean);
      return {
        line: i + 1,
        stacks: words.filter((w) => !w.startsWith("-")),
        flags: words.filter((w) => w.startsWith("-")),
        text: lineText,
      };
    }),
  );
}

/** `monitoring-production` -> `monitoring`; a placeholder such as `traffic-<env>` keeps its kind too. */
export const kindOf = (stack: string): string => stack.replace(/-.*$/, "");
