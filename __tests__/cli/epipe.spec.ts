import { spawn } from "node:child_process";
import { cpSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { exitCodeAfterOutput, runCli } from "../../lib/cli/main";
import { golive, spawnCollect, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR, REPO_ROOT } from "../helpers/example-config";

const BIN = join(REPO_ROOT, "bin", "golive.js");

interface ClosedRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** What the stream that stayed open received. */
  readonly other: string;
}

/**
 * Runs bin/golive.js with the reader of `closed` gone before the first byte (`golive ... | true`): the
 * child's writes to it fail with EPIPE. The other stream is collected.
 */
function withReaderGone(args: readonly string[], closed: "stdout" | "stderr", cwd: string): Promise<ClosedRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: cwd },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child[closed].destroy();
    const open = closed === "stdout" ? child.stderr : child.stdout;
    const chunks: Buffer[] = [];
    open.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", reject);
    child.on("close", (code, signal) => resolvePromise({ code, signal, other: Buffer.concat(chunks).toString("utf8") }));
  });
}

/** A stream whose every write fails with `code`, as a closed pipe (EPIPE) or a full disk (ENOSPC) does. */
function failingStream(code: string): Writable {
  return new Writable({
    write(_chunk, _encoding, done) {
      done(Object.assign(new Error(`write ${code}`), { code }));
    },
  });
}

describe("output to a reader that stopped early (EPIPE)", () => {
  const dir = tempDir("golive-epipe-");
  mkdirSync(join(dir, "config"));
  cpSync(join(EXAMPLE_CONFIG_DIR, "staging.yaml"), join(dir, "config", "staging.yaml"));
  cpSync(join(REPO_ROOT, "runbooks"), join(dir, "runbooks"), { recursive: true });

  test("as processes: a closed stdout or stderr ends quietly with the command's own exit code, never a stack trace", async () => {
    // Its own code: what check prints with a reader that stays (in-process, synthesizing first: the
    // process below then only checks).
    const own = await golive(["check", "--json", "staging"], { cwd: dir });
    expect(JSON.parse(own.stdout)).toHaveProperty("summary");
    // completion's script, check's whole JSON report, a usage error to a closed stderr.
    const [completion, check, usage] = await Promise.all([
      withReaderGone(["completion", "bash"], "stdout", dir),
      withReaderGone(["check", "--json", "staging"], "stdout", dir),
      withReaderGone(["teleport"], "stderr", dir),
    ]);
    expect(completion).toEqual({ code: 0, signal: null, other: "" });
    expect(check).toEqual({ code: own.code, signal: null, other: "" });
    expect(usage).toEqual({ code: 2, signal: null, other: "" });
  });

  test("in-process: output to a closed pipe is dropped and the command's code kept; another write error fails the run with one line", async () => {
    for (const [code, expected, message] of [
      ["EPIPE", 0, ""],
      ["ENOSPC", 1, "golive: cannot write to standard output (ENOSPC); the rest of it is lost\n"],
    ] as const) {
      const stdout = failingStream(code);
      const stderr = new PassThrough();
      const chunks: Buffer[] = [];
      stderr.on("data", (c: Buffer) => chunks.push(c));
      const raw = { stdout, stderr, cwd: dir, env: {} };
      const returned = await runCli(["completion", "bash"], raw);
      await new Promise((r) => setImmediate(r)); // the write's error arrives after the command returned
      expect([code, returned, exitCodeAfterOutput(raw, returned), Buffer.concat(chunks).toString("utf8")]).toEqual([
        code,
        0,
        expected,
        message,
      ]);
    }
  });
});

describe("bin/golive.js: an error golive did not word", () => {
  test("is one line, exit 1, masked and escaped like every other message (process: the real loader)", async () => {
    // runCli replaced before bin/golive.js loads it: a rejection whose message holds a terminal escape,
    // a right-to-left override and a credential-shaped token.
    const token = ["ghp", "_", "A".repeat(36)].join("");
    const preload = [
      'require("./lib/runtime/register-ts.js");',
      'const file = require.resolve("./lib/cli/main.ts");',
      "const real = require(file);",
      `require.cache[file].exports = { ...real, runCli: async () => { throw new Error("boom \\u001b[31m\\u202e ${token}"); } };`,
      'require("./bin/golive.js");',
    ].join("\n");
    const run = await spawnCollect(process.execPath, ["-e", preload], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("golive: internal error: boom \\u001b[31m\\u202e [REDACTED]\n");
    expect(run.stderr).not.toContain(token);
  });
});
