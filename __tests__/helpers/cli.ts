import { type ChildProcess, spawn } from "node:child_process";
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

const BIN = join(__dirname, "..", "..", "bin", "golive.js");

/**
 * Runs `command args` as a child process without blocking this process (so a local stand-in server in
 * the test can still answer it), collecting its output; `input` is its stdin (none: closed at once).
 */
export function spawnCollect(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; input?: string; started?: (child: ChildProcess) => void },
): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    options.started?.(child); // the handle, for a test that signals the child
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", reject);
    // A child that exits without reading its stdin (a step failing at its first line) closes the pipe:
    // the write's EPIPE is not the test's failure, the exit code and output are.
    child.stdin.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") reject(error);
    });
    child.on("close", (code) =>
      resolvePromise({ code: code ?? -1, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }),
    );
    child.stdin.end(options.input ?? "");
  });
}

/**
 * V8's flag for the CLI processes the tests start: no optimizing compiler. A test's golive process lives a
 * second or two, too short for most optimizing compiles to pay for themselves. It changes how fast code
 * runs, never what it does; the loader is the real one. A flag of node's command line: NODE_OPTIONS
 * does not take it.
 */
const CHILD_NODE_FLAGS = ["--no-opt"];

/** Runs the real `bin/golive.js` as a child process (its own .ts loader, no jest transforms); `started` gets its handle. */
export function spawnGolive(
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string; started?: (child: ChildProcess) => void },
): Promise<CliRun> {
  return spawnCollect(process.execPath, [...CHILD_NODE_FLAGS, BIN, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: options.cwd, ...options.env },
    ...(options.input !== undefined ? { input: options.input } : {}),
    ...(options.started ? { started: options.started } : {}),
  });
}
