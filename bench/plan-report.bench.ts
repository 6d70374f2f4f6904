// A 10,000-change plan, generated in memory, through the whole plan-report path: JSON text -> zod
// validation -> classification, risk rules, masking -> Markdown (full and size-limited) and JSON. Then
// a 250,000-change plan file (about 190 MB) through the real binary: time and peak memory.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePlanJson, renderPlanReport } from "../lib/engines/plan";
import { syntheticPlan } from "../lib/engines/plan/synthetic-plan";
import { measure } from "./measure";
import type { Bench, BenchLine } from "./types";

const CHANGES = 10_000;
const TARGET_MS = 2000;
const RUNS = 3;

const LARGE_CHANGES = 250_000;
const LARGE_TARGET_MS = 60_000;
const LARGE_TARGET_MIB = 2048;

/** plan-report of a 250,000-change plan file, as a process (one run: it takes tens of seconds). */
function largePlan(): BenchLine[] {
  const dir = mkdtempSync(join(tmpdir(), "golive-bench-plan-"));
  try {
    const file = join(dir, "edge-bench.json");
    writeFileSync(file, JSON.stringify(syntheticPlan(LARGE_CHANGES)));
    const cli = join(__dirname, "..", "bin", "golive.js");
    const run = measure([cli, "plan-report", file, "--output", join(dir, "comment.md")], 1);
    const name = `plan-report of a ${LARGE_CHANGES.toLocaleString("en-US")}-change plan file, as a process`;
    return [
      { name, value: Math.round(run.ms), unit: "ms", target: `<= ${LARGE_TARGET_MS} ms`, pass: run.ms <= LARGE_TARGET_MS },
      {
        name: "  ... peak memory",
        value: Math.round(run.peakMiB),
        unit: "MiB",
        target: `<= ${LARGE_TARGET_MIB} MiB`,
        pass: run.peakMiB <= LARGE_TARGET_MIB,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PAIRS = 50_000;
const PAIRS_TARGET_MS = 20_000;

/**
 * 50,000 creates and 50,000 deletes of one type with no identity keys, as a process: the rename guard
 * pairs them by type (renames.ts), where a list copied per create once cost seconds per 10,000.
 */
function createDeletePairs(): BenchLine {
  const dir = mkdtempSync(join(tmpdir(), "golive-bench-pairs-"));
  try {
    const file = join(dir, "edge-pairs.json");
    const change = (name: string, actions: readonly string[], before: unknown, after: unknown) => ({
      address: `terraform_data.${name}`,
      mode: "managed",
      type: "terraform_data",
      name,
      change: { actions, before, after, after_unknown: {} },
    });
    const changes = Array.from({ length: PAIRS }, (_, i) => [
      change(`new${i}`, ["create"], null, { input: `v${i}` }),
      change(`old${i}`, ["delete"], { input: `w${i}` }, null),
    ]).flat();
    writeFileSync(file, JSON.stringify({ format_version: "1.2", planned_values: { root_module: {} }, resource_changes: changes }));
    const run = measure([join(__dirname, "..", "bin", "golive.js"), "plan-report", file, "--output", join(dir, "comment.md")], 1);
    return {
      name: `plan-report of ${PAIRS.toLocaleString("en-US")} creates and as many deletes of one type, as a process`,
      value: Math.round(run.ms),
      unit: "ms",
      target: `<= ${PAIRS_TARGET_MS} ms`,
      pass: run.ms <= PAIRS_TARGET_MS,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const bench: Bench = async () => {
  const text = JSON.stringify(syntheticPlan(CHANGES));
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const plan = parsePlanJson("bench.json", text);
    const rendered = renderPlanReport([{ stack: "edge-bench", file: "bench.json", plan }], "bench-full-report.md");
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    size = rendered.comment.length;
  }
  const median = [...times].sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? Number.NaN;
  return [
    {
      name: `plan-report of a ${CHANGES.toLocaleString("en-US")}-change plan (median of ${RUNS})`,
      value: Math.round(median),
      unit: "ms",
      target: `<= ${TARGET_MS} ms`,
      pass: median <= TARGET_MS,
    },
    { name: "plan-report comment size for that plan", value: size, unit: "chars", target: "< 65536 chars", pass: size < 65_536 },
    ...largePlan(),
    createDeletePairs(),
  ];
};
