/**
 * The test folders, grouped into two jest files for the full run (scripts/test.sh sets
 * GOLIVE_TEST_GROUPS=1; jest.config.js): one per worker on the two cores. Each jest file pays for
 * loading cdktf, the providers and the config schema, and for its first synth of the examples, once:
 * six group files cost 132 CPU seconds and 73 s, two 107 and 62 s (2026-12-01, 2,101 tests). Three
 * files on three workers, to fill the waits on child processes, were no faster (75 s and 75 s).
 * The two must take about as long: a new folder goes in the one that finishes first (jest prints each
 * file's time). Every folder with a suite.test.ts is in exactly one group (checked by
 * __tests__/architecture/test-groups.spec.ts), so none is left out of CI.
 */
export const TEST_GROUPS = {
  "deploy-and-readiness": [
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
  "review-and-commands": ["plan", "scan", "cli", "hostile", "docs", "runbooks", "edge", "email", "monitoring", "workflows"],
} as const satisfies Readonly<Record<string, readonly string[]>>;

export type TestGroup = keyof typeof TEST_GROUPS;
