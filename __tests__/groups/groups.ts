/**
 * The test folders, grouped into two jest files for the full run (scripts/test.sh sets
 * GOLIVE_TEST_GROUPS=1; jest.config.js): one per worker on the two cores. Each jest file pays for
 * loading cdktf, the providers and the config schema, and for its first synth of the examples, once:
 * six group files cost 132 CPU seconds and 73 s, these two 107 and 62 s (2026-12-01, 2,101 tests).
 * The two must take about as long (measured 58.6 s and 61.4 s): a new folder goes in the one that
 * finishes first (`npx jest --json` gives each file's time). Every folder with a suite.test.ts is in
 * exactly one group (checked by __tests__/architecture/test-groups.spec.ts), so none is left out of CI.
 */
export const TEST_GROUPS = {
  "release-access-synth": [
    "release",
    "traffic",
    "verify",
    "preflight",
    "checks",
    "iam",
    "secrets",
    "state",
    "synth",
    "config",
    "init",
    "outputs",
    "architecture",
    "domain",
    "platform",
  ],
  "plan-commands-edge": ["plan", "scan", "cli", "hostile", "docs", "runbooks", "edge", "email", "monitoring", "workflows"],
} as const satisfies Readonly<Record<string, readonly string[]>>;

export type TestGroup = keyof typeof TEST_GROUPS;
