// `npm run bench`: synth time and memory against the cost of loading the provider-aws package root,
// plus every bench/<area>.bench.ts. Exits 1 when a target is missed.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { listEnvironmentFiles, validateConfigData } from "../lib/engines/config/load";
import { AppConfig } from "../lib/config/schema";
import { scaledConfig } from "./scale-config";
import { measure } from "./measure";
import type { Bench, BenchLine } from "./types";

const ROOT = join(__dirname, "..");
const RUNS = 3;

/** The temp folders this run made, removed when it ends: repeated benches never fill the temp folder. */
const made: string[] = [];
function tempFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes every example environment scaled by `factor` into a temp config dir. */
function scaledConfigDir(factor: number): string {
  const dir = tempFolder("golive-bench-config-");
  for (const [env, file] of listEnvironmentFiles(join(ROOT, "__tests__", "fixtures", "config"))) {
    const scaled = scaledConfig(AppConfig.parse(parse(readFileSync(file, "utf8"))), factor);
    validateConfigData(`${env}.json`, scaled); // a bench on an invalid config would measure an error path
    writeFileSync(join(dir, `${env}.json`), JSON.stringify(scaled));
  }
  return dir;
}

function synthArgs(configDir: string): string[] {
  // An existing, empty folder (synth creates a missing one only inside the working directory), in a
  // folder of its own: synth lists the output's parent for temp folders a killed run left, and the
  // parent of a project's cdktf.out is the project, not the system's temp folder.
  const out = join(tempFolder("golive-bench-out-"), "cdktf.out");
  mkdirSync(out);
  return [join(ROOT, "bin", "golive.js"), "synth", "--config-dir", configDir, "--output", out];
}

async function synthBench(): Promise<BenchLine[]> {
  const root = measure(["-e", 'require("@cdktf/provider-aws")'], RUNS);
  const example = measure(synthArgs(join(ROOT, "__tests__", "fixtures", "config")), RUNS);
  const tenX = measure(synthArgs(scaledConfigDir(10)), RUNS);
  const line = (name: string, value: number, unit: string, target: string, pass: boolean): BenchLine => ({
    name,
    value: Math.round(value * 100) / 100,
    unit,
    target,
    pass,
  });
  return [
    line('require("@cdktf/provider-aws") package root', root.ms, "ms", "reference", true),
    line("  ... its peak memory", root.peakMiB, "MiB", "reference", true),
    line(
      "golive synth, example config",
      example.ms,
      "ms",
      `<= 0.35x root = ${Math.round(root.ms * 0.35)} ms`,
      example.ms <= root.ms * 0.35,
    ),
    line("  ... ratio to the package-root load", example.ms / root.ms, "x", "<= 0.35", example.ms / root.ms <= 0.35),
    line("  ... peak memory", example.peakMiB, "MiB", "<= 200 MiB", example.peakMiB <= 200),
    line(
      "golive synth, 10x hostnames/records/rules",
      tenX.ms,
      "ms",
      `<= 1.5x example = ${Math.round(example.ms * 1.5)} ms`,
      tenX.ms <= example.ms * 1.5,
    ),
    line("  ... peak memory", tenX.peakMiB, "MiB", "reference", true),
  ];
}

/** Other areas' benches: every bench/*.bench.ts exporting `bench`. */
async function areaBenches(): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  for (const file of readdirSync(__dirname)
    .filter((f) => f.endsWith(".bench.ts"))
    .sort()) {
    // require, not import(): the bench runs under the CommonJS .ts hook (lib/runtime/register-ts.js), which import() bypasses.
    const mod: { bench?: Bench } = require(join(__dirname, file));
    if (mod.bench) lines.push(...(await mod.bench()));
  }
  return lines;
}

async function main(): Promise<void> {
  const lines = [...(await synthBench()), ...(await areaBenches())];
  const width = Math.max(...lines.map((l) => l.name.length));
  process.stdout.write(`golive bench (${RUNS} runs each, median; ${new Date().toISOString()})\n`);
  for (const l of lines) {
    process.stdout.write(
      `${l.pass ? "ok  " : "MISS"} ${l.name.padEnd(width)}  ${String(l.value).padStart(10)} ${l.unit.padEnd(4)} target ${l.target}\n`,
    );
  }
  const missed = lines.filter((l) => !l.pass).length;
  process.stdout.write(missed === 0 ? "all targets met\n" : `${missed} target(s) missed\n`);
  process.exitCode = missed === 0 ? 0 : 1;
}

void main().finally(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
