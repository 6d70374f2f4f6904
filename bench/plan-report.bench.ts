// A 10,000-change plan, generated in memory, through the whole plan-report path: JSON text -> zod
// validation -> classification, risk rules, masking -> Markdown (full and size-limited) and JSON. Then
// a 250,000-change plan file (about 190 MB) through the real binary: time and peak memory.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parsePlanJson, renderPlanReport } from "../lib/engines/plan";
import { flaggedPlan, syntheticPlan } from "../lib/engines/plan/synthetic-plan";
import { measure } from "./measure";
import type { Bench, BenchLine } from "./types";

const CHANGES = 10_000;
const TARGET_MS = 2000;
const RUNS = 3;

const LARGE_CHANGES = 250_000;
const LARGE_TARGET_MS = 60_000;
const LARGE_TARGET_MIB = 2048;

/** plan-report of `plan` written to a file, as a process, once (these take seconds to tens of seconds). */
function planReportProcess(plan: unknown, flags: readonly string[] = []): ReturnType<typeof measure> {
  const dir = mkdtempSync(join(tmpdir(), "golive-bench-plan-"));
  try {
    const file = join(dir, "edge-bench.json");
    writeFileSync(file, JSON.stringify(plan));
    return measure([join(__dirname, "..", "bin", "golive.js"), "plan-report", file, ...flags, "--output", join(dir, "comment.md")], 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** plan-report of a 250,000-change plan file, as a process (one run: it takes tens of seconds). */
function largePlan(): BenchLine[] {
  const run = planReportProcess(syntheticPlan(LARGE_CHANGES));
  return largeRunLines(`plan-report of a ${LARGE_CHANGES.toLocaleString("en-US")}-change plan file, as a process`, run);
}

/** A large plan's run held to the documented targets: its wall time and its peak memory. */
function largeRunLines(name: string, run: { ms: number; peakMiB: number }): BenchLine[] {
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
}

/**
 * 250,000 updates that each raise a flag, as a process, Markdown and --json: every flag is listed, and
 * appending them with a spread into push() once crashed plan-report ("Maximum call stack size exceeded").
 */
function flaggedChanges(): BenchLine[] {
  const plan = flaggedPlan(LARGE_CHANGES);
  const lines: BenchLine[] = [];
  for (const format of [[], ["--json"]]) {
    const run = planReportProcess(plan, format);
    const name = `plan-report${format.length ? " --json" : ""} of ${LARGE_CHANGES.toLocaleString("en-US")} flagged changes, as a process`;
    lines.push(...largeRunLines(name, run));
  }
  return lines;
}

const PAIRS = 50_000;
const PAIRS_TARGET_MS = 20_000;

/**
 * 50,000 creates and 50,000 deletes of one type with no identity keys, as a process: the rename guard
 * pairs them by type (renames.ts), where a list copied per create once cost seconds per 10,000.
 */
function createDeletePairs(): BenchLine {
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
  const run = planReportProcess({ format_version: "1.2", planned_values: { root_module: {} }, resource_changes: changes });
  return {
    name: `plan-report of ${PAIRS.toLocaleString("en-US")} creates and as many deletes of one type, as a process`,
    value: Math.round(run.ms),
    unit: "ms",
    target: `<= ${PAIRS_TARGET_MS} ms`,
    pass: run.ms <= PAIRS_TARGET_MS,
  };
}

/** Each bucket setting's created value at the state bucket's baseline, as the AWS provider plans it. */
const BASELINE_SETTINGS: Readonly<Record<string, (bucket: string) => Record<string, unknown>>> = {
  aws_s3_bucket_versioning: (bucket) => ({
    bucket,
    expected_bucket_owner: null,
    mfa: null,
    versioning_configuration: [{ status: "Enabled" }],
  }),
  aws_s3_bucket_public_access_block: (bucket) => ({
    bucket,
    block_public_acls: true,
    block_public_policy: true,
    ignore_public_acls: true,
    restrict_public_buckets: true,
  }),
  aws_s3_bucket_ownership_controls: (bucket) => ({ bucket, rule: [{ object_ownership: "BucketOwnerEnforced" }] }),
  aws_s3_bucket_server_side_encryption_configuration: (bucket) => ({
    bucket,
    expected_bucket_owner: null,
    rule: [
      {
        apply_server_side_encryption_by_default: [{ kms_master_key_id: "alias/logs", sse_algorithm: "aws:kms" }],
        bucket_key_enabled: true,
      },
    ],
  }),
  aws_s3_bucket_acl: (bucket) => ({ bucket, acl: "private", expected_bucket_owner: null }),
};

/**
 * 250,000 bucket settings created at the baseline, a bucket each, no holder, no flag, as a process: each
 * create shows its values (changes.ts CREATED_ATTRIBUTES), which once doubled the time and tripled the
 * peak memory of such a plan when every create kept its own lines.
 */
export function createdSettings(): BenchLine[] {
  const types = Object.entries(BASELINE_SETTINGS);
  const changes = Array.from({ length: LARGE_CHANGES }, (_, i) => {
    const [type, after] = types[i % types.length] as (typeof types)[number];
    const name = `b${i}`;
    const change = { actions: ["create"], before: null, after: after(`logs-${Math.floor(i / types.length)}`), after_unknown: { id: true } };
    return { address: `${type}.${name}`, mode: "managed", type, name, change };
  });
  const run = planReportProcess({ format_version: "1.2", planned_values: { root_module: {} }, resource_changes: changes });
  return largeRunLines(`plan-report of ${LARGE_CHANGES.toLocaleString("en-US")} created bucket settings, as a process`, run);
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
    ...flaggedChanges(),
    createDeletePairs(),
    ...createdSettings(),
  ];
};
