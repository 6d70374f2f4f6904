import { displayPath } from "./display-path";

/** A word the shell takes as it is: anything else is single-quoted (POSIX sh, `'` as `'\''`). */
const PLAIN_WORD = /^[A-Za-z0-9_./@%+=:,-]+$/;

export function shellWord(word: string): string {
  return PLAIN_WORD.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The folder's `--config-dir` value as a suggested command needs it, or undefined for the default `config`. */
export function configDirArgument(configDir: string, cwd: string): string | undefined {
  const shown = displayPath(cwd, configDir);
  return shown === "config" ? undefined : shown;
}

/** ` --config-dir DIR` for a configDirArgument() value, ready to append to a suggested command; "" for the default. */
export function configDirOption(shown: string | undefined): string {
  return shown === undefined ? "" : ` --config-dir ${shellWord(shown)}`;
}

/** configDirOption() of the folder `configDir`, as seen from `cwd`. */
export function configDirSuffix(configDir: string, cwd: string): string {
  return configDirOption(configDirArgument(configDir, cwd));
}
