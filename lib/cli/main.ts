import { shownValue } from "../core/shown-value";
import { Writable } from "node:stream";
import { COMMANDS } from "./commands";
import { type CliIo, EXIT, type ExitCode, UsageError } from "./types";
import { ConfigLinkError } from "../config/inside-folder";
import { ConfigFileKindError } from "./config-file-kinds";
import { UnsafeOutputError } from "../core/output-file";
import { PathError } from "../core/display-path";
import { errorCode } from "../core/error-code";
import { printable } from "../core/printable";
import { redact } from "../core/redact";
import { version } from "./version";
import { specOf } from "./command-specs";
import { asksForJson, RunOutput, trackRun } from "./json-failure";

/** What became of the output written to one stream: still flowing, or closed (and why, when it is golive's failure). */
interface OutputState {
  closed: boolean;
  /** Set for a write error other than EPIPE: the output is incomplete, so the run fails. */
  failure?: string;
}
const outputs = new WeakMap<NodeJS.WritableStream, OutputState>();

/**
 * Listens, once per stream, for the error a failed write raises, which unheard ends Node with a stack
 * trace. A reader that stops early (`golive check | head -1`, `| true`) closes the pipe and the next
 * write fails with EPIPE: the rest of that stream's output is dropped, quietly, and the command still
 * runs to its end (a release step or a written file is never cut short because a reader left) and exits
 * with its own code. Any other write error (a full disk under `> report.json`) drops the rest as well,
 * says so in one line on the other stream, and fails the run (exit 1): that output is incomplete.
 */
function watchOutput(stream: NodeJS.WritableStream, name: string, other: NodeJS.WritableStream): OutputState {
  const known = outputs.get(stream);
  if (known) return known;
  const state: OutputState = { closed: false };
  outputs.set(stream, state);
  stream.on("error", (err: unknown) => {
    if (state.closed) return;
    state.closed = true;
    const code = errorCode(err);
    if (code === "EPIPE") return;
    state.failure = `golive: cannot write to ${name} (${printable(code)}); the rest of it is lost\n`;
    if (other !== stream && outputs.get(other)?.closed !== true) other.write(state.failure);
  });
  return state;
}

/**
 * `code`, or failure (1) when it is ok but output to `raw`'s streams was lost to a write error other
 * than EPIPE. bin/golive.js asks again as the process exits: the last write can fail after the command returned.
 */
export function exitCodeAfterOutput(raw: Pick<CliIo, "stdout" | "stderr">, code: number): number {
  return code === EXIT.ok && outputLost(raw) ? EXIT.failure : code;
}

function outputLost(raw: Pick<CliIo, "stdout" | "stderr">): boolean {
  return [raw.stdout, raw.stderr].some((s) => outputs.get(s)?.failure !== undefined);
}

/**
 * `stream` with every text written to it made printable: one place for every message and report of
 * every command, so a path, name or value echoed from input can never reach the terminal as an escape.
 * Nothing is written once the stream has failed (watchOutput). `seen` hears each text as printed.
 */
function printableStream(stream: NodeJS.WritableStream, state: OutputState, seen: (text: string) => void): NodeJS.WritableStream {
  return new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _encoding, done) {
      const text = printable(typeof chunk === "string" ? chunk : chunk.toString("utf8"));
      seen(text);
      if (!state.closed) stream.write(text);
      done();
    },
  });
}

/** What asks for the version: terraform's -v, -version and --version, and -V and `version` as npm and git take them. */
const VERSION_WORDS: readonly string[] = ["--version", "-version", "-v", "-V", "version"];

function topLevelHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    "golive: take an internal AI-chatbot / operations app to production readiness with cdktf.",
    "",
    "Usage: golive <command> [options]     (golive help <command> for details; golive --version or -v)",
    "",
    "Commands:",
    ...lines,
    "",
    "Exit codes (every command):",
    "  0  ok: nothing to report, or nothing to change",
    "  1  findings or failure: a blocker, a failed probe, an invalid config, a refused or failed change",
    "  2  usage error: unknown command, subcommand, option or environment, a bad option value, or a",
    "     credential missing from the environment (CLOUDFLARE_API_TOKEN where a command needs it);",
    "     one line naming what is allowed, then `see: golive <command> --help`; nothing was changed.",
    "     A config file golive will not read (a link out of the config folder, or no regular file: a",
    "     named pipe, a folder) is refused the same way, in one line naming it, before any work.",
    "     `golive` with no command at all prints this help to standard output (as git and terraform do).",
    "     Every flag is checked before any work. A flag that writes a file (--output, --full-report,",
    "     --digest) or a folder (synth --output, --plan-dir) never writes inside .git or the config folder,",
    "     never replaces the working directory, a folder holding it, or a file golive did not write (its",
    "     own earlier reports, and empty files, are replaced), follows a link only within the working",
    "     directory, and creates a missing folder only inside it. A refused path is one line naming the flag.",
    "  With --json (or --format json), a run that exits 1 or 2 without printing its report (to standard",
    "  output or its --output file) prints one object on standard output all the same:",
    '  {"ok": false, "error": "<what standard error said, without the see: line>", "exit": 1 or 2};',
    "  release and preflight add the environment (release: and the action). Standard error is unchanged.",
    "",
    "Paths in messages are relative to the working directory when inside it. Output has no colour, and",
    "control characters and invisible Unicode format characters (bidi overrides and isolates, zero-width",
    "characters, line separators) from input (a path, a name) are printed as \\u escapes, never sent to",
    "the terminal.",
    "Output to a pipe whose reader stopped early (`| head`) is dropped without a message: the command",
    "still runs to its end and exits with its own code. Any other failed write of output exits 1.",
    "",
  ].join("\n");
}

/** Parses the command name and routes; all behaviour lives in the command files. */
export async function runCli(argv: readonly string[], raw: CliIo): Promise<ExitCode> {
  const run = new RunOutput();
  const io: CliIo = {
    ...raw,
    stdout: printableStream(raw.stdout, watchOutput(raw.stdout, "standard output", raw.stderr), (t) => run.stdout(t)),
    stderr: printableStream(raw.stderr, watchOutput(raw.stderr, "standard error", raw.stdout), (t) => run.stderr(t)),
  };
  trackRun(io.stdout, run);
  const code = await dispatch(argv, raw, io);
  // --json on a failure that printed nothing: one JSON object on stdout all the same (json-failure.ts).
  const [name = "", ...rest] = argv;
  const failure = asksForJson(specOf(name), rest) ? run.failureObject(name, code) : undefined;
  if (failure !== undefined) io.stdout.write(failure);
  return code === EXIT.ok && outputLost(raw) ? EXIT.failure : code;
}

async function dispatch(argv: readonly string[], raw: CliIo, io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name !== undefined && VERSION_WORDS.includes(name)) {
    if (rest.length > 0) {
      // One line, as every usage error: `golive --version extra` is a mistyped command line, not a version query.
      io.stderr.write(`golive: ${name} takes no arguments (got ${redact(shownValue(rest[0] ?? ""))})\nsee: golive --help\n`);
      return EXIT.usage;
    }
    io.stdout.write(`golive ${version()}\n`);
    return EXIT.ok;
  }
  // `golive help synth` is `golive synth --help`, as with git, npm and terraform.
  if (name === "help" && rest.length > 0) return runCli([rest[0] ?? "", "--help"], raw);
  // No command: the whole help, exit 2, as git and terraform answer a bare invocation (topLevelHelp says so).
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(topLevelHelp());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    // Whatever was typed is echoed masked: a token pasted in the wrong place must not reach a CI log.
    // Then the pointer every usage error ends with (topLevelHelp's exit-code 2).
    io.stderr.write(
      `golive: unknown command ${redact(shownValue(name))} (allowed: ${COMMANDS.map((c) => c.name).join(", ")})\nsee: golive --help\n`,
    );
    return EXIT.usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(command.usage.endsWith("\n") ? command.usage : `${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    // A path golive must not write or replace (a flag's file or folder): one line, nothing was touched.
    if (err instanceof UnsafeOutputError) {
      io.stderr.write(`golive ${name}: ${printable(redact(err.describe(raw.cwd)))}\n`);
      return EXIT.usage;
    }
    // A config (or protected inventory) linked out of the config folder: refused unread, one line.
    // A config file that is no regular file (a named pipe, a folder): refused unread the same way.
    if (err instanceof ConfigLinkError || err instanceof ConfigFileKindError) {
      io.stderr.write(`golive ${name}: ${printable(redact(err.describe(raw.cwd)))}\n`);
      return EXIT.usage;
    }
    if (err instanceof UsageError) {
      // One line and a pointer, as peers do: the whole usage would bury the line that matters.
      io.stderr.write(`golive ${name}: ${printable(redact(err.message))}\nsee: golive ${name} --help\n`);
      return EXIT.usage;
    }
    // An error about a file names it as paths are shown: relative when inside the working directory.
    const message = err instanceof PathError ? err.describe(raw.cwd) : err instanceof Error ? err.message : String(err);
    io.stderr.write(`golive ${name}: ${printable(redact(message))}\n`);
    return EXIT.failure;
  }
}
