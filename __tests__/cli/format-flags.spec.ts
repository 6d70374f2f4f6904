import { cpSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "../../lib/cli/args";
import { COMMAND_SPECS } from "../../lib/cli/command-specs";
import { golive, tempDir } from "../helpers/cli";
import { failureJson } from "./failure-json";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { snapshot } from "../helpers/tree-snapshot";

/**
 * `--json` is `--format json`: given with another format, one of the two would be dropped silently
 * (check printed JSON for `--format sarif --json`), so the pair is a usage error before any work.
 */
describe("--json with another --format is a usage error", () => {
  const dir = tempDir("golive-format-flags-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  const before = snapshot(dir);

  test("fails on check --format sarif --json: exit 2 naming both flags in one line, then see --help; nothing written", async () => {
    const run = await golive(["check", "production", "--format", "sarif", "--json"], { cwd: dir });
    expect(run).toEqual({
      code: 2,
      // --json was given: the failure object (lib/cli/json-failure.ts), no report.
      stdout: failureJson(run),
      stderr: 'golive check: --json and --format "sarif" conflict (--json is --format json): give one of them\nsee: golive check --help\n',
    });
    expect(snapshot(dir)).toEqual(before);
  });

  test.each([
    [["check", "--json", "--format", "sarif"], "sarif"],
    [["check", "--json", "--format=junit"], "junit"],
    [["check", "--format", "table", "--json", "--compact"], "table"],
    [["verify", "production", "--format", "text", "--json"], "text"],
    [["release", "status", "production", "--json", "--format", "text"], "text"],
    [["plan-report", "plans", "--format", "markdown", "--json"], "markdown"],
    [["plan", "--json", "--format", "markdown"], "markdown"],
  ])("fails on golive %j: exit 2 naming the conflict", async (args, format) => {
    const run = await golive(args, { cwd: dir });
    expect({ code: run.code, stderr: run.stderr }).toEqual({
      code: 2,
      stderr: `golive ${args[0]}: --json and --format "${format}" conflict (--json is --format json): give one of them\nsee: golive ${args[0]} --help\n`,
    });
    expect(snapshot(dir)).toEqual(before);
  });

  test("both saying json is no conflict; either alone is taken as before", () => {
    for (const args of [["--json", "--format", "json"], ["--format=json", "--json"], ["--json"], ["--format", "sarif"]]) {
      const parsed = parseArgs(args, COMMAND_SPECS.check.flags);
      expect({ args, json: parsed.booleans.has("json"), format: parsed.values.get("format") }).toEqual({
        args,
        json: args.includes("--json"),
        format: args.find((a) => a === "json" || a === "sarif" || a === "--format=json")?.replace("--format=", ""),
      });
    }
  });

  test("a command with --json and no --format takes --json alone", () => {
    expect(parseArgs(["--json"], COMMAND_SPECS.synth.flags).booleans.has("json")).toBe(true);
  });
});
