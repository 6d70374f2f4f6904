import { displayPath } from "../../core/display-path";

/** A word the shell takes as it is: anything else is single-quoted (POSIX sh, `'` as `'\''`). */
const PLAIN_WORD = /^[A-Za-z0-9_./@%+=:,-]+$/;

function shellWord(word: string): string {
  return PLAIN_WORD.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The folder's `--config-dir` value as the other commands need it, or undefined for the default `config`. */
export function configDirArgument(configDir: string, cwd: string): string | undefined {
  const shown = displayPath(cwd, configDir);
  return shown === "config" ? undefined : shown;
}

/**
 * The commands to run after init, ready to paste: `golive synth qa && golive check qa`, with
 * `--config-dir DIR` for a folder other than the default (configDirArgument): synth and check read
 * ./config unless told, and would not know the environment (exit 2).
 */
export function nextCommands(environment: string, configDir?: string): string {
  const where = configDir === undefined ? "" : ` --config-dir ${shellWord(configDir)}`;
  return `golive synth ${environment}${where} && golive check ${environment}${where}`;
}
