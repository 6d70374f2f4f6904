import { existsSync } from "node:fs";
import { writeFileAtomic } from "../../core/write-file-atomic";
import { relative, resolve } from "node:path";
import { configFingerprint, readSynthRecord } from "../../engines/synth/record";
import { ConfigErrors } from "../../config/errors";
import { loadEnvironments } from "../../engines/config/load";
import type { AppConfig } from "../../config/schema";
import { isIsoDate, utcToday } from "../../core/dates";
import { runChecks } from "../../engines/check/engine";
import { lineFinder, readEnvConfigs, readRunbooks, readSynthDir } from "../../engines/check/load";
import { buildModel, envViews } from "../../core/readiness/model";
import { toSarif } from "../../engines/check/sarif";
import { renderTable, summarize, toJson } from "../../engines/check/scorecard";
import { redact } from "../../core/redact";
import { choice, parseArgs } from "../args";
import type { EnvConfig } from "../../platform/readiness";
import { type CliIo, type Command, EXIT, UsageError } from "../types";

const FORMATS = ["table", "json", "sarif"] as const;

function configErrorExit(io: CliIo, err: unknown): 1 {
  if (!(err instanceof ConfigErrors)) throw err;
  io.stderr.write(`${redact(err.message)}\n`);
  return EXIT.failure;
}

export const checkCommand: Command = {
  name: "check",
  summary: "Launch-readiness scorecard over the synthesized stacks (exit 1 on any blocker)",
  usage: [
    "Usage: golive check [<env>...] [--dir DIR] [--config-dir DIR] [--format table|json|sarif] [--output FILE] [--today YYYY-MM-DD]",
    "",
    "Runs every launch-readiness rule over the Terraform JSON in DIR (default: cdktf.out) without",
    "synthesizing again, so CI checks the artifact it reviews; when DIR does not exist it synthesizes",
    "first. Attestations and exemptions come from the readiness section of config/<env>.yaml.",
    "Prints a scorecard (checklist rows x environments: pass / FAIL / warn / attested / exempt / n/a)",
    "and every finding with its fix.",
    "",
    "Options:",
    "  --dir DIR          synth output to check (default: cdktf.out)",
    "  --config-dir DIR   environment configs with readiness sections (default: config)",
    "  --format F         table (default), json, or sarif (SARIF 2.1.0 for GitHub code scanning)",
    "  --json             same as --format json",
    "  --output FILE      write the report to FILE (atomically) instead of standard output",
    "  --today DATE       date attestations and exemptions are judged against (default: today, UTC)",
    "",
    "Exit codes: 0 no blocker, 1 a blocker (or unreadable input), 2 usage error.",
  ].join("\n"),
  async run(args, io) {
    const parsed = parseArgs(args, { values: ["dir", "config-dir", "format", "output", "today"], booleans: ["json"] });
    const format = parsed.booleans.has("json") ? "json" : choice(parsed, "format", FORMATS, "table");
    const today = parsed.values.get("today") ?? utcToday();
    if (!isIsoDate(today)) throw new UsageError(`--today: got "${today}", allowed: a date such as 2026-11-01`);
    const configDir = resolve(io.cwd, parsed.values.get("config-dir") ?? "config");
    if (parsed.values.has("config-dir") && !existsSync(configDir)) throw new UsageError(`--config-dir: ${configDir} does not exist`);
    const dir = resolve(io.cwd, parsed.values.get("dir") ?? "cdktf.out");

    let configs: Map<string, EnvConfig>;
    let loaded: Map<string, AppConfig>;
    try {
      // Validated once, and reused for the synth below when there is no synth output yet.
      loaded = existsSync(configDir) ? loadEnvironments(configDir) : new Map<string, AppConfig>();
      if (!existsSync(dir)) {
        // Loaded only when needed: the stacks and provider bindings cost more than the whole check.
        // (require, as lib/cli/commands/index.ts does: the .ts hook resolves it; a dynamic import() does not.)
        const { synthesizeToDisk } = require("../../engines/synth/synthesize") as typeof import("../../engines/synth/synthesize");
        synthesizeToDisk({ configs: loaded, outdir: dir, protectedDirs: [io.cwd, configDir] });
        io.stderr.write(`golive check: ${dir} did not exist; synthesized it first\n`);
      }
      configs = readEnvConfigs(configDir, io.cwd, loaded);
    } catch (err) {
      return configErrorExit(io, err);
    }
    const stale = staleEnvironments(dir, loaded);
    if (stale.length > 0) {
      io.stderr.write(
        `golive check: ${relative(io.cwd, dir) || dir} was synthesized from another config of ${stale.join(", ")}; run golive synth, then check again\n`,
      );
      return EXIT.failure;
    }
    const model = buildModel(readSynthDir(dir, io.cwd));
    const available = envViews(model, [...configs.keys()]).map((v) => v.env);
    if (available.length === 0) {
      io.stderr.write(`golive check: no synthesized stacks in ${dir} (run golive synth)\n`);
      return EXIT.failure;
    }
    const unknown = parsed.positionals.filter((e) => !available.includes(e));
    if (unknown.length > 0) throw new UsageError(`no stacks for environment ${unknown.join(", ")}; allowed: ${available.join(", ")}`);

    const report = runChecks({
      model,
      configs,
      runbooks: readRunbooks(io.cwd),
      today,
      ...(parsed.positionals.length > 0 ? { only: parsed.positionals } : {}),
    });
    const text =
      format === "table"
        ? renderTable(report)
        : `${JSON.stringify(format === "json" ? toJson(report) : toSarif(report, lineFinder(io.cwd)), null, 2)}\n`;
    const output = parsed.values.get("output");
    if (output) writeFileAtomic(resolve(io.cwd, output), redact(text));
    else io.stdout.write(redact(text));
    return summarize(report).ready ? EXIT.ok : EXIT.failure;
  },
};

/**
 * Environments whose synthesized stacks were made from a config other than today's (golive.json, which
 * every golive synth writes); none when the output carries no such record (written by another tool).
 */
function staleEnvironments(dir: string, loaded: ReadonlyMap<string, AppConfig>): string[] {
  const record = readSynthRecord(dir);
  if (record.size === 0) return [];
  return [...loaded].filter(([env, cfg]) => record.get(env) !== configFingerprint(cfg)).map(([env]) => env);
}
