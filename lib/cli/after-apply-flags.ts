import { statSync } from "node:fs";
import { resolve } from "node:path";
import { overlongName } from "../core/path-safety";
import { AfterApplyValuesError, afterApplyValues, readValuesFile, readValuesStdin } from "../engines/zone/values-file";
import { type CliIo, UsageError } from "./types";

/** A path that is a pipe: `<(golive outputs email-production)` gives one (/dev/fd/63), which is never read. */
function isPipe(file: string, cwd: string): boolean {
  try {
    return statSync(resolve(cwd, file)).isFIFO();
  } catch {
    return false;
  }
}

/**
 * `--values FILE|-` and `--set NAME=V,...` of `golive zone` and `golive verify`: the stack outputs known
 * only after apply (the SES DKIM tokens). `-` reads standard input, so `golive outputs email-<env> |
 * golive zone <env> --values -` works where a process substitution cannot (a pipe is refused as a file,
 * since reading one may never end). Bad input is a usage error naming the flag.
 */
export async function afterApplyFlags(
  command: "zone" | "verify",
  file: string | undefined,
  assignment: string | undefined,
  io: CliIo,
): Promise<Map<string, string[]>> {
  // A name no file system allows, cut short: the path itself would make the message as long as it is.
  const long = file === undefined || file === "-" ? undefined : overlongName(resolve(io.cwd, file));
  if (long !== undefined) throw new UsageError(`--values: ${long}; allowed: a file holding the output of terraform output -json, or -`);
  if (file !== undefined && file !== "-" && isPipe(file, io.cwd))
    throw new UsageError(
      `--values: ${file} is a FIFO (named pipe), not a regular file, as <(...) gives; pipe the JSON to --values - instead, such as: golive outputs email-<env> | golive ${command} <env> --values -`,
    );
  try {
    const text =
      file === undefined ? undefined : file === "-" ? await readValuesStdin(io.stdin ?? process.stdin) : readValuesFile(file, io.cwd);
    return afterApplyValues({
      ...(file === undefined || text === undefined ? {} : { values: { source: file === "-" ? "standard input" : file, text } }),
      ...(assignment === undefined ? {} : { assignment }),
    });
  } catch (err) {
    if (err instanceof AfterApplyValuesError) throw new UsageError(err.message);
    throw err;
  }
}
