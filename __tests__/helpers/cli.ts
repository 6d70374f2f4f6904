import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { runCli } from "../../lib/cli/main";

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on("data", (c: Buffer) => chunks.push(c));
  return () => Buffer.concat(chunks).toString("utf8");
}

/** Runs `golive <args>` in-process with captured output. */
export async function golive(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; stdin?: NodeJS.ReadableStream },
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = collect(stdout);
  const err = collect(stderr);
  const code = await runCli(args, {
    stdout,
    stderr,
    cwd: options.cwd,
    env: options.env ?? {},
    ...(options.stdin ? { stdin: options.stdin } : {}),
  });
  return { code, stdout: out(), stderr: err() };
}

export function tempDir(prefix = "golive-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
