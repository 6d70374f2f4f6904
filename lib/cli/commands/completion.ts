import { shownValue } from "../../core/shown-value";
import { parseArgs } from "../args";
import { COMMAND_SPECS } from "../command-specs";
import { BASH_INSTALL, bashCompletion, WRAPPER_FUNCTION, ZSH_INSTALL, zshCompletion } from "../completion-script";
import { type Command, EXIT, UsageError } from "../types";
import { COMMANDS } from "./index";

const SHELLS = COMMAND_SPECS.completion.subcommands;

export const completionCommand: Command = {
  name: "completion",
  summary: "Print a bash or zsh completion script (commands, subcommands, flags)",
  usage: [
    "Usage: golive completion bash|zsh",
    "",
    "Prints a shell completion script for golive: commands, subcommands and flags come from the same",
    "command table `golive --help` lists (nothing to keep in sync); environments are completed from the",
    "names of config/*.yaml when run from the project root, stacks from golive stacks; a flag with a fixed",
    "set of values completes them (--format, init --plan and --origin-lockdown, check --skip-rule's rule",
    "ids, stacks --exclude and --applied-by), from the lists the parsers check; any other flag, file names.",
    "Install, from the project:",
    `  bash: ${BASH_INSTALL}`,
    "        (bash-completion loads it; without bash-completion, source that file in ~/.bashrc)",
    `  zsh:  ${ZSH_INSTALL}`,
    "A clone puts no golive on PATH (npm links a package's bin only into projects that depend on it), and",
    "the scripts complete the command golive, not npx golive; so add to ~/.bashrc or ~/.zshrc",
    `  ${WRAPPER_FUNCTION}`,
    "and type golive <TAB> in the project. Stack names come from that function, or from",
    "npx --no-install golive stacks when golive is not a command or function.",
  ].join("\n"),
  async run(args, io) {
    const parsed = parseArgs(args, COMMAND_SPECS.completion.flags);
    const [shell, ...extra] = parsed.positionals;
    if (shell === undefined || extra.length > 0 || !(SHELLS as readonly string[]).includes(shell))
      throw new UsageError(
        `${shell === undefined ? "missing shell" : `got ${shownValue([shell, ...extra].join(" "))}`}, allowed: ${SHELLS.join(", ")}`,
      );
    io.stdout.write(shell === "bash" ? bashCompletion(COMMANDS) : zshCompletion(COMMANDS));
    return EXIT.ok;
  },
};
