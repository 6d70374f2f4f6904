/** What every command gets: streams and the process context, injected so tests run commands in-process. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Standard input, for commands that read a secret value. @default process.stdin */
  readonly stdin?: NodeJS.ReadableStream;
}

/** Exit codes shared by every command, as README.md states them (0 ok, 1 findings or failure, 2 usage error). */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
