import { type ConfigIssue, formatPath, quotedKey } from "../core/issues";
import { redact } from "../core/redact";
import { shownFile } from "../core/shown-file";
import { shownKey } from "../core/shown-input";

/**
 * Every problem in one or more config files; the message lists them all, one per line. Messages quote
 * what was given, so credential-shaped values (a key pasted into the wrong field) are masked before
 * anything can print them, and a key that is no config key (a line of a file that is not a config)
 * is named by a short prefix only (core/shown-input.ts).
 */
export class ConfigError extends Error {
  /** Each issue as the message shows it, without the file: `<path>: <message>`. */
  readonly lines: readonly string[];

  constructor(
    readonly file: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    const lines = issues.map((i) => `${shownPath(i.path)}: ${redact(i.message)}`);
    super(lines.map((line) => `${shownFile(file)}: ${line}`).join("\n"));
    this.lines = lines;
    this.name = "ConfigError";
  }
}

/** Several files' errors reported together, so one run shows everything to fix. */
export class ConfigErrors extends Error {
  constructor(readonly errors: readonly ConfigError[]) {
    super(errors.map((e) => e.message).join("\n"));
    this.name = "ConfigErrors";
  }
}

/** An issue's path with every key as errors may show it. */
function shownPath(path: ConfigIssue["path"]): string {
  // A key cut short by shownKey is shown as it says, not quoted again.
  return formatPath(path, (key) => {
    const shown = shownKey(key);
    return shown === key ? quotedKey(key) : shown;
  });
}
