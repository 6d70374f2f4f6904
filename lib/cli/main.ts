import { COMMANDS } from "./commands";
import { type CliIo, EXIT, type ExitCode, UsageError } from "./types";
import { redact } from "../core/redact";
import { version } from "./version";

/**
 * A message as it may reach a terminal: control characters (an escape sequence echoed from an
 * argument could recolour, retitle or clear the user's terminal) are shown as \u escapes instead.
 */
function printable(message: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return message.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function topLevelHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    "golive: take an internal AI-chatbot / operations app to production readiness with cdktf.",
    "",
    "Usage: golive <command> [options]     (golive help <command> for details; golive --version)",
    "",
    "Commands:",
    ...lines,
    "",
    "Exit codes (every command):",
    "  0  ok: nothing to report, or nothing to change",
    "  1  findings or failure: a blocker, a failed probe, an invalid config, a refused or failed change",
    "  2  usage error: unknown command, subcommand, option or environment, or a bad option value;",
    "     one line naming what is allowed, then `see: golive <command> --help`; nothing was changed",
    "",
    "Paths in messages are relative to the working directory when inside it. Output has no colour.",
    "",
  ].join("\n");
}

/** Parses the command name and routes; all behaviour lives in the command files. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "-V" || name === "version") {
    io.stdout.write(`golive ${version()}\n`);
    return EXIT.ok;
  }
  // `golive help synth` is `golive synth --help`, as with git, npm and terraform.
  if (name === "help" && rest.length > 0) return runCli([rest[0] ?? "", "--help"], io);
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(topLevelHelp());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`golive: unknown command ${JSON.stringify(name)} (allowed: ${COMMANDS.map((c) => c.name).join(", ")})\n`);
    return EXIT.usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(command.usage.endsWith("\n") ? command.usage : `${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    // A flag naming a folder synth must not replace: nothing was touched.
    if (err instanceof Error && err.name === "UnsafeOutputError") {
      io.stderr.write(`golive ${name}: ${printable(redact(err.message))}\n`);
      return EXIT.usage;
    }
    if (err instanceof UsageError) {
      // One line and a pointer, as peers do: the whole usage would bury the line that matters.
      io.stderr.write(`golive ${name}: ${printable(redact(err.message))}\nsee: golive ${name} --help\n`);
      return EXIT.usage;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`golive ${name}: ${printable(redact(message))}\n`);
    return EXIT.failure;
  }
}
