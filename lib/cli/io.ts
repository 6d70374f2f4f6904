/** What every command gets: streams and the process context, injected so tests run commands in-process. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Standard input, for commands that read a secret value. @default process.stdin */
  readonly stdin?: NodeJS.ReadableStream;
  /**
   * Where SIGINT and SIGTERM arrive: `process`, set by bin/golive.js only. A release command listens on
   * it only while it talks to the Cloudflare API (release-interrupt.ts), and stops after, so every other
   * moment keeps Node's own handling. @default none: in-process runs (tests) leave signals to their host
   */
  readonly signals?: Pick<NodeJS.EventEmitter, "on" | "off">;
}

/** Exit codes shared by every command, as README.md states them (0 ok, 1 findings or failure, 2 usage error). */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** A release command stopped by a signal while it talked to the API: 128 + the signal's number, as a shell reports it. */
export const INTERRUPTED = { SIGINT: 130, SIGTERM: 143 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT] | (typeof INTERRUPTED)[keyof typeof INTERRUPTED];
