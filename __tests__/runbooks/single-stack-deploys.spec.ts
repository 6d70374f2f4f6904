import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformStack } from "cdktf";
import { loadEnvironments } from "../../lib/engines/config/load";
import { buildApp } from "../../lib/engines/synth/synthesize";
import { cloudWatchAlarmSource } from "../../lib/features/release/cloudwatch-alarms";
import { EXAMPLE_CONFIG_DIR, exampleConfig } from "../helpers/example-config";
import { type DeployCommand, deployCommands, kindOf, runbookTexts } from "./deploy-commands";

// The audit: `npx cdktf deploy monitoring-production` alone stops at cdktf's "The following dependencies
// are not included in the stacks to run ... add the --ignore-missing-stack-dependencies flag"
// (@cdktf/cli-core src/lib/helpers/stack-helpers.ts); deploy.md said so, other runbooks did not.

const IGNORE = "--ignore-missing-stack-dependencies";

/** Stack kind -> the kinds it depends on, as the example app declares them (TerraformStack.dependencies). */
function dependencyKinds(): Map<string, string[]> {
  const outdir = mkdtempSync(join(tmpdir(), "golive-deploy-deps-"));
  try {
    const { app } = buildApp(loadEnvironments(EXAMPLE_CONFIG_DIR), outdir);
    const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
    return new Map(stacks.map((s) => [kindOf(s.node.id), s.dependencies.map((d) => kindOf(d.node.id))]));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const deps = dependencyKinds();

/** A command cdktf refuses: a dependency of one of its stacks is neither in it nor ignored. */
function refused(c: DeployCommand): boolean {
  if (c.stacks.length === 0 || c.flags.includes(IGNORE)) return false;
  const kinds = new Set(c.stacks.map(kindOf));
  return c.stacks.some((s) => (deps.get(kindOf(s)) ?? []).some((d) => !kinds.has(d)));
}

const where = (file: string) => (c: DeployCommand) => `${file}:${c.line}: ${c.text.trim()}`;

describe("every cdktf deploy of a stack without its dependencies passes --ignore-missing-stack-dependencies", () => {
  test("the example's stacks have dependencies (bootstrap none), so the check bites", () => {
    expect(deps.get("bootstrap")).toEqual([]);
    expect(deps.get("monitoring")?.length).toBeGreaterThan(0);
  });

  test("fails a planted command without the flag, not one with it or one with all its dependencies", () => {
    const planted = [
      "npx cdktf deploy monitoring-production",
      `\`npx cdktf deploy edge-production ${IGNORE}\``,
      "npx cdktf deploy bootstrap-production",
      "(npx cdktf deploy traffic-<env>), or",
    ].join("\n");
    expect(
      deployCommands(planted)
        .filter(refused)
        .map((c) => c.line),
    ).toEqual([1, 4]);
  });

  test.each(runbookTexts())("$file", ({ file, text }) => {
    expect(deployCommands(text).filter(refused).map(where(file))).toEqual([]);
  });

  test("the hint release promote --watch prints when no alarm matches", () => {
    const hint = cloudWatchAlarmSource(exampleConfig(), { timeoutMs: 1000 }).missingHint ?? "";
    const commands = deployCommands(hint);
    expect(commands.map((c) => c.stacks)).toEqual([["monitoring-production"]]);
    expect(commands.filter(refused).map(where("missingHint"))).toEqual([]);
  });
});
