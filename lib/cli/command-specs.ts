import type { FlagSpec } from "./args";

/** What a command accepts, read by its parser and by `golive completion`: one list, nothing to keep in sync. */
export interface CommandSpec {
  /** Words that must come first (`golive release shift ...`). */
  readonly subcommands?: readonly string[];
  readonly flags: FlagSpec;
  /**
   * Flags whose value is one of a fixed list the CLI owns (`--format`), read by the parser (`choice`) and
   * by completion. Lists owned elsewhere (a config enum, the rule ids) are in flag-choices.ts.
   */
  readonly choices?: Readonly<Record<string, readonly string[]>>;
  /** What the command's other arguments are, for completion. @default "environments" */
  readonly operands?: "environments" | "stacks" | "files" | "none";
}

// Kept free of imports (but types) so that `golive completion` reads every command's flags without
// loading a single command module (the AWS and Cloudflare SDKs, cdktf).

/** `golive plan-report`'s flags; `golive plan` takes them too (it ends with the same report). */
const PLAN_REPORT_FLAGS = {
  values: ["format", "synth-dir", "output", "full-report", "details-url", "commit", "run-url", "risk-rules", "digest"],
  booleans: ["json", "fail-on-risk", "updates-only", "release-only"],
  repeatable: ["failed-step"],
} as const;

/** The report's formats: a pull-request comment or JSON (plan takes them too). */
const PLAN_REPORT_CHOICES = { format: ["markdown", "json"] } as const;

/** `--format` of a command that prints text for people or JSON for machines. */
const TEXT_OR_JSON = { format: ["text", "json"] } as const;

/** Flags and subcommands of every command, by command name. */
export const COMMAND_SPECS = {
  synth: { flags: { values: ["config-dir", "output"], booleans: ["json", "record-protected"] } },
  stacks: {
    flags: {
      values: ["dir", "config-dir", "applied-by"],
      repeatable: ["exclude"],
      booleans: ["json", "state-in-backend", "state-without-secrets"],
    },
  },
  check: {
    flags: {
      values: ["dir", "config-dir", "format", "output", "today", "runbooks-dir", "repo-dir"],
      repeatable: ["skip-rule"],
      booleans: ["json", "compact"],
    },
    choices: { format: ["table", "json", "sarif", "junit"] },
  },
  verify: {
    flags: {
      values: [
        "config-dir",
        "dir",
        "resolver",
        "ca-file",
        "https-port",
        "http-port",
        "timeout-ms",
        "samples",
        "min-cert-days",
        "health-path",
        "p95-bar-ms",
        "format",
        "values",
      ],
      booleans: ["json", "loopback-only", "dry-run"],
    },
    choices: TEXT_OR_JSON,
  },
  zone: { flags: { values: ["dir", "config-dir", "zone", "values", "set"], booleans: ["json"] } },
  secrets: { subcommands: ["put", "list"], flags: { values: ["config-dir", "endpoint"], booleans: ["json"] } },
  release: {
    subcommands: ["status", "start", "shift", "promote", "run", "abort", "rollback"],
    flags: {
      values: [
        "config-dir",
        "format",
        "build",
        "api-base-url",
        "timeout-ms",
        "max-retries",
        "origin-port",
        "ca-file",
        "interval-ms",
        "client-cert",
        "client-key",
      ],
      repeatable: ["origin-address"],
      booleans: ["json", "now", "watch", "dry-run", "no-alarms", "no-origin-probes", "drain", "live"],
    },
    choices: TEXT_OR_JSON,
  },
  preflight: { flags: { values: ["config-dir", "api-base-url", "timeout-ms", "max-retries"], booleans: ["json", "write"] } },
  completion: { subcommands: ["bash", "zsh"], flags: {}, operands: "none" },
  init: {
    flags: {
      values: [
        "domain",
        "app",
        "plan",
        "cloudflare-account-id",
        "aws-account-id",
        "aws-region",
        "release-hostname",
        "github-repository",
        "secrets-writer-role",
        "administrator-role",
        "origin-lockdown",
        "origin-pull-certificate",
        "config-dir",
      ],
      repeatable: ["hostname", "origin", "alert-email"],
      booleans: ["yes"],
    },
  },
  outputs: { flags: { values: ["dir"], booleans: ["json"] }, operands: "stacks" },
  plan: {
    flags: {
      values: [...PLAN_REPORT_FLAGS.values, "plan-dir", "concurrency", "config-dir"],
      booleans: [...PLAN_REPORT_FLAGS.booleans, "detailed-exitcode", "keep-plan-file", "no-lock"],
      repeatable: PLAN_REPORT_FLAGS.repeatable,
    },
    choices: PLAN_REPORT_CHOICES,
    operands: "stacks",
  },
  "plan-report": {
    flags: { ...PLAN_REPORT_FLAGS, values: [...PLAN_REPORT_FLAGS.values, "config-diff"] },
    choices: PLAN_REPORT_CHOICES,
    operands: "files",
  },
  "plan-compare": { flags: { values: ["commit", "synth-dir"], booleans: ["json"], repeatable: ["config-stack"] }, operands: "files" },
} as const satisfies Readonly<Record<string, CommandSpec>>;

/** The spec a command declares here, if any. */
export function specOf(name: string): CommandSpec | undefined {
  return Object.hasOwn(COMMAND_SPECS, name) ? (COMMAND_SPECS as Readonly<Record<string, CommandSpec>>)[name] : undefined;
}
