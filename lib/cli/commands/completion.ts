import { parseArgs } from "../args";
import { COMMAND_SPECS } from "../command-specs";
import { bashCompletion, zshCompletion } from "../completion-script";
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
    "names of config/*.yaml when run from the project root.",
    "  bash: golive completion bash > ~/.local/share/bash-completion/completions/golive",
    '  zsh:  golive completion zsh > "${fpath[1]}/_golive"',
  ].join("\n"),
  async run(args, io) {
    const parsed = parseArgs(args, COMMAND_SPECS.completion.flags);
    const [shell, ...extra] = parsed.positionals;
    if (shell === undefined || extra.length > 0 || !(SHELLS as readonly string[]).includes(shell))
      throw new UsageError(
        `${shell === undefined ? "missing shell" : `got ${JSON.stringify([shell, ...extra].join(" "))}`}, allowed: ${SHELLS.join(", ")}`,
      );
    io.stdout.write(shell === "bash" ? bashCompletion(COMMANDS) : zshCompletion(COMMANDS));
    return EXIT.ok;
  },
};
