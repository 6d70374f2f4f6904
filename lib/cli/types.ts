import type { CliIo, ExitCode } from "./io";
import type { CommandSpec } from "./command-specs";

export { type CliIo, EXIT, type ExitCode, INTERRUPTED } from "./io";

export interface Command {
  readonly name: string;
  /** One line for the command list in `golive --help`. */
  readonly summary: string;
  /** Full usage text for `golive <command> --help`. */
  readonly usage: string;
  /** Flags and subcommands, for `golive completion` (lib/cli/command-specs.ts). */
  readonly spec?: CommandSpec;
  run(args: readonly string[], io: CliIo): Promise<ExitCode>;
}

/** Thrown for bad flags or arguments: the dispatcher prints it with the command's usage and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
