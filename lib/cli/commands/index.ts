import { lazyCommand } from "../lazy-command";
import type { Command } from "../types";

// Each entry loads its module only when used (see lazy-command.ts). To add a command: one file
// exporting a `Command`, one line here with the same name and summary.
/** Every CLI command, in the order `golive --help` lists them. */
export const COMMANDS: readonly Command[] = [
  lazyCommand(
    "init",
    "Write a first, commented config/<env>.yaml whose defaults fit your Cloudflare plan (asks, or takes flags)",
    () => (require("./init") as typeof import("./init")).initCommand,
  ),
  lazyCommand(
    "synth",
    "Validate config and synthesize every stack into cdktf.out (as `cdktf synth` does)",
    () => (require("./synth") as typeof import("./synth")).synthCommand,
  ),
  lazyCommand(
    "stacks",
    "List the synthesized stacks in deploy order (what workflows plan and deploy)",
    () => (require("./stacks") as typeof import("./stacks")).stacksCommand,
  ),
  lazyCommand(
    "preflight",
    "Before the first deploy: what already exists in Cloudflare (zone, plan, rulesets, records); --write adopts it",
    () => (require("./preflight") as typeof import("./preflight")).preflightCommand,
  ),
  lazyCommand(
    "check",
    "Launch-readiness scorecard over the synthesized stacks (exit 1 on any blocker)",
    () => (require("./check") as typeof import("./check")).checkCommand,
  ),
  lazyCommand(
    "verify",
    "Probe a deployed environment: TLS, redirects, headers, auth, CORS, email DNS, p95 latency",
    () => (require("./verify") as typeof import("./verify")).verifyCommand,
  ),
  lazyCommand(
    "zone",
    "Print every DNS record of an environment, from the synthesized stacks, as an RFC 1035 zone file",
    () => (require("./zone") as typeof import("./zone")).zoneCommand,
  ),
  lazyCommand(
    "secrets",
    "Write a secret value from a hidden prompt or stdin (never argv), or list the configured secrets",
    () => (require("./secrets") as typeof import("./secrets")).secretsCommand,
  ),
  lazyCommand(
    "release",
    "Blue/green releases: status, start, shift, promote (--watch or run: analysis-gated), abort, rollback (--now: break-glass)",
    () => (require("./release") as typeof import("./release")).releaseCommand,
  ),
  lazyCommand(
    "plan",
    "terraform init/plan/show -json for each synthesized stack, then the plan report",
    () => (require("./plan") as typeof import("./plan")).planCommand,
  ),
  lazyCommand(
    "outputs",
    "A deployed stack's outputs as JSON (terraform init as needed, then terraform output -json)",
    () => (require("./outputs") as typeof import("./outputs")).outputsCommand,
  ),
  lazyCommand(
    "plan-report",
    "Review `terraform show -json` plans: risks first, construct paths, one PR comment",
    () => (require("./plan-report") as typeof import("./plan-report")).planReportCommand,
  ),
  lazyCommand(
    "plan-compare",
    "Check plans against the digest their review recorded: refuse a stack whose plan differs from what was reviewed",
    () => (require("./plan-compare") as typeof import("./plan-compare")).planCompareCommand,
  ),
  lazyCommand(
    "completion",
    "Print a bash or zsh completion script (commands, subcommands, flags)",
    () => (require("./completion") as typeof import("./completion")).completionCommand,
  ),
];
