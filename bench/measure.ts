// A benchmarked child process: wall time and peak RSS (bench/exit-stats.js reports the child's own).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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
