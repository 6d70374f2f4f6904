// Measuring for the benches: a child process (wall time and peak RSS, bench/exit-stats.js reports the
// child's own), or a call in this process judged by what it returned or threw (`judged`).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchLine } from "./types";

const ROOT = join(__dirname, "..");

export interface Measure {
  readonly ms: number;
  readonly peakMiB: number;
}

/** Runs `node -r exit-stats <args>` `runs` times; wall time and peak RSS of the median run. */
export function measure(args: readonly string[], runs: number): Measure {
  const results: Measure[] = [];
  for (let i = 0; i < runs; i++) {
    const folder = mkdtempSync(join(tmpdir(), "golive-bench-"));
    const stats = join(folder, "stats");
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, ["-r", join(__dirname, "exit-stats.js"), ...args], {
      cwd: ROOT,
      env: { ...process.env, GOLIVE_BENCH_STATS: stats },
      encoding: "utf8",
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (run.status !== 0) throw new Error(`bench child failed: ${args.join(" ")}\n${run.stderr}`);
    const { maxRssKb } = JSON.parse(readFileSync(stats, "utf8").trim()) as { maxRssKb: number };
    rmSync(folder, { recursive: true, force: true });
    results.push({ ms, peakMiB: maxRssKb / 1024 });
  }
  return [...results].sort((a, b) => a.ms - b.ms)[Math.floor(runs / 2)] as Measure;
}

/** Median wall time of `run` over `runs` runs, and the message of what it last threw ("(accepted)" when nothing). */
export function timed(run: () => unknown, runs = 3): { readonly ms: number; readonly message: string } {
  const times: number[] = [];
  let message = "(accepted)";
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    try {
      run();
      message = "(accepted)";
    } catch (err) {
      message = err instanceof Error ? err.message : String(err);
    }
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { ms: [...times].sort((a, b) => a - b)[Math.floor(runs / 2)] ?? Number.NaN, message };
}

/**
 * The line of `run`, which must be refused with an error holding `expected` (or, with `expected`
 * undefined, accepted): a case judged otherwise would time the wrong path, so it fails its line instead.
 * A run that checks its own result throws when it is wrong (see `expectEqual`).
 */
export function judged(name: string, targetMs: number, expected: string | undefined, run: () => unknown): BenchLine {
  const { ms, message } = timed(run);
  const asExpected = expected === undefined ? message === "(accepted)" : message.includes(expected);
  return {
    name: asExpected
      ? name
      : `${name} (${expected === undefined ? "refused" : "judged otherwise"}: ${message.split("\n")[0]?.slice(0, 120)})`,
    value: Math.round(ms),
    unit: "ms",
    target: `<= ${targetMs} ms`,
    pass: asExpected && ms <= targetMs,
  };
}

/** Throws unless `actual` and `expected` are the same JSON: a timed run that computed the wrong answer fails its line. */
export function expectEqual(actual: unknown, expected: unknown): void {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) throw new Error(`wrong result: got ${a.slice(0, 80)}, expected ${e.slice(0, 80)}`);
}
