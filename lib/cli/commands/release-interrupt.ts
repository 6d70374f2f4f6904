import { redact } from "../../core/redact";
import type { MomentListener, ReleaseMoment } from "../../engines/release/moment";
import { deployCommand } from "../../engines/release/report";
import { type CliIo, type ExitCode, INTERRUPTED } from "../types";

// A Ctrl-C (SIGINT) or a cancelled CI job (SIGTERM) while a release command talks to the Cloudflare API
// or waits between watch steps: one line on stderr saying what was in flight and what to run next,
// then exit 130 / 143. Without it Node's default handler ends the run silently, and the operator cannot
// tell whether a rollback reached Cloudflare or whether the config records it.
//
// The command returns at once; bin/golive.js then exits the process (process.exit) so that nothing
// the engine still had in flight runs on: no request is aborted and nothing is awaited. Aborting the
// request instead would let the engine go on to its read-back and a config write after the line was
// printed, making the line untrue. A config write cannot be cut in half either: it is synchronous (a
// temp file renamed over the config, writeConfigAtomically), and a signal handler runs only between
// I/O events, never inside it; for the same reason a rollback read back is never seen unrecorded,
// since the write follows its read-back with no I/O in between.

type Signal = keyof typeof INTERRUPTED;
const SIGNALS: readonly Signal[] = ["SIGINT", "SIGTERM"];

/** What to run when a rollback to `live` may or may not be live: it again (the code says why that is safe), and where to look. */
function rollbackAgain(env: string, file: string, live: string): string {
  return (
    `run golive release rollback ${env} --now (it sets the same steering to ${live}, reads it back and records it in ${file}, ` +
    `so repeating it is safe); golive release status ${env} --live shows what the load balancer serves and whether ${file} matches it`
  );
}

/** The note for a watch: the weight its last step set and whether a step's PATCH was in flight; traffic stays as Cloudflare has it. */
function watchNote(env: string, m: Extract<ReleaseMoment, { kind: "watch" }>): string {
  const { colour, file, at, sending } = m;
  const undo = `golive release status ${env} --live shows what the load balancer serves; to undo the release: golive release rollback ${env} --now`;
  const last =
    at === undefined
      ? `${colour} was at ${m.from}% before it`
      : `this watch last set ${colour} at ${at.percent}% (${at.recorded ? `recorded in ${file}` : `the API took it; ${file} does NOT record it yet`})`;
  if (sending !== undefined)
    return `while the ${sending}% step was sent: it may or may not have applied, and ${file} does not record it; ${last}. Nothing more is sent: ${undo}`;
  if (at === undefined)
    return `before any weight moved: ${colour} stays at ${m.from}%, ${file} untouched; run golive release promote ${env} --watch again`;
  const goOn = at.recorded ? `; to go on: golive release promote ${env} --watch` : "";
  return `at the ${at.percent}% step: ${last}; traffic stays there, nothing more is sent: ${undo}${goOn}`;
}

/** The one line an interruption prints: what was in flight and what to do (never a token, URL or answer: the moment holds none). */
export function interruptNote(command: string, env: string, moment: ReleaseMoment, signal: Signal): string {
  const head = `golive release ${command}: interrupted (${signal})`;
  const { file } = moment;
  switch (moment.kind) {
    case "looking-up":
      return `${head} while looking up the load balancer, before anything was sent: nothing changed, ${file} untouched; run golive release rollback ${env} --now again`;
    case "rollback-sent":
      return `${head} before Cloudflare's answer to the rollback to ${moment.live} was read: it may or may not be live, and ${file} does NOT record it; ${rollbackAgain(env, file, moment.live)}`;
    case "rollback-recorded":
      return (
        `${head} after the rollback to ${moment.live} was live and recorded in ${file}, while the ${moment.from} pool was marked rolled back and the load balancer read back: ` +
        `run golive release rollback ${env} --now${command.startsWith("rollback") ? " again" : ""} to finish (repeating it is safe), then merge ${file} and deploy: ${deployCommand(env)}`
      );
    case "watch":
      return `${head} ${watchNote(env, moment)}`;
  }
}

/**
 * Runs a release command with a note for interruptions: `run` gets the listener the engine tells its
 * moments to (ReleaseContext.moment). Handlers go on `io.signals` at the first moment (none: a command
 * that never talks to the API keeps Node's default) and come off when the command ends or a signal
 * arrives; a signal prints the note and returns 130 (SIGINT) or 143 (SIGTERM) without waiting for `run`.
 */
export async function interruptible(
  io: CliIo,
  command: string,
  env: string,
  run: (moment: MomentListener | undefined) => Promise<ExitCode>,
): Promise<ExitCode> {
  const signals = io.signals;
  if (signals === undefined) return run(undefined);
  let moment: ReleaseMoment | undefined;
  let state: "idle" | "listening" | "done" = "idle";
  let interrupted: (code: ExitCode) => void = () => undefined;
  const stopped = new Promise<ExitCode>((resolve) => {
    interrupted = resolve;
  });
  const handlers = SIGNALS.map((signal) => ({
    signal,
    handler: () => {
      stop();
      if (moment !== undefined)
        io.stderr.write(`${redact(interruptNote(command, env, moment, signal), [io.env.CLOUDFLARE_API_TOKEN ?? ""])}\n`);
      interrupted(INTERRUPTED[signal]);
    },
  }));
  const stop = () => {
    if (state === "listening") for (const { signal, handler } of handlers) signals.off(signal, handler);
    state = "done";
  };
  const tell: MomentListener = (m) => {
    if (state === "done") return; // interrupted: the engine left running in a test tells nobody
    moment = m;
    if (state === "idle") for (const { signal, handler } of handlers) signals.on(signal, handler);
    state = "listening";
  };
  try {
    return await Promise.race([run(tell), stopped]);
  } finally {
    stop();
  }
}
